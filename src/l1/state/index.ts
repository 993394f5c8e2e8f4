/**
 * The L1 chain state (docs/l1.md §5.1): byte entries in memory with checkpoints, the changes since a mark
 * as DBOps for one LevelDB batch, the incremental bucketed root, and typed accessors for each entry kind.
 */

export { credit, debit, moveEscrow } from "./balances.js";
export { BUCKETS, bucketOf, entryLeaf } from "./bucketRoot.js";
export { ChainState } from "./chainState.js";
export {
  accountCodec,
  addressCodec,
  amountCodec,
  type Balances4,
  type BatchRecord,
  batchCodec,
  EMPTY_ACCOUNT,
  KEY_PREFIX,
  keys,
  type L1Account,
  QUEUE_STATUS,
  type QueueEntry,
  type QueueStatus,
  queueCodec,
  type RollupRecord,
  rollupCodec,
  type Unbond,
} from "./entries.js";
export { type DBOp, KvState } from "./kvState.js";
