/**
 * EdDSA-Poseidon signature verification through the WASM core (circomlibjs `verifyPoseidon`
 * semantics on the protocol's 64-byte packed signatures). Messages and keys are range-checked here;
 * a signature that does not verify is `false`, never an error.
 */

import { GhostError } from "../protocol/errors.js";
import type { PublicKey } from "../protocol/index.js";
import { type CoreInstance, sharedCore } from "./core.js";
import { assertField, FIELD_BYTES, readField, writeField } from "./fieldCodec.js";
import { throwCoreStatus } from "./status.js";

export const SIGNATURE_BYTES = 64;

export interface SignedMessage {
  /** The signed field element (for L2 txs, the tx's signed-message hash). */
  msg: bigint;
  /** circomlibjs `packSignature` form: compressed R8 (32 bytes) ‖ S (32 bytes little-endian). */
  signature: Uint8Array;
  publicKey: PublicKey;
}

/**
 * Checks what the core would refuse (signature length, field ranges), before any work starts; without
 * `withMessage`, items whose message is given otherwise (by its preimage) and not checked here.
 */
export function checkSignedMessages(items: readonly Omit<SignedMessage, "msg">[], withMessage = true): void {
  if (!Array.isArray(items)) throw new GhostError("WASM_BAD_ARGUMENT", '"items" expected an array');
  items.forEach((item, i) => {
    if (
      typeof item !== "object" ||
      item === null ||
      typeof item.publicKey !== "object" ||
      item.publicKey === null
    ) {
      throw new GhostError("WASM_BAD_ARGUMENT", `"items[${i}]" expected { msg, signature, publicKey }`);
    }
    if (!(item.signature instanceof Uint8Array) || item.signature.length !== SIGNATURE_BYTES) {
      throw new GhostError("TX_MALFORMED", `signature ${i} must be ${SIGNATURE_BYTES} bytes`);
    }
    if (withMessage) assertField((item as SignedMessage).msg, `items[${i}].msg`);
    assertField(item.publicKey.ax, `items[${i}].publicKey.ax`);
    assertField(item.publicKey.ay, `items[${i}].publicKey.ay`);
  });
}

/** Verifies every item in one call into the core; returns one boolean per item. */
export function verifySignatures(
  items: readonly SignedMessage[],
  core: CoreInstance = sharedCore(),
): boolean[] {
  checkSignedMessages(items);
  const n = items.length;
  if (n === 0) return [];
  const msgs = core.io(n * (FIELD_BYTES + SIGNATURE_BYTES + 2 * FIELD_BYTES + 1));
  const sigs = msgs + n * FIELD_BYTES;
  const keys = sigs + n * SIGNATURE_BYTES;
  const results = keys + n * 2 * FIELD_BYTES;
  const view = core.view();
  const bytes = new Uint8Array(view.buffer);
  items.forEach((item, i) => {
    writeField(view, msgs + i * FIELD_BYTES, item.msg);
    bytes.set(item.signature, sigs + i * SIGNATURE_BYTES);
    writeField(view, keys + i * 2 * FIELD_BYTES, item.publicKey.ax);
    writeField(view, keys + (i * 2 + 1) * FIELD_BYTES, item.publicKey.ay);
  });
  throwCoreStatus(core, core.exports.eddsaVerify(n, msgs, sigs, keys, results));
  const out = new Uint8Array(core.view().buffer, results, n);
  return Array.from(out, (r) => r === 1);
}

export function verifySignature(item: SignedMessage, core: CoreInstance = sharedCore()): boolean {
  return verifySignatures([item], core)[0]!;
}

/** A packed signature's parts as the circuit takes them: R8's coordinates and S. */
export interface UnpackedSignature {
  readonly r8x: bigint;
  readonly r8y: bigint;
  readonly s: bigint;
}

/**
 * The packed signatures' R8 points decompressed in the core, as verification decompresses them (and as
 * circomlibjs unpackPoint does), with S read little-endian; null where R8 does not decode. ≈ 4× faster
 * than circomlibjs, which matters to the sealer: every L2 tx of a batch's circuit input needs its R8.
 */
export function unpackSignatures(
  signatures: readonly Uint8Array[],
  core: CoreInstance = sharedCore(),
): (UnpackedSignature | null)[] {
  if (!Array.isArray(signatures)) throw new GhostError("WASM_BAD_ARGUMENT", '"signatures" expected an array');
  signatures.forEach((sig, i) => {
    if (!(sig instanceof Uint8Array) || sig.length !== SIGNATURE_BYTES)
      throw new GhostError("TX_MALFORMED", `signature ${i} must be ${SIGNATURE_BYTES} bytes`);
  });
  const n = signatures.length;
  if (n === 0) return [];
  const sigs = core.io(n * (SIGNATURE_BYTES + 2 * FIELD_BYTES + 1));
  const points = sigs + n * SIGNATURE_BYTES;
  const results = points + n * 2 * FIELD_BYTES;
  const bytes = new Uint8Array(core.view().buffer);
  signatures.forEach((sig, i) => {
    bytes.set(sig, sigs + i * SIGNATURE_BYTES);
  });
  throwCoreStatus(core, core.exports.eddsaUnpackR8(n, sigs, points, results));
  const view = core.view();
  return signatures.map((sig, i) => {
    if (view.getUint8(results + i) !== 1) return null;
    const at = points + i * 2 * FIELD_BYTES;
    let s = 0n;
    for (let k = SIGNATURE_BYTES - 1; k >= 32; k--) s = (s << 8n) | BigInt(sig[k]!);
    return { r8x: readField(view, at), r8y: readField(view, at + FIELD_BYTES), s };
  });
}

/**
 * Sets how many signing keys get a cached multiplication table in this core instance (default 256,
 * 145 KiB each; 0 disables). Verdicts never depend on it, only speed: a key is tabulated on its
 * second sighting, and its later verifications skip the generic scalar multiplication.
 */
export function setSignatureKeyCache(capacity: number, core: CoreInstance = sharedCore()): void {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 65_536) {
    throw new GhostError(
      "WASM_BAD_ARGUMENT",
      `key cache capacity must be an integer in [0, 65536], got ${capacity}`,
    );
  }
  core.exports.eddsaKeyCache(capacity);
}
