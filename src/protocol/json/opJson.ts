/**
 * The canonical JSON form of operations for every API (docs/protocol.md §9), validated with zod at the
 * boundary: strict objects (an unknown field is an error), integers below 2^32 as JSON numbers, wider
 * integers as decimal strings without sign, exponent or leading zeros, and byte strings as 0x-prefixed
 * lowercase hex. Width errors name the field and the bound: `"amount" expected integer below 2^126, got …`.
 */
import { z } from "zod";
import { BALANCE_BITS, INDEX_BITS, NONCE_BITS } from "../constants.js";
import { GhostError } from "../errors.js";
import { formatL1Address } from "../keys/index.js";
import type { Op } from "../types.js";
import {
  decimal,
  fieldElement,
  ghostCode,
  hexBytes,
  l1Address,
  token as tokenId,
  uint,
} from "./jsonFields.js";

const token = tokenId("TX_UNKNOWN_TOKEN");
const amount = decimal(BALANCE_BITS, "TX_AMOUNT_RANGE");
const field = fieldElement;

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
        l1Address: formatL1Address(op.l1Address),
      };
    case "forcedExit":
      return {
        type: op.type,
        account: op.account,
        token: op.token,
        requester: formatL1Address(op.requester),
      };
    case "noop":
      return { type: op.type };
  }
}
