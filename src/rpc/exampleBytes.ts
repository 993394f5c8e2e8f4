/**
 * Long byte strings in API examples (docs/api.md, the OpenRPC `examples`). An ML-DSA-65 signature is
 * 3,309 bytes and a public key 1,952: printed whole they would bury the example around them, so an example
 * keeps the first 16 bytes and the length, `"0x5add7da6b24cc9ad51093ac8a51e7188…(3309 bytes)"`.
 * `expandShortBytes` turns that back into a byte string of the real length (the rest zero bytes), which the
 * schemas and codecs accept: that is how tests check shortened examples.
 */
import type { JsonValue } from "./methodTable.js";

/** Byte strings up to this length are printed whole; longer ones must be shortened. */
export const MAX_EXAMPLE_BYTES = 64;
const KEPT_BYTES = 16;
const SHORTENED = /^0x((?:[0-9a-f]{2})*)…\((\d+) bytes\)$/;

/** The shortened form of a `length`-byte string that starts with `prefix` (0x + 16 bytes). */
export function shortBytes(prefix: string, length: number): string {
  if (!/^0x[0-9a-f]*$/.test(prefix) || prefix.length !== 2 + 2 * KEPT_BYTES) {
    throw new TypeError(`"prefix" expected 0x + ${KEPT_BYTES} bytes of lowercase hex, got ${prefix}`);
  }
  if (!Number.isInteger(length) || length <= MAX_EXAMPLE_BYTES) {
    throw new TypeError(`"length" expected an integer above ${MAX_EXAMPLE_BYTES}, got ${length}`);
  }
  return `${prefix}…(${length} bytes)`;
}

/** `value` with every shortened byte string in it filled out to its length with zero bytes. */
export function expandShortBytes(value: JsonValue): JsonValue {
  if (typeof value === "string") {
    const m = SHORTENED.exec(value);
    return m === null ? value : `0x${m[1]!.padEnd(2 * Number(m[2]), "0")}`;
  }
  if (Array.isArray(value)) return value.map(expandShortBytes);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = expandShortBytes(v);
    return out;
  }
  return value;
}
