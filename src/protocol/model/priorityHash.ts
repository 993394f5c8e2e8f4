/**
 * The L1 priority queue's running hash (docs/protocol.md §5.2), computed identically by ghostd when it
 * enqueues and by the circuit when a batch consumes:
 *
 *   Q[0] = 0,   Q[k+1] = Poseidon(Q[k], w0, w1, w2, w3)
 *   w0 = type(2) | token(2) | create(1) | account(32) | amount(126)
 *   Deposit:    w1 = l1Address, w2 = ax, w3 = ay   (all 0 for a deposit to an existing account)
 *   ForcedExit: w1 = requester, w2 = w3 = 0;  create = 0, amount = 0
 */

import { packBits } from "../bits/index.js";
import { BALANCE_BITS, INDEX_BITS, OP_TYPE, TOKEN_BITS, TYPE_BITS } from "../constants.js";
import { poseidon } from "../crypto/index.js";
import type { PriorityOp } from "../types.js";

export function priorityOpInputs(op: PriorityOp): [bigint, bigint, bigint, bigint] {
  const create = op.type === "deposit" && op.to === null;
  const account = op.type === "deposit" ? (op.to ?? 0) : op.account;
  const w0 = packBits([
    [BigInt(OP_TYPE[op.type]), TYPE_BITS],
    [BigInt(op.token), TOKEN_BITS],
    [create ? 1n : 0n, 1],
    [BigInt(account), INDEX_BITS],
    [op.type === "deposit" ? op.amount : 0n, BALANCE_BITS],
  ]);
  return op.type === "deposit" ? [w0, op.l1Address, op.ax, op.ay] : [w0, op.requester, 0n, 0n];
}

export const EMPTY_PRIORITY_HASH = 0n;

export function nextPriorityHash(previous: bigint, op: PriorityOp): bigint {
  return poseidon([previous, ...priorityOpInputs(op)]);
}

/** Q[k] for every k of a queue: what ghostd stores so it can check any consumed range. */
export function priorityHashes(queue: readonly PriorityOp[]): bigint[] {
  const out = [EMPTY_PRIORITY_HASH];
  for (const op of queue) out.push(nextPriorityHash(out[out.length - 1]!, op));
  return out;
}
