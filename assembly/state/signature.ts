/**
 * The signature check of L2 txs: EdDSA-Poseidon over Baby Jubjub on the tx's signed message
 * (docs/protocol.md §4.2), bit-compatible with circomlibjs verifyPoseidon.
 *
 * SIGNATURE_VERIFIER says whether this build carries the verifier (assembly/curve/eddsa.ts). Without
 * it the engine can only be created with signature checks off; the bridge refuses otherwise, so a
 * missing verifier can never silently accept a forged tx.
 */
import { FR_BYTES, frFromBytes } from "../field/fr";
import { ACCOUNT_AX, ACCOUNT_AY } from "./generated/layout";

export const SIGNATURE_VERIFIER: bool = false;

const AX: usize = memory.data(FR_BYTES);
const AY: usize = memory.data(FR_BYTES);

/** True when `sig` (64 bytes packed) signs `msg` (Montgomery) under the key of the account record. */
export function verifySignature(msg: usize, sig: usize, account: usize): bool {
  frFromBytes(AX, account + ACCOUNT_AX);
  frFromBytes(AY, account + ACCOUNT_AY);
  return SIGNATURE_VERIFIER && msg != 0 && sig != 0;
}
