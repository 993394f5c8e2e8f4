/**
 * The sequencer's bond (docs/l1.md §3.4): Bond moves SPIRIT from its balance to the bond; Unbond moves it to
 * a pending release at `now + unbondDelaySeconds`, paid back by the first block at or after that time.
 */
import { GhostError, TOKENS } from "../../protocol/index.js";
import { type ChainState, credit, debit } from "../state/index.js";
import type { BondTx, UnbondTx } from "../tx/index.js";
import type { RollupContext, RollupEvent, RollupParams } from "./types.js";

function onlySequencer(from: bigint, params: RollupParams): void {
  if (from !== params.sequencer) throw new GhostError("ROLLUP_NOT_SEQUENCER");
}

export function bond(state: ChainState, tx: BondTx, ctx: RollupContext): void {
  onlySequencer(tx.from, ctx.params);
  debit(state, tx.from, TOKENS.SPIRIT, tx.amount);
  const r = state.rollup();
  state.putRollup({ ...r, bond: r.bond + tx.amount });
  ctx.emit({ type: "bonded", amount: tx.amount });
}

export function unbond(state: ChainState, tx: UnbondTx, ctx: RollupContext): void {
  onlySequencer(tx.from, ctx.params);
  const r = state.rollup();
  if (tx.amount > r.bond)
    throw new GhostError("ROLLUP_BOND_INSUFFICIENT", `the bond is ${r.bond}, below ${tx.amount}`);
  state.putRollup({ ...r, bond: r.bond - tx.amount });
  const releaseAt = ctx.timestamp + ctx.params.unbondDelaySeconds * 1000;
  state.addUnbond(releaseAt, tx.amount);
  ctx.emit({ type: "unbonding", amount: tx.amount, releaseAt });
}

/** Pays out every pending unbond with `releaseAt ≤ timestamp` to the sequencer; run before a block's txs. */
export function releaseDueUnbonds(state: ChainState, params: RollupParams, timestamp: number): RollupEvent[] {
  const events: RollupEvent[] = [];
  for (const u of state.unbonds()) {
    if (u.releaseAt > timestamp) break;
    state.deleteUnbond(u);
    credit(state, params.sequencer, TOKENS.SPIRIT, u.amount);
    events.push({ type: "unbondReleased", amount: u.amount, releaseAt: u.releaseAt });
  }
  return events;
}

/** SPIRIT waiting in pending unbonds (part of the conservation sum, §4.6). */
export function unbondingTotal(state: ChainState): bigint {
  return state.unbonds().reduce((a, u) => a + u.amount, 0n);
}
