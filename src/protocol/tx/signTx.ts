/** Signing and verifying L2 txs with EdDSA-Poseidon keys (docs/protocol.md §4.2). */
import { type PublicKey, signMessage, verifyMessage } from "../crypto/index.js";
import type { L2Tx, Transfer, Withdraw } from "../types.js";
import { txMessage, type UnsignedTx } from "./txMessage.js";

/** Signs a tx for `chainId`; the result carries the 64-byte packed signature. */
export function signTx(chainId: number, privateKey: Uint8Array, tx: Omit<Transfer, "signature">): Transfer;
export function signTx(chainId: number, privateKey: Uint8Array, tx: Omit<Withdraw, "signature">): Withdraw;
export function signTx(chainId: number, privateKey: Uint8Array, tx: UnsignedTx): L2Tx;
export function signTx(chainId: number, privateKey: Uint8Array, tx: UnsignedTx): L2Tx {
  return { ...tx, signature: signMessage(privateKey, txMessage(chainId, tx)) } as L2Tx;
}

/** True when `tx.signature` is a valid signature of its message by `pk`. Throws only on unpackable fields. */
export function verifyTx(chainId: number, tx: L2Tx, pk: PublicKey): boolean {
  const { signature, ...unsigned } = tx;
  return verifyMessage(txMessage(chainId, unsigned as UnsignedTx), signature, pk);
}
