/**
 * The priority queue (docs/l1.md §4.2, P§5.2): entry k is stored with its deadline, its depositor and the
 * running hash Q[k+1] = Poseidon(Q[k], w0…w3), computed by the model's own nextPriorityHash so ghostd and
 * the circuit cannot disagree.
 */
import { EMPTY_PRIORITY_HASH, nextPriorityHash, type PriorityOp } from "../../protocol/index.js";
import type { ChainState, QueueEntry } from "../state/index.js";
import type { RollupContext } from "./types.js";

/** Q[k]: the running hash before entry k (0 for k = 0). */
export function priorityHashAt(state: ChainState, k: number): bigint {
  if (k === 0) return EMPTY_PRIORITY_HASH;
  const e = state.queueEntry(k - 1);
  if (e === undefined) throw new RangeError(`no queue entry ${k - 1}`);
  return e.hash;
}

/** Appends `op` (already checked by its transaction's rules); returns its position. */
export function enqueue(state: ChainState, op: PriorityOp, depositor: bigint, ctx: RollupContext): number {
  const r = state.rollup();
  const k = r.queueLength;
  const entry: QueueEntry = {
    status: "queued",
    deadline: ctx.timestamp + ctx.params.priorityDeadlineSeconds * 1000,
    depositor,
    hash: nextPriorityHash(priorityHashAt(state, k), op),
    op,
  };
  state.putQueueEntry(k, entry);
  state.putRollup({ ...r, queueLength: k + 1 });
  if (op.type === "deposit")
    ctx.emit({ type: "depositQueued", queueIndex: k, depositor, op, deadline: entry.deadline });
  else
    ctx.emit({ type: "forcedExitQueued", queueIndex: k, requester: depositor, op, deadline: entry.deadline });
  return k;
}
