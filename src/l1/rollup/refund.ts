/**
 * Refund (docs/l1.md §4.5): a depositor takes back a Deposit that L2 turned down (its record said
 * applied = 0), or one still queued when exodus began. Checked in the spec's order: the entry is the
 * sender's Deposit, not yet refunded, and refundable now.
 */
import { GhostError } from "../../protocol/index.js";
import type { ChainState } from "../state/index.js";
import type { RefundTx } from "../tx/index.js";
import { payFromEscrow } from "./payouts.js";
import type { RollupContext } from "./types.js";

export function refund(state: ChainState, tx: RefundTx, ctx: RollupContext): void {
  const r = state.rollup();
  const k = tx.queueIndex < BigInt(r.queueLength) ? Number(tx.queueIndex) : -1;
  const entry = k < 0 ? undefined : state.queueEntry(k);
  if (entry === undefined || entry.op.type !== "deposit" || entry.depositor !== tx.from) {
    throw new GhostError(
      "ROLLUP_NOT_REFUNDABLE",
      `queue entry ${tx.queueIndex} is not a deposit of the sender`,
    );
  }
  if (entry.status === "refunded") throw new GhostError("ROLLUP_ALREADY_REFUNDED");
  const now = entry.status === "refundable" || (entry.status === "queued" && r.exodus);
  if (!now) throw new GhostError("ROLLUP_NOT_REFUNDABLE", `queue entry ${k} is ${entry.status}`);
  state.putQueueEntry(k, { ...entry, status: "refunded" });
  payFromEscrow(state, tx.from, entry.op.token, entry.op.amount);
  ctx.emit({ type: "refund", queueIndex: k, to: tx.from, token: entry.op.token, amount: entry.op.amount });
}
