/**
 * The canonical JSON form of operations for every API (docs/protocol.md §9), validated with zod at the
 * boundary: strict objects (an unknown field is an error), integers below 2^32 as JSON numbers, wider
 * integers as decimal strings without sign, exponent or leading zeros, and byte strings as 0x-prefixed
 * lowercase hex. Width errors name the field and the bound: `"amount" expected integer below 2^126, got …`.
 */
import { z } from "zod";
import {
  BALANCE_BITS,
  FIELD_MODULUS,
  INDEX_BITS,
  L1_ADDRESS_BITS,
  NONCE_BITS,
  TOKEN_COUNT,
  type TokenId,
} from "../constants.js";
import { type ErrorCode, GhostError } from "../errors.js";
import type { Op } from "../types.js";

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function show(x: unknown): string {
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
function issue(ctx: z.core.$RefinementCtx, code: ErrorCode, message: string): void {
  ctx.addIssue({ code: "custom", message, params: { ghostCode: code } });
}

/** A decimal string holding an integer below 2^bits (or below `limit`), parsed to bigint. */
function decimal(bits: number, code: ErrorCode, limit = 1n << BigInt(bits), bound = `2^${bits}`) {
  return z.string().transform((s, ctx) => {
    if (!DECIMAL.test(s)) {
      issue(ctx, "TX_MALFORMED", `expected a decimal integer string, got ${show(s)}`);
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

/** A JSON number holding an integer below 2^bits. */
function uint(bits: number) {
  return z.unknown().transform((x, ctx) => {
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0 || x >= 2 ** bits) {
      issue(ctx, "TX_MALFORMED", `expected integer below 2^${bits}, got ${show(x)}`);
      return z.NEVER;
    }
    return x;
  });
}

const token = z.unknown().transform((x, ctx): TokenId => {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
    issue(ctx, "TX_MALFORMED", `expected a token id, got ${show(x)}`);
    return z.NEVER;
  }
  if (x >= TOKEN_COUNT) {
    issue(ctx, "TX_UNKNOWN_TOKEN", `expected a token id 0-3, got ${x}`);
    return z.NEVER;
  }
  return x as TokenId;
});

function hexBytes(bytes: number) {
  const re = new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`);
  return z.string().transform((s, ctx) => {
    if (!re.test(s)) {
      issue(ctx, "TX_MALFORMED", `expected 0x and ${bytes * 2} lowercase hex digits, got ${show(s)}`);
      return z.NEVER;
    }
    return Uint8Array.from(Buffer.from(s.slice(2), "hex"));
  });
}

const l1Address = hexBytes(L1_ADDRESS_BITS / 8).transform((b) =>
  BigInt(`0x${Buffer.from(b).toString("hex")}`),
);
const amount = decimal(BALANCE_BITS, "TX_AMOUNT_RANGE");
const field = decimal(254, "TX_MALFORMED", FIELD_MODULUS, "the field modulus p");

const transfer = z.strictObject({
  type: z.literal("transfer"),
  from: uint(INDEX_BITS),
  to: uint(INDEX_BITS),
  token,
  amount,
  fee: amount,
  nonce: uint(NONCE_BITS),
  signature: hexBytes(64),
});
const withdraw = z.strictObject({
  type: z.literal("withdraw"),
  from: uint(INDEX_BITS),
  token,
  amount,
  fee: amount,
  nonce: uint(NONCE_BITS),
  signature: hexBytes(64),
});
const deposit = z.strictObject({
  type: z.literal("deposit"),
  to: z.union([z.null(), uint(INDEX_BITS)]),
  token,
  amount,
  ax: field,
  ay: field,
  l1Address,
});
const forcedExit = z.strictObject({
  type: z.literal("forcedExit"),
  account: uint(INDEX_BITS),
  token,
  requester: l1Address,
});
const noop = z.strictObject({ type: z.literal("noop") });

/** The zod schema of any op's canonical JSON; its output is the model's Op. */
export const opSchema = z.discriminatedUnion("type", [transfer, withdraw, deposit, forcedExit, noop]);

function ghostCode(i: z.core.$ZodIssue): ErrorCode {
  return (i as { params?: { ghostCode?: ErrorCode } }).params?.ghostCode ?? "TX_MALFORMED";
}

/**
 * Validates untrusted JSON (already parsed) into an Op; throws GhostError. When several fields are wrong,
 * a malformed one wins (TX_MALFORMED), else the first in key order, as the model's checks are ordered
 * (docs/protocol.md §7.1, §9): zod reports issues in the schema's key order, unknown keys last.
 */
export function opFromJson(json: unknown): Op {
  // JSON.parse makes plain objects; a field read through a prototype would be a value nobody sent.
  const proto = typeof json === "object" && json !== null ? Object.getPrototypeOf(json) : undefined;
  if (proto !== undefined && proto !== Object.prototype && proto !== null && !Array.isArray(json)) {
    throw new GhostError("TX_MALFORMED", "an op is a plain JSON object");
  }
  const r = opSchema.safeParse(json);
  if (r.success) return r.data as Op;
  const issues = r.error.issues;
  const first = issues.find((i) => ghostCode(i) === "TX_MALFORMED") ?? issues[0]!;
  const where = first.path.length > 0 ? `"${first.path.join(".")}" ` : "";
  throw new GhostError(ghostCode(first), `${where}${first.message}`, {
    details: { path: first.path.map(String) },
  });
}

function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

function address(a: bigint): string {
  return `0x${a.toString(16).padStart(L1_ADDRESS_BITS / 4, "0")}`;
}

/** The canonical JSON object of an op (keys in spec order); `JSON.stringify` it for the wire. */
export function opToJson(op: Op): Record<string, unknown> {
  switch (op.type) {
    case "transfer":
      return {
        type: op.type,
        from: op.from,
        to: op.to,
        token: op.token,
        amount: op.amount.toString(),
        fee: op.fee.toString(),
        nonce: op.nonce,
        signature: hex(op.signature),
      };
    case "withdraw":
      return {
        type: op.type,
        from: op.from,
        token: op.token,
        amount: op.amount.toString(),
        fee: op.fee.toString(),
        nonce: op.nonce,
        signature: hex(op.signature),
      };
    case "deposit":
      return {
        type: op.type,
        to: op.to,
        token: op.token,
        amount: op.amount.toString(),
        ax: op.ax.toString(),
        ay: op.ay.toString(),
        l1Address: address(op.l1Address),
      };
    case "forcedExit":
      return { type: op.type, account: op.account, token: op.token, requester: address(op.requester) };
    case "noop":
      return { type: op.type };
  }
}
