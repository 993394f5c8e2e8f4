/**
 * The exodus trigger (docs/l1.md §4.2): before a block's transactions, if the oldest unconsumed queue entry's
 * deadline is below the block's timestamp, the rollup enters exodus for ever. Time is block time only.
 */
import type { ChainState } from "../state/index.js";
import type { RollupEvent } from "./types.js";

/** Returns the exodusEntered event when this block starts exodus. */
export function checkDeadlines(
  state: ChainState,
  height: number,
  timestamp: number,
): RollupEvent | undefined {
  const r = state.rollup();
  if (r.exodus) return undefined;
  const oldest = state.queueEntry(r.consumed);
  if (oldest === undefined || oldest.deadline >= timestamp) return undefined;
  state.putRollup({ ...r, exodus: true });
  return { type: "exodusEntered", block: height, queueIndex: r.consumed };
}
