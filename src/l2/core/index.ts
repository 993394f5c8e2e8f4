/** The sequencer's pure parts: its records, the future-nonce queues and the backlog estimate. */
export { INITIAL_PROVING_MS, ProvingEstimate } from "./backlog.js";
export { type NonceQueueLimits, NonceQueues } from "./nonceQueues.js";
export {
  type BatchRecord,
  type BatchStage,
  batchStage,
  GENESIS_HEADS,
  type Heads,
  type TxRecord,
  type WalEntry,
} from "./records.js";
