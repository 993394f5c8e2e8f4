/**
 * CommitBatch (docs/l1.md §4.3): the checks in the spec's order, the first failure giving the receipt's
 * code, then the effects. The public-input hash is recomputed here from ghostd's own state and the posted
 * bytes (P§8), never taken from the proof, so a proof binds exactly the published data.
 */
import {
  type DaRecord,
  dataHashOfRecords,
  decodeBatchData,
  GhostError,
  isPriorityRecord,
  publicInputHash,
} from "../../protocol/index.js";
import type { ChainState, QueueEntry } from "../state/index.js";
import type { CommitBatchTx } from "../tx/index.js";
import { payRecords } from "./payouts.js";
import { priorityHashAt } from "./queue.js";
import type { RollupContext } from "./types.js";

/** The new status of a consumed entry, from its record (§4.3). */
function consumedStatus(record: DaRecord): QueueEntry["status"] {
  return record.type === "deposit" && !record.applied ? "refundable" : "processed";
}

export async function commitBatch(state: ChainState, tx: CommitBatchTx, ctx: RollupContext): Promise<void> {
  const { params } = ctx;
  const r = state.rollup();
  if (r.exodus) throw new GhostError("ROLLUP_EXODUS");
  if (tx.from !== params.sequencer) throw new GhostError("ROLLUP_NOT_SEQUENCER");
  if (r.bond < params.minBond)
    throw new GhostError("ROLLUP_UNBONDED", `bond ${r.bond} is below ${params.minBond}`);
  if (tx.batchNumber !== r.lastBatch + 1) {
    throw new GhostError("BATCH_WRONG_NUMBER", `expected batch ${r.lastBatch + 1}, got ${tx.batchNumber}`);
  }
  const records = decodeBatchData(tx.data, params.depth, params.batchSize);
  const priority = records.filter(({ record }) => isPriorityRecord(record));
  const n = priority.length;
  if (r.consumed + n > r.queueLength) {
    throw new GhostError(
      "BATCH_PRIORITY_UNAVAILABLE",
      `${n} priority records, ${r.queueLength - r.consumed} queued`,
    );
  }
  const entries = priority.map(({ record }, i) => {
    const entry = state.queueEntry(r.consumed + i)!;
    if (entry.op.type !== record.type) {
      throw new GhostError(
        "DA_MISMATCH",
        `record ${i} is a ${record.type}, queue entry ${r.consumed + i} a ${entry.op.type}`,
      );
    }
    return entry;
  });
  const hash = publicInputHash({
    chainId: params.chainId,
    batchNumber: tx.batchNumber,
    feeAccount: tx.feeAccount,
    oldRoot: r.lastRoot,
    newRoot: tx.newRoot,
    oldPriorityHash: priorityHashAt(state, r.consumed),
    newPriorityHash: priorityHashAt(state, r.consumed + n),
    dataHash: dataHashOfRecords(
      records.map((x) => x.bytes),
      params.batchSize,
    ),
  });
  let valid = false;
  try {
    valid = await ctx.verifyProof(hash, tx.proof);
  } catch {
    valid = false; // a malformed proof is an invalid proof (§4.3 step 7)
  }
  if (!valid) throw new GhostError("PROOF_INVALID");

  // Effects.
  state.putBatch(tx.batchNumber, {
    newRoot: tx.newRoot,
    feeAccount: tx.feeAccount,
    firstQueue: r.consumed,
    priorityOps: n,
    block: ctx.height,
    proof: tx.proof,
    data: tx.data,
  });
  priority.forEach(({ record }, i) => {
    const k = r.consumed + i;
    const entry = entries[i]!;
    state.putQueueEntry(k, { ...entry, status: consumedStatus(record) });
    if (record.type === "deposit" && record.applied && entry.op.type === "deposit" && entry.op.to === null) {
      state.putOwner(record.account, entry.depositor);
    }
  });
  state.putRollup({ ...r, lastBatch: tx.batchNumber, lastRoot: tx.newRoot, consumed: r.consumed + n });
  payRecords(
    state,
    records.map((x) => x.record),
    ctx,
  );
  ctx.emit({
    type: "batchSettled",
    batchNumber: tx.batchNumber,
    newRoot: tx.newRoot,
    block: ctx.height,
    firstQueue: r.consumed,
    priorityOps: n,
  });
}
