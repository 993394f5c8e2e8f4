/**
 * The signature check of L2 txs: EdDSA-Poseidon over Baby Jubjub on the tx's signed message
 * (docs/protocol.md §4.2), bit-compatible with circomlibjs verifyPoseidon (assembly/curve/eddsa.ts).
 *
 * SIGNATURE_VERIFIER says whether this build carries the verifier; the bridge refuses to create an
 * engine with signature checks on when it does not, so a build without one can never silently accept a
 * forged tx. Checks can be turned off per engine only for replays of published data, which carry no
 * signatures (the model's `checkSignature: false`).
 */
import { FR_BYTES, frFromBytes } from "../field/fr";
import { eddsaVerifyPacked } from "../curve/eddsa";
import { ACCOUNT_AX, ACCOUNT_AY } from "./generated/layout";

export const SIGNATURE_VERIFIER: bool = true;

const AX: usize = memory.data(FR_BYTES);
const AY: usize = memory.data(FR_BYTES);

/** True when `sig` (64 bytes packed) signs `msg` (Montgomery) under the key of the account record. */
export function verifySignature(msg: usize, sig: usize, account: usize): bool {
  frFromBytes(AX, account + ACCOUNT_AX);
  frFromBytes(AY, account + ACCOUNT_AY);
  return eddsaVerifyPacked(msg, sig, AX, AY);
}
