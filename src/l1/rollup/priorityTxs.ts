/**
 * Deposit and ForcedExit (docs/l1.md §3.4): the enqueue-time checks P§5.2 and P§7.1 make ghostd responsible
 * for, in the spec's order, then the escrow payment and the queue entry. The circuit's soundness rests on
 * these checks: a queue entry that would fail them could alias another's packed words.
 */
import { BALANCE_BITS, type Deposit, GhostError, isValidPublicKey } from "../../protocol/index.js";
import { type ChainState, debit, moveEscrow } from "../state/index.js";
import type { DepositTx, ForcedExitTx } from "../tx/index.js";
import { enqueue } from "./queue.js";
import type { RollupContext } from "./types.js";

function notInExodus(state: ChainState): void {
  if (state.rollup().exodus) throw new GhostError("ROLLUP_EXODUS");
}

export function deposit(state: ChainState, tx: DepositTx, ctx: RollupContext): void {
  notInExodus(state);
  if (tx.amount >> BigInt(BALANCE_BITS) !== 0n) {
    throw new GhostError("TX_AMOUNT_RANGE", `"amount" expected integer below 2^${BALANCE_BITS}`);
  }
  if (tx.to === null && !isValidPublicKey({ ax: tx.ax, ay: tx.ay })) {
    throw new GhostError("TX_BAD_PUBKEY", "the new account's key is not a prime-order Baby Jubjub point");
  }
  debit(state, tx.from, tx.token, tx.amount);
  moveEscrow(state, tx.token, tx.amount);
  const op: Deposit =
    tx.to === null
      ? {
          type: "deposit",
          to: null,
          token: tx.token,
          amount: tx.amount,
          ax: tx.ax,
          ay: tx.ay,
          l1Address: tx.from,
        }
      : { type: "deposit", to: tx.to, token: tx.token, amount: tx.amount, ax: 0n, ay: 0n, l1Address: 0n };
  enqueue(state, op, tx.from, ctx);
}

export function forcedExit(state: ChainState, tx: ForcedExitTx, ctx: RollupContext): void {
  notInExodus(state);
  enqueue(
    state,
    { type: "forcedExit", account: tx.account, token: tx.token, requester: tx.from },
    tx.from,
    ctx,
  );
}
