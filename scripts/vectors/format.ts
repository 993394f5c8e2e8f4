/**
 * How the vector files write values (docs/protocol.md §9 and §9.1): integers below 2^32 as JSON numbers,
 * wider integers as decimal strings, byte strings and L1 addresses as 0x-prefixed lowercase hex, accounts
 * in the account JSON shape.
 */
import { type Account, formatL1Address } from "../../src/protocol/index.js";

export const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;
export const dec = (x: bigint): string => x.toString();

export function accountJson(a: Account) {
  return {
    ax: dec(a.ax),
    ay: dec(a.ay),
    l1Address: formatL1Address(a.l1Address),
    nonce: a.nonce,
    balances: a.balances.map(dec),
  };
}
