/**
 * The message an L2 tx's EdDSA-Poseidon signature signs, and the tx hash (docs/protocol.md §4.2).
 *
 *   packed = type(2) | chainId(32) | from(32) | to(32) | token(2) | amount float36 | fee float16 | nonce(32)
 *   msg    = Poseidon(TX_DOMAIN, packed)
 *
 * All fields fit one 184-bit element, so the message costs a single Poseidon(2) in engine and circuit.
 * Withdraw packs to = 0; its type id keeps it distinct from a transfer to account 0.
 */

import { encodeFloat, packBits } from "../bits/index.js";
import {
  AMOUNT_FLOAT,
  CHAIN_ID_BITS,
  FEE_FLOAT,
  INDEX_BITS,
  NONCE_BITS,
  OP_TYPE,
  TOKEN_BITS,
  TX_DOMAIN,
  TYPE_BITS,
} from "../constants.js";
import { poseidon } from "../crypto/index.js";
import { GhostError } from "../errors.js";
import type { Transfer, Withdraw } from "../types.js";

/** A tx before it is signed: what the message commits to. */
export type UnsignedTx = Omit<Transfer, "signature"> | Omit<Withdraw, "signature">;

/** The canonical float36 encoding of an amount; throws TX_AMOUNT_NOT_REPRESENTABLE if none. */
export function amountFloat(amount: bigint): bigint {
  const f = encodeFloat(amount, AMOUNT_FLOAT);
  if (f === undefined)
    throw new GhostError("TX_AMOUNT_NOT_REPRESENTABLE", undefined, { details: { amount } });
  return f;
}

/** The canonical float16 encoding of a fee; throws TX_FEE_NOT_REPRESENTABLE if none. */
export function feeFloat(fee: bigint): bigint {
  const f = encodeFloat(fee, FEE_FLOAT);
  if (f === undefined) throw new GhostError("TX_FEE_NOT_REPRESENTABLE", undefined, { details: { fee } });
  return f;
}

/** The packed 184-bit field element of a tx (the second input of the message hash). */
export function packTx(chainId: number, tx: UnsignedTx): bigint {
  return packBits([
    [BigInt(OP_TYPE[tx.type]), TYPE_BITS],
    [BigInt(chainId), CHAIN_ID_BITS],
    [BigInt(tx.from), INDEX_BITS],
    [BigInt(tx.type === "transfer" ? tx.to : 0), INDEX_BITS],
    [BigInt(tx.token), TOKEN_BITS],
    [amountFloat(tx.amount), AMOUNT_FLOAT.mantissaBits + AMOUNT_FLOAT.exponentBits],
    [feeFloat(tx.fee), FEE_FLOAT.mantissaBits + FEE_FLOAT.exponentBits],
    [BigInt(tx.nonce), NONCE_BITS],
  ]);
}

/** The field element the sender signs. */
export function txMessage(chainId: number, tx: UnsignedTx): bigint {
  return poseidon([TX_DOMAIN, packTx(chainId, tx)]);
}

/** The tx hash used by the APIs: the signed message as 0x + 64 lowercase hex digits. */
export function txHash(chainId: number, tx: UnsignedTx): string {
  return `0x${txMessage(chainId, tx).toString(16).padStart(64, "0")}`;
}
