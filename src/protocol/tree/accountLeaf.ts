/**
 * The account leaf hash (docs/protocol.md §3.1): one Poseidon of 5 inputs.
 *
 *   leaf = Poseidon(ax, ay, l1Address + nonce·2^160, GCC + SPIRIT·2^126, MANA + GHOST·2^126)
 *
 * Two 126-bit balances fill 252 bits and the address with the nonce 192, so every input stays below p.
 * An empty leaf is 0 (no Poseidon preimage is known to give 0).
 */

import { packBits } from "../bits/index.js";
import { BALANCE_BITS, L1_ADDRESS_BITS, NONCE_BITS } from "../constants.js";
import { poseidon } from "../crypto/index.js";
import type { Account } from "../types.js";

export const EMPTY_LEAF = 0n;

/** The five Poseidon inputs of a leaf, exposed for vectors and for witness builders. */
export function accountLeafInputs(a: Account): [bigint, bigint, bigint, bigint, bigint] {
  const [gcc, spirit, mana, ghost] = a.balances;
  return [
    a.ax,
    a.ay,
    packBits([
      [a.l1Address, L1_ADDRESS_BITS],
      [BigInt(a.nonce), NONCE_BITS],
    ]),
    packBits([
      [gcc, BALANCE_BITS],
      [spirit, BALANCE_BITS],
    ]),
    packBits([
      [mana, BALANCE_BITS],
      [ghost, BALANCE_BITS],
    ]),
  ];
}

export function accountLeaf(a: Account): bigint {
  return poseidon(accountLeafInputs(a));
}
