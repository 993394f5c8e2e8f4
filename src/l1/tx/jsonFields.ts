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
