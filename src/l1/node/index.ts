/** ghostd, the node: the pure core of src/l1 with storage, mempool, block production, time and RPC around it. */

export type { BlockMode, BlockProducer } from "./blockProducer.js";
export type { Clock } from "./clock.js";
export { createGhostd, type Ghostd, type GhostdOptions } from "./ghostd.js";
