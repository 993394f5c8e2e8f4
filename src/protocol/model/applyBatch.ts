/**
 * A whole batch (docs/protocol.md §7.3): checks its header, applies the next `priorityOps` queue entries
 * in queue order, then its L2 txs, pads with Noops, credits the collected fees to the fee account, and
 * computes its published data and public-input hash. Any rejected op rejects the whole batch.
 */
import { BALANCE_BITS, BATCH_NUMBER_BITS, FEE_TOKEN } from "../constants.js";
import { dataHashOfRecords } from "../da/index.js";
import type { ErrorCode } from "../errors.js";
import type { Batch, PriorityOp, PublishedBatch, Receipt, State } from "../types.js";
import { applyOp } from "./applyOp.js";
import { isUint } from "./checks.js";
import { publicInputHash } from "./publicInputHash.js";
import { getAccount, putAccount, stateRoot } from "./state.js";

export interface BatchOutput {
  readonly ok: true;
  readonly state: State;
  readonly receipts: readonly Receipt[];
  readonly published: PublishedBatch;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly oldPriorityHash: bigint;
  readonly newPriorityHash: bigint;
  readonly dataHash: bigint;
  readonly publicInputHash: bigint;
}

export interface BatchRejection {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
  /** Position of the rejected op in the batch (priority ops first), if an op was rejected. */
  readonly opIndex?: number;
}

function rejectBatch(code: ErrorCode, message: string, opIndex?: number): BatchRejection {
  return opIndex === undefined ? { ok: false, code, message } : { ok: false, code, message, opIndex };
}

/**
 * Ends a batch: the fee account must exist, and receives the fees collected by the batch's txs.
 * Shared by applyBatch and rebuildFromData.
 */
export function closeBatch(state: State, feeAccount: number): State | BatchRejection {
  const account = getAccount(state, feeAccount);
  if (account === undefined) return rejectBatch("BATCH_UNKNOWN_FEE_ACCOUNT", `no account ${feeAccount}`);
  const credited = account.balances[FEE_TOKEN] + state.pendingFees;
  if (credited >= 1n << BigInt(BALANCE_BITS))
    return rejectBatch("BATCH_FEE_OVERFLOW", "fee account overflow");
  const balances: [bigint, bigint, bigint, bigint] = [...account.balances];
  balances[FEE_TOKEN] = credited;
  return { ...putAccount(state, feeAccount, { ...account, balances }), pendingFees: 0n };
}

export function applyBatch(
  state: State,
  batch: Batch,
  queue: readonly PriorityOp[],
): BatchOutput | BatchRejection {
  const { chainId, batchSize } = state.config;
  if (batch.chainId !== chainId)
    return rejectBatch("BATCH_WRONG_CHAIN", `chain ${batch.chainId}, expected ${chainId}`);
  if (batch.batchNumber !== state.batchNumber + 1 || !isUint(batch.batchNumber, BATCH_NUMBER_BITS)) {
    return rejectBatch("BATCH_WRONG_NUMBER", `batch ${batch.batchNumber}, expected ${state.batchNumber + 1}`);
  }
  if (!isUint(batch.feeAccount, 32) || !isUint(batch.priorityOps, 32)) {
    return rejectBatch("TX_MALFORMED", '"feeAccount" and "priorityOps" expected integers below 2^32');
  }
  if (batch.priorityOps + batch.txs.length > batchSize) {
    return rejectBatch("BATCH_FULL", `${batch.priorityOps + batch.txs.length} ops, batch size ${batchSize}`);
  }
  if (state.priorityCount + batch.priorityOps > queue.length) {
    return rejectBatch(
      "BATCH_PRIORITY_UNAVAILABLE",
      `queue holds ${queue.length - state.priorityCount} unconsumed ops`,
    );
  }
  const ops = [...queue.slice(state.priorityCount, state.priorityCount + batch.priorityOps), ...batch.txs];
  let s = state;
  const receipts: Receipt[] = [];
  for (const [i, op] of ops.entries()) {
    if (i >= batch.priorityOps && op.type !== "transfer" && op.type !== "withdraw") {
      return rejectBatch("TX_MALFORMED", "a batch's txs are transfers and withdrawals only", i);
    }
    const r = applyOp(s, op);
    if (!r.ok) return rejectBatch(r.code, r.message, i);
    s = r.state;
    receipts.push(r.receipt);
  }
  const closed = closeBatch(s, batch.feeAccount);
  if ("ok" in closed) return closed;
  const records = receipts.map((r) => r.da);
  const data = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  records.reduce((offset, r) => {
    data.set(r, offset);
    return offset + r.length;
  }, 0);
  const dataHash = dataHashOfRecords(records, batchSize);
  const oldRoot = stateRoot(state);
  const newRoot = stateRoot(closed);
  const next: State = { ...closed, batchNumber: batch.batchNumber };
  return {
    ok: true,
    state: next,
    receipts,
    published: { batchNumber: batch.batchNumber, feeAccount: batch.feeAccount, newRoot, data },
    oldRoot,
    newRoot,
    oldPriorityHash: state.priorityHash,
    newPriorityHash: closed.priorityHash,
    dataHash,
    publicInputHash: publicInputHash({
      chainId,
      batchNumber: batch.batchNumber,
      feeAccount: batch.feeAccount,
      oldRoot,
      newRoot,
      oldPriorityHash: state.priorityHash,
      newPriorityHash: closed.priorityHash,
      dataHash,
    }),
  };
}
