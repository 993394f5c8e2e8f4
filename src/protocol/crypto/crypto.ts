/**
 * The protocol's cryptography: circomlib Poseidon and EdDSA-Poseidon over Baby Jubjub, through circomlibjs.
 *
 * circomlibjs builds its WASM/field tables asynchronously, so the protocol is initialised once with
 * `await initProtocol()`; everything after that is synchronous and pure. Values cross this module as plain
 * bigints (canonical, < p); circomlibjs' Montgomery-form Uint8Arrays never leak out.
 */
import { buildEddsa, type Eddsa, type Point } from "circomlibjs";
import { FIELD_MODULUS } from "../constants.js";
import { GhostError } from "../errors.js";

let eddsa: Eddsa | undefined;
let pending: Promise<void> | undefined;

/** Builds circomlibjs once per process; safe to call (and await) many times. */
export function initProtocol(): Promise<void> {
  pending ??= buildEddsa().then((e) => {
    eddsa = e;
  });
  return pending;
}

function lib(): Eddsa {
  if (eddsa === undefined) throw new Error("protocol crypto is not initialised: await initProtocol() first");
  return eddsa;
}

function assertField(x: bigint): bigint {
  if (x < 0n || x >= FIELD_MODULUS) throw new GhostError("FIELD_OUT_OF_RANGE", undefined, { details: { x } });
  return x;
}

/** circomlib Poseidon over 1 to 16 canonical field elements. */
export function poseidon(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > 16) throw new GhostError("POSEIDON_ARITY");
  const e = lib();
  return e.F.toObject(e.poseidon(inputs.map(assertField)));
}

export interface PublicKey {
  ax: bigint;
  ay: bigint;
}

/** The Baby Jubjub public key of a 32-byte EdDSA private key (circomlibjs `prv2pub`). */
export function publicKeyOf(privateKey: Uint8Array): PublicKey {
  const e = lib();
  const a = e.prv2pub(privateKey);
  return { ax: e.F.toObject(a[0]), ay: e.F.toObject(a[1]) };
}

function point(pk: PublicKey): Point {
  const F = lib().F;
  return [F.e(pk.ax), F.e(pk.ay)];
}

/** True for a point in Baby Jubjub's prime-order subgroup other than the identity: a key that can sign. */
export function isValidPublicKey(pk: PublicKey): boolean {
  if (pk.ax >= FIELD_MODULUS || pk.ay >= FIELD_MODULUS) return false;
  if (pk.ax === 0n && pk.ay === 1n) return false;
  const bj = lib().babyJub;
  const p = point(pk);
  return bj.inCurve(p) && bj.inSubgroup(p);
}

/** circomlibjs `signPoseidon`, packed with `packSignature`: 32 bytes compressed R8, 32 bytes S little-endian. */
export function signMessage(privateKey: Uint8Array, msg: bigint): Uint8Array {
  const e = lib();
  return e.packSignature(e.signPoseidon(privateKey, e.F.e(assertField(msg))));
}

/** circomlibjs `verifyPoseidon` on a packed signature; false for any undecodable signature or key. */
export function verifyMessage(msg: bigint, signature: Uint8Array, pk: PublicKey): boolean {
  if (signature.length !== 64 || msg >= FIELD_MODULUS) return false;
  if (pk.ax >= FIELD_MODULUS || pk.ay >= FIELD_MODULUS) return false;
  const e = lib();
  // circomlibjs decodes R8 in place (it clears the sign bit) and reads words at the view's byte offset:
  // a fresh copy keeps the caller's bytes untouched and accepts a view at any offset (a Buffer slice).
  const sig = e.unpackSignature(Uint8Array.from(signature));
  if (sig.R8 === null) return false;
  return e.verifyPoseidon(e.F.e(msg), sig, point(pk));
}
