/**
 * Moving tokens between L1 accounts and the rollup's escrow (docs/l1.md §3.4, §4.6): every debit checks the
 * balance (L1_INSUFFICIENT_BALANCE), and credits cannot overflow 128 bits because genesis keeps each
 * token's whole supply below 2^128.
 */
import { GhostError, type TokenId } from "../../protocol/index.js";
import type { ChainState } from "./chainState.js";
import type { Balances4 } from "./entries.js";

function withBalance(b: Balances4, token: TokenId, value: bigint): Balances4 {
  const out: [bigint, bigint, bigint, bigint] = [...b];
  out[token] = value;
  return out;
}

export function debit(state: ChainState, address: bigint, token: TokenId, amount: bigint): void {
  const a = state.account(address);
  if (a.balances[token] < amount) {
    throw new GhostError("L1_INSUFFICIENT_BALANCE", `balance of token ${token} is below ${amount}`);
  }
  state.putAccount(address, { ...a, balances: withBalance(a.balances, token, a.balances[token] - amount) });
}

export function credit(state: ChainState, address: bigint, token: TokenId, amount: bigint): void {
  const a = state.account(address);
  state.putAccount(address, { ...a, balances: withBalance(a.balances, token, a.balances[token] + amount) });
}

/** Adds `delta` (possibly negative) to the escrow of `token`; never below zero. */
export function moveEscrow(state: ChainState, token: TokenId, delta: bigint): void {
  const r = state.rollup();
  const next = r.escrow[token] + delta;
  if (next < 0n) throw new GhostError("DA_MISMATCH", `escrow of token ${token} would go below zero`);
  state.putRollup({ ...r, escrow: withBalance(r.escrow, token, next) });
}
