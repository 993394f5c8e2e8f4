/**
 * Decoding the vector files' JSON without range checks: the generator (scripts/vectors/) computes each
 * expectation from exactly what the replays (tests/protocol/vectors.test.ts, tests/engine/vectors.test.ts)
 * read back. Ops are "raw" (tests/vectors/rejections.json): canonical keys and forms (docs/protocol.md §9)
 * whose values may break their bounds, so that the state transition's own checks are what is tested.
 */
import type { Account, Op, PriorityOp, PublishedBatch } from "../../src/protocol/index.js";

export type Json = Record<string, unknown>;

export const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.slice(2), "hex"));

const BIG_FIELDS = new Set(["amount", "fee", "ax", "ay", "l1Address", "requester"]);

/** An op from raw JSON: decimal and hex strings become bigints, the signature bytes; the rest stays. */
export function rawOp(json: Json): Op {
  const out: Json = {};
  for (const [k, v] of Object.entries(json)) {
    if (BIG_FIELDS.has(k) && typeof v === "string") out[k] = BigInt(v);
    else if (k === "signature" && typeof v === "string") out[k] = bytes(v);
    else out[k] = v;
  }
  return out as unknown as Op;
}

export const rawOps = (list: readonly Json[]): Op[] => list.map(rawOp);
export const rawQueue = (list: readonly Json[]): PriorityOp[] => list.map(rawOp) as PriorityOp[];

/** An account in the vectors' account shape (docs/protocol.md §9.1). */
export function rawAccount(a: Json): Account {
  return {
    ax: BigInt(a.ax as string),
    ay: BigInt(a.ay as string),
    l1Address: BigInt(a.l1Address as string),
    nonce: a.nonce as number,
    balances: (a.balances as string[]).map(BigInt) as unknown as Account["balances"],
  };
}

export function rawPublished(b: Json): PublishedBatch {
  return {
    batchNumber: b.batchNumber as number,
    feeAccount: b.feeAccount as number,
    newRoot: BigInt(b.newRoot as string),
    data: bytes(b.data as string),
  };
}

/** One vector as read from its file; a replay reads it by the field names its file documents. */
// biome-ignore lint/suspicious/noExplicitAny: a vector's fields are checked by the values they replay to
export type Vector = Record<string, any>;
