/** ghostd, the node: the pure core of src/l1 with storage, mempool, block production, time and RPC around it. */

export type { Clock } from "./clock.js";
export { type BlockMode, createGhostd, type Ghostd, type GhostdOptions } from "./ghostd.js";
