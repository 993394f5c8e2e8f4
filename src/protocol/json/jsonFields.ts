/**
 * zod building blocks of the canonical JSON forms (docs/protocol.md §9, docs/l1.md §3.2), shared by the L2
 * op codec and ghostd's transaction codec: integers below 2^32 as JSON numbers, wider integers as decimal
 * strings without sign, exponent or leading zeros, byte strings and addresses as 0x + lowercase hex. Each
 * failure is a zod issue carrying the GhostChain code it maps to (TX_MALFORMED unless a codec says
 * otherwise) and a message naming the bound: `expected integer below 2^126, got 2^130`.
 */
import { z } from "zod";
import { FIELD_MODULUS, L1_ADDRESS_BITS, TOKEN_COUNT, type TokenId } from "../constants.js";
import type { ErrorCode } from "../errors.js";

const DECIMAL = /^(0|[1-9][0-9]*)$/;

export function show(x: unknown): string {
  const s = typeof x === "string" ? JSON.stringify(x) : String(x);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** A readable description of a too-wide integer: "2^130", the value itself, or its bit length. */
function describeInt(v: bigint): string {
  const bits = v.toString(2).length;
  if (v === 1n << BigInt(bits - 1)) return `2^${bits - 1}`;
  const s = v.toString();
  return s.length > 40 ? `a ${bits}-bit integer` : s;
}

/** An issue carrying the GhostChain code it maps to; other zod issues map to TX_MALFORMED. */
export function issue(ctx: z.core.$RefinementCtx, code: ErrorCode, message: string): void {
  ctx.addIssue({ code: "custom", message, params: { ghostCode: code } });
}

/** The GhostChain code of a zod issue (TX_MALFORMED unless the issue carries another). */
export function ghostCode(i: z.core.$ZodIssue): ErrorCode {
  return (i as { params?: { ghostCode?: ErrorCode } }).params?.ghostCode ?? "TX_MALFORMED";
}

/** A decimal string holding an integer below 2^bits (or below `limit`), parsed to bigint; `code` when too wide. */
export function decimal(
  bits: number,
  code: ErrorCode = "TX_MALFORMED",
  limit = 1n << BigInt(bits),
  bound = `2^${bits}`,
) {
  return z.string().transform((s, ctx) => {
    if (!DECIMAL.test(s)) {
      issue(ctx, "TX_MALFORMED", `expected a decimal integer string, got ${show(s)}`);
      return z.NEVER;
    }
    // A decimal string longer than the bound's own digits is too wide: refuse it before BigInt, whose
    // parsing is quadratic in the length (a megabyte of digits would hold the thread for a second).
    if (s.length > limit.toString().length + 64) {
      issue(ctx, code, `expected integer below ${bound}, got a ${s.length}-digit integer`);
      return z.NEVER;
    }
    const v = BigInt(s);
    if (v >= limit) {
      issue(ctx, code, `expected integer below ${bound}, got ${describeInt(v)}`);
      return z.NEVER;
    }
    return v;
  });
}

/** A scalar field element (§1) as a decimal string; `ax`, `ay` of a deposit. */
export const fieldElement = decimal(254, "TX_MALFORMED", FIELD_MODULUS, "the field modulus p");

/** A JSON number holding an integer below 2^bits. */
export function uint(bits: number) {
  return z.unknown().transform((x, ctx) => {
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0 || x >= 2 ** bits) {
      issue(ctx, "TX_MALFORMED", `expected integer below 2^${bits}, got ${show(x)}`);
      return z.NEVER;
    }
    return x;
  });
}

/** A token id 0-3; an integer above 3 is `unknownCode` (L2: TX_UNKNOWN_TOKEN, L1: TX_MALFORMED). */
export function token(unknownCode: ErrorCode) {
  return z.unknown().transform((x, ctx): TokenId => {
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
      issue(ctx, "TX_MALFORMED", `expected a token id, got ${show(x)}`);
      return z.NEVER;
    }
    if (x >= TOKEN_COUNT) {
      issue(ctx, unknownCode, `expected a token id 0-3, got ${x}`);
      return z.NEVER;
    }
    return x as TokenId;
  });
}

/** 0x + lowercase hex of exactly `bytes` bytes, or of any whole number of bytes when omitted. */
export function hexBytes(bytes?: number) {
  const re = bytes === undefined ? /^0x(?:[0-9a-f]{2})*$/ : new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`);
  const what = bytes === undefined ? "an even number of" : String(bytes * 2);
  return z.string().transform((s, ctx) => {
    if (!re.test(s)) {
      issue(ctx, "TX_MALFORMED", `expected 0x and ${what} lowercase hex digits, got ${show(s)}`);
      return z.NEVER;
    }
    return Uint8Array.from(Buffer.from(s.slice(2), "hex"));
  });
}

/** An L1 address: 0x + 40 lowercase hex digits (§3.3). */
export const l1Address = hexBytes(L1_ADDRESS_BITS / 8).transform((b) =>
  BigInt(`0x${Buffer.from(b).toString("hex")}`),
);
