/**
 * The fields of the L1 JSON form (docs/l1.md §3.2): the protocol's JSON building blocks (P§9), with every
 * failure TX_MALFORMED, as the binary decoder's are (§3.1).
 */
import { formatL1Address, jsonFields } from "../../protocol/index.js";

export const { fieldElement, hexBytes, uint } = jsonFields;
export const address = jsonFields.l1Address;
export const token = jsonFields.token("TX_MALFORMED");
export const formatAddress = formatL1Address;

/** A decimal string holding an integer below `limit` (2^bits by default). */
export function decimal(bits: number, limit = 1n << BigInt(bits), bound = `2^${bits}`) {
  return jsonFields.decimal(bits, "TX_MALFORMED", limit, bound);
}

/**
 * The path of the first object, at most `depth` levels down, that JSON.parse cannot have made (a prototype
 * other than Object's, or an array's other than Array's), or undefined. zod reads fields through
 * prototypes, and a field read through one is a value nobody sent. `depth` is the deepest level at which
 * the caller's schema reads an object's fields: below it values are only type-checked, so they are not
 * walked, and deep nesting costs nothing.
 */
export function nonPlainPath(json: unknown, depth: number): string[] | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const proto = Object.getPrototypeOf(json);
  if (proto !== null && proto !== (Array.isArray(json) ? Array.prototype : Object.prototype)) return [];
  if (depth === 0) return undefined;
  const values = json as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    const v = values[key];
    if (typeof v !== "object" || v === null) continue;
    const below = nonPlainPath(v, depth - 1);
    if (below !== undefined) return [key, ...below];
  }
  return undefined;
}
