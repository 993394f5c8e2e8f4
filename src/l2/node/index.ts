/** GhostPlane, the node: the sequencer wrapped by its log, threads, prover, settlement and RPC server. */
export {
  createGhostplane,
  DEFAULT_SEQUENCING,
  type Ghostplane,
  type GhostplaneOptions,
} from "./ghostplane.js";
export { type RebuildResult, rebuildFromL1 } from "./rebuild.js";
export type { SequencedTx } from "./sequencer.js";
