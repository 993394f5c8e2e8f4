/**
 * The BN254 scalar field at the JS⇄WASM boundary: the modulus, the range check every element passes
 * before it enters linear memory, and the canonical 32-byte little-endian encoding used there.
 */
import { FIELD_MODULUS } from "../protocol/constants.js";
import { GhostError } from "../protocol/errors.js";

export { FIELD_MODULUS };

/** Bytes of one canonical field element in the WASM I/O area. */
export const FIELD_BYTES = 32;

const U64 = (1n << 64n) - 1n;

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
export function writeField(view: DataView, at: number, x: bigint): void {
  view.setBigUint64(at, x & U64, true);
  view.setBigUint64(at + 8, (x >> 64n) & U64, true);
  view.setBigUint64(at + 16, (x >> 128n) & U64, true);
  view.setBigUint64(at + 24, x >> 192n, true);
}

export function readField(view: DataView, at: number): bigint {
  return (
    view.getBigUint64(at, true) |
    (view.getBigUint64(at + 8, true) << 64n) |
    (view.getBigUint64(at + 16, true) << 128n) |
    (view.getBigUint64(at + 24, true) << 192n)
  );
}
