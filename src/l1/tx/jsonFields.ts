/**
 * zod building blocks for the L1 JSON form (docs/l1.md §3.2), with the conventions of the L2 codec
 * (src/protocol/json/opJson.ts, P§9): integers below 2^32 are JSON numbers, wider ones decimal strings
 * without sign, exponent or leading zeros, bytes and addresses 0x + lowercase hex. Every failure is
 * TX_MALFORMED, as the binary decoder's are (§3.1), and its message names the bound.
 */
import { z } from "zod";
import { FIELD_MODULUS, TOKEN_COUNT, type TokenId } from "../../protocol/index.js";
import { fromHex } from "../encoding/index.js";

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function show(x: unknown): string {
  const s = typeof x === "string" ? JSON.stringify(x) : String(x);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** A decimal string holding an integer below `limit` (2^bits by default), parsed to bigint. */
export function decimal(bits: number, limit = 1n << BigInt(bits), bound = `2^${bits}`) {
  return z.string().transform((s, ctx) => {
    if (!DECIMAL.test(s)) {
      ctx.addIssue({ code: "custom", message: `expected a decimal integer string, got ${show(s)}` });
      return z.NEVER;
    }
    const v = BigInt(s);
    if (v >= limit) {
      ctx.addIssue({
        code: "custom",
        message: `expected integer below ${bound}, got ${s.length > 40 ? `a ${v.toString(2).length}-bit integer` : s}`,
      });
      return z.NEVER;
    }
    return v;
  });
}

/** A scalar field element (P§1) as a decimal string. */
export const fieldElement = decimal(254, FIELD_MODULUS, "the field modulus p");

/** A JSON number holding an integer below 2^bits (at most 32). */
export function uint(bits: number) {
  return z.unknown().transform((x, ctx) => {
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0 || x >= 2 ** bits) {
      ctx.addIssue({ code: "custom", message: `expected integer below 2^${bits}, got ${show(x)}` });
      return z.NEVER;
    }
    return x;
  });
}

export const token = z.unknown().transform((x, ctx): TokenId => {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0 || x >= TOKEN_COUNT) {
    ctx.addIssue({ code: "custom", message: `expected a token id 0-3, got ${show(x)}` });
    return z.NEVER;
  }
  return x as TokenId;
});

/** 0x + lowercase hex of exactly `bytes` bytes, or of any whole number of bytes when omitted. */
export function hexBytes(bytes?: number) {
  const re = bytes === undefined ? /^0x(?:[0-9a-f]{2})*$/ : new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`);
  const what = bytes === undefined ? "an even number of" : String(bytes * 2);
  return z.string().transform((s, ctx) => {
    if (!re.test(s)) {
      ctx.addIssue({
        code: "custom",
        message: `expected 0x and ${what} lowercase hex digits, got ${show(s)}`,
      });
      return z.NEVER;
    }
    return fromHex(s.slice(2));
  });
}

/** An L1 address: 0x + 40 lowercase hex digits (P§3.3). */
export const address = hexBytes(20).transform((b) => BigInt(`0x${Buffer.from(b).toString("hex")}`));

export function formatAddress(a: bigint): string {
  return `0x${a.toString(16).padStart(40, "0")}`;
}
