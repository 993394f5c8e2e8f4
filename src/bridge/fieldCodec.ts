/**
 * The BN254 scalar field at the JS⇄WASM boundary: the modulus, the range check every element passes
 * before it enters linear memory, and the canonical 32-byte little-endian encoding used there.
 */
import { readU256LE, writeU256LE } from "../protocol/bits/index.js";
import { FIELD_MODULUS } from "../protocol/constants.js";
import { GhostError } from "../protocol/errors.js";

export { FIELD_MODULUS };

/** Bytes of one canonical field element in the WASM I/O area. */
export const FIELD_BYTES = 32;

/** Returns x if it is a canonical field element (0 ≤ x < p); throws FIELD_OUT_OF_RANGE otherwise. */
export function assertField(x: bigint, what = "value"): bigint {
  if (typeof x !== "bigint") {
    throw new GhostError("FIELD_OUT_OF_RANGE", `"${what}" expected a bigint field element, got ${typeof x}`);
  }
  if (x < 0n || x >= FIELD_MODULUS) {
    throw new GhostError("FIELD_OUT_OF_RANGE", `"${what}" expected integer in [0, p), got ${x}`, {
      details: { value: x.toString() },
    });
  }
  return x;
}

/** Writes x (already range-checked) as 32 little-endian bytes at byte offset `at`. */
export const writeField: (view: DataView, at: number, x: bigint) => void = writeU256LE;

export const readField: (view: DataView, at: number) => bigint = readU256LE;
