/**
 * The JSON form of what ghostd answers and pushes (docs/api.md): integers of 2^32 and wider as decimal
 * strings, byte strings as 0x-hex, L1 addresses (bigints under the field names below) as 0x + 40 hex
 * digits, as the protocol's canonical JSON writes them (P§9, P§9.1).
 */
import { formatAddress } from "../tx/index.js";

/** Fields that hold an L1 address wherever they appear. */
const ADDRESS_FIELDS = new Set([
  "address",
  "depositor",
  "requester",
  "l1Address",
  "from",
  "to",
  "proposer",
  "validator",
  "sequencer",
  "owner",
]);

export type Wire = null | boolean | number | string | Wire[] | { [k: string]: Wire };

export function toWire(value: unknown, field?: string): Wire {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return field !== undefined && ADDRESS_FIELDS.has(field) ? formatAddress(value) : value.toString();
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString("hex")}`;
  if (Array.isArray(value)) return value.map((v) => toWire(v, field));
  if (typeof value === "object") {
    const out: { [k: string]: Wire } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v, k);
    return out;
  }
  return String(value);
}
