/**
 * The rollup module of ghostd (docs/l1.md §4): the priority queue and its deadlines, batch settlement,
 * payouts, exodus withdrawals, refunds and the sequencer's bond. Each rule throws a GhostError with its
 * code; the caller runs it on a checkpoint and reverts on failure.
 */
export { bond, releaseDueUnbonds, unbond, unbondingTotal } from "./bond.js";
export { commitBatch } from "./commitBatch.js";
export { checkDeadlines } from "./deadlines.js";
export { exodusWithdraw } from "./exodusWithdraw.js";
export { payFromEscrow } from "./payouts.js";
export { deposit, forcedExit } from "./priorityTxs.js";
export { enqueue, priorityHashAt } from "./queue.js";
export { refund } from "./refund.js";
export type { RollupContext, RollupEvent, RollupParams, VerifyProof } from "./types.js";
