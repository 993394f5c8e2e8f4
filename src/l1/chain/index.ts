/**
 * The L1 state transition (docs/l1.md §3.3, §5): one transaction, one block, the header and its roots.
 * Pure over a ChainState; proof verification is injected.
 */
export { applyBlock, type BlockContext, type BlockInput, type BlockResult } from "./applyBlock.js";
export { applyTx } from "./applyTx.js";
export {
  BLOCK_TAG,
  blockHash,
  decodeHeader,
  encodeHeader,
  receiptBytes,
  receiptRoot,
  txRoot,
} from "./blockHeader.js";
export { invalidBlock } from "./invalidBlock.js";
export { proofVerifier } from "./proofVerifier.js";
export type { BlockHeader, ChainDeps, ChainParams, L1Event, Receipt, TxContext } from "./types.js";
