/**
 * Payouts from the escrow (docs/l1.md §4.3): a settled batch's Withdraw records pay the owner of `from`,
 * its applied ForcedExit records the owner of `account`. Owners are known from genesis and creating
 * deposits; a proven batch never names an account without one.
 */
import { type DaRecord, GhostError, type TokenId } from "../../protocol/index.js";
import { type ChainState, credit, moveEscrow } from "../state/index.js";
import type { RollupContext } from "./types.js";

/** Moves `amount` of `token` from escrow to `to`. */
export function payFromEscrow(state: ChainState, to: bigint, token: TokenId, amount: bigint): void {
  moveEscrow(state, token, -amount);
  credit(state, to, token, amount);
}

/** The payout a record asks for, if any. */
function payoutOf(record: DaRecord): { account: number; token: TokenId; amount: bigint } | undefined {
  if (record.type === "withdraw") return { account: record.from, token: record.token, amount: record.amount };
  if (record.type === "forcedExit" && record.applied) {
    return { account: record.account, token: record.token, amount: record.amount };
  }
  return undefined;
}

export function payRecords(state: ChainState, records: readonly DaRecord[], ctx: RollupContext): void {
  for (const record of records) {
    const p = payoutOf(record);
    if (p === undefined || p.amount === 0n) continue;
    const owner = state.owner(p.account);
    if (owner === undefined)
      throw new GhostError("DA_MISMATCH", `L2 account ${p.account} has no known owner`);
    payFromEscrow(state, owner, p.token, p.amount);
    ctx.emit({ type: "withdrawalPaid", source: "batch", to: owner, ...p });
  }
}
