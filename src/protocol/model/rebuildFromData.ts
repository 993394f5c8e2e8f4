/**
 * Rebuilding the L2 state from L1 alone (docs/protocol.md §6.4): genesis, the L1 priority queue and each
 * batch's published data. Priority records replay the queue's next op through the model and must match
 * what it publishes; L2 records replay the same state change as the signed tx (no signature to check; the
 * nonce is the sender's current one). After each batch the root must equal the published root.
 */
import { decodeDaRecords } from "../da/index.js";
import { GhostError } from "../errors.js";
import type { L2Tx, PriorityOp, PublishedBatch, State } from "../types.js";
import { closeBatch } from "./applyBatch.js";
import { applyL2Tx, applyOp } from "./applyOp.js";
import { getAccount, stateRoot } from "./state.js";

const NO_SIGNATURE = new Uint8Array(64);

function mismatch(message: string, batchNumber: number): GhostError {
  return new GhostError("DA_MISMATCH", message, { details: { batchNumber } });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Applies one published batch to `state`; throws DA_MALFORMED or DA_MISMATCH. */
export function applyPublishedBatch(
  state: State,
  queue: readonly PriorityOp[],
  batch: PublishedBatch,
): State {
  const n = batch.batchNumber;
  if (n !== state.batchNumber + 1) throw mismatch(`batch ${n} after batch ${state.batchNumber}`, n);
  const records = decodeDaRecords(batch.data, state.config.depth);
  if (records.length > state.config.batchSize)
    throw new GhostError("DA_MALFORMED", "more records than the batch size");
  let s = state;
  let seenL2 = false;
  for (const { record, bytes } of records) {
    let result: ReturnType<typeof applyOp>;
    if (record.type === "deposit" || record.type === "forcedExit") {
      if (seenL2)
        throw new GhostError("DA_MALFORMED", "a priority record after an L2 record", { details: { n } });
      const op = queue[s.priorityCount];
      if (op === undefined || op.type !== record.type) throw mismatch("record does not match the queue", n);
      result = applyOp(s, op);
    } else {
      seenL2 = true;
      const nonce = getAccount(s, record.from)?.nonce ?? 0;
      const tx: L2Tx = { ...record, nonce, signature: NO_SIGNATURE };
      result = applyL2Tx(s, tx, { checkSignature: false });
    }
    if (!result.ok) throw mismatch(`op rejected: ${result.code}`, n);
    if (!equalBytes(result.receipt.da, bytes)) throw mismatch("record differs from the replayed op", n);
    s = result.state;
  }
  const closed = closeBatch(s, batch.feeAccount);
  if ("ok" in closed) throw mismatch(`batch rejected: ${closed.code}`, n);
  if (stateRoot(closed) !== batch.newRoot) throw mismatch("root differs from the published root", n);
  return { ...closed, batchNumber: n };
}

/** The state after every published batch, starting from `genesis`. */
export function rebuildFromData(
  genesis: State,
  priorityOps: readonly PriorityOp[],
  batches: readonly PublishedBatch[],
): State {
  return batches.reduce((s, b) => applyPublishedBatch(s, priorityOps, b), genesis);
}
