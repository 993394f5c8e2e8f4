/**
 * ML-DSA-65 (FIPS 204, pure ML-DSA, empty context) for ghostd: L1 accounts, L1 transactions, blocks
 * and the sequencer's batch commitments.
 *
 * Two implementations, one verdict (tests/l1/mlDsa.test.ts checks that they agree):
 * - liboqs (@oqs/liboqs-js, Open Quantum Safe's WebAssembly build) signs and verifies: about 11×
 *   faster than noble on verification and 14× on signing (docs/mldsa.md).
 * - @noble/post-quantum is the reference: keys are derived from a 32-byte seed with its
 *   `ml_dsa65.keygen(seed)` (FIPS 204 ML-DSA.KeyGen_internal; liboqs has no seeded key generation),
 *   and `nobleSign` / `nobleVerify` are the cross-check and the fallback.
 *
 * Keys and signatures are FIPS 204 encodings, identical in both libraries: 1952-byte public keys,
 * 4032-byte secret keys, 3309-byte signatures. The L1 address of a public key is the protocol's
 * `l1AddressOf` (docs/protocol.md §3.3).
 */

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { createMLDSA65, type MLDSA65 } from "@oqs/liboqs-js";
// Direct imports: the protocol index loads circomlibjs, whose ffjavascript pulls in a web-worker shim
// that takes over any worker thread it is loaded in (the verify pool's workers import this file).
import { GhostError } from "../../protocol/errors.js";
import { ML_DSA65_PUBLIC_KEY_BYTES } from "../../protocol/keys/l1Address.js";

export { ML_DSA65_PUBLIC_KEY_BYTES };
export const ML_DSA65_SEED_BYTES = 32;
export const ML_DSA65_SECRET_KEY_BYTES = 4032;
export const ML_DSA65_SIGNATURE_BYTES = 3309;

/**
 * Longest message handed to liboqs; longer ones go to noble, with the same result. liboqs-js copies
 * each message into the WebAssembly heap, which never shrinks and whose `malloc` result it does not
 * check; ghostd signs and verifies short encodings, so the cap costs nothing in practice.
 */
export const LIBOQS_MAX_MESSAGE_BYTES = 1 << 20;

export interface MlDsaKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** The ML-DSA-65 implementation a thread signs and verifies with (one per thread, reused). */
export interface MlDsa {
  /** A hedged (randomised) pure ML-DSA-65 signature with an empty context; 3309 bytes. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** True only for a valid signature; false for anything else, of any type or length. Never throws on input. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** Frees liboqs's signature object; the instance cannot be used afterwards. Idempotent. */
  destroy(): void;
}

/**
 * A plain Uint8Array view of the same bytes, or undefined for anything that is not a Uint8Array.
 * liboqs-js accepts only objects whose constructor is named "Uint8Array", so a Buffer is re-viewed.
 */
function bytes(x: unknown): Uint8Array | undefined {
  if (!(x instanceof Uint8Array)) return undefined;
  return x.constructor === Uint8Array ? x : new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}

function sized(x: unknown, length: number): Uint8Array | undefined {
  const b = bytes(x);
  return b !== undefined && b.length === length ? b : undefined;
}

function describe(x: unknown): string {
  if (x instanceof Uint8Array) return `${x.length} bytes`;
  return x === null ? "null" : typeof x;
}

function expectSized(name: string, x: unknown, length: number): Uint8Array {
  const b = sized(x, length);
  if (b === undefined) {
    throw new GhostError("L1_KEY_MALFORMED", `"${name}" expected ${length} bytes, got ${describe(x)}`);
  }
  return b;
}

function expectMessage(x: unknown): Uint8Array {
  const b = bytes(x);
  if (b === undefined) {
    throw new GhostError("WASM_BAD_ARGUMENT", `"message" expected a Uint8Array, got ${describe(x)}`);
  }
  return b;
}

/** The key pair of a 32-byte seed (FIPS 204 ML-DSA.KeyGen_internal, as noble's `ml_dsa65.keygen(seed)`). */
export function mlDsaKeygen(seed: Uint8Array): MlDsaKeyPair {
  const { publicKey, secretKey } = ml_dsa65.keygen(expectSized("seed", seed, ML_DSA65_SEED_BYTES));
  return { publicKey, secretKey };
}

/** noble's ML-DSA-65 signature (hedged, empty context): the reference and fallback for `MlDsa.sign`. */
export function nobleSign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return ml_dsa65.sign(
    expectMessage(message),
    expectSized("secretKey", secretKey, ML_DSA65_SECRET_KEY_BYTES),
  );
}

/** noble's ML-DSA-65 verification: the reference and fallback for `MlDsa.verify`, with the same contract. */
export function nobleVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const pk = sized(publicKey, ML_DSA65_PUBLIC_KEY_BYTES);
  const sig = sized(signature, ML_DSA65_SIGNATURE_BYTES);
  const msg = bytes(message);
  if (pk === undefined || sig === undefined || msg === undefined) return false;
  return ml_dsa65.verify(sig, msg, pk);
}

function wasmAbort(operation: string, e: unknown): GhostError {
  const reason = e instanceof Error ? e.message : String(e);
  return new GhostError("WASM_ABORT", `liboqs ML-DSA-65 ${operation} failed: ${reason}`, { cause: e });
}

/**
 * Loads liboqs's ML-DSA-65 WebAssembly module (about 15 ms) and returns the instance this thread
 * signs and verifies with. Create one per thread and keep it: each call instantiates a new module.
 * liboqs-js frees its per-call buffers itself; `destroy()` frees the signature object.
 */
export async function createMlDsa(): Promise<MlDsa> {
  let oqs: MLDSA65 | undefined;
  try {
    oqs = await createMLDSA65();
  } catch (e) {
    throw wasmAbort("initialisation", e);
  }
  let destroyed = false;
  const live = (operation: string): MLDSA65 => {
    if (destroyed || oqs === undefined) {
      throw new GhostError("WASM_ABORT", `ML-DSA-65 ${operation} on a destroyed instance`);
    }
    return oqs;
  };
  return {
    sign(secretKey, message) {
      const engine = live("sign");
      const sk = expectSized("secretKey", secretKey, ML_DSA65_SECRET_KEY_BYTES);
      const msg = expectMessage(message);
      if (msg.length > LIBOQS_MAX_MESSAGE_BYTES) return ml_dsa65.sign(msg, sk);
      try {
        return engine.sign(msg, sk);
      } catch (e) {
        throw wasmAbort("sign", e);
      }
    },
    verify(publicKey, message, signature) {
      const engine = live("verify");
      const pk = sized(publicKey, ML_DSA65_PUBLIC_KEY_BYTES);
      const sig = sized(signature, ML_DSA65_SIGNATURE_BYTES);
      const msg = bytes(message);
      if (pk === undefined || sig === undefined || msg === undefined) return false;
      if (msg.length > LIBOQS_MAX_MESSAGE_BYTES) return ml_dsa65.verify(sig, msg, pk);
      try {
        return engine.verify(msg, sig, pk);
      } catch (e) {
        // Inputs are checked above, so this is the module failing, not a bad signature.
        throw wasmAbort("verify", e);
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      oqs?.destroy();
      oqs = undefined;
    },
  };
}
