/**
 * The reference side of the differential tests: what the model says each op, and each batch, must
 * give. Per op it is the model's applyOp (applyL2Tx without signatures when the run has them off, as
 * when replaying published data), preceded by the batch-level rules the engine enforces per op
 * (BATCH_FULL, priority ops first) and followed by closeBatch's two rejections, which the engine
 * turns into per-tx refusals (docs in assembly/state/ops.ts).
 */

import type { OpOutcome } from "../../src/bridge/index.js";
import {
  type Account,
  accountLeaf,
  applyOp,
  closeBatch,
  type ErrorCode,
  getAccount,
  type L2Tx,
  merkleProof,
  type Op,
  type OpResult,
  type Receipt,
  type State,
  setLeaf,
  treeRoot,
} from "../../src/protocol/index.js";
import { applyL2Tx } from "../../src/protocol/model/applyOp.js";
import { writesOf } from "./fixtures.js";

export interface BatchContext {
  readonly feeAccount: number;
  readonly batchSize: number;
  readonly signatures: boolean;
  count: number;
  l2Seen: boolean;
}

export interface Applied {
  readonly op: Op;
  readonly receipt: Receipt;
  readonly before: State;
  readonly after: State;
}

const KNOWN = new Set(["deposit", "forcedExit", "transfer", "withdraw", "noop"]);

function rejected(code: ErrorCode): OpOutcome {
  return { ok: false, code, message: "" };
}

/** The expected outcome of `op` on model state `s`, and the state after it. */
export function expectOp(s: State, op: Op, ctx: BatchContext): { outcome: OpOutcome; state: State } {
  // An op is a non-null object with an own, known type (else TX_MALFORMED, before any batch rule).
  const own = typeof op === "object" && op !== null && Object.hasOwn(op, "type");
  if (!own || !KNOWN.has((op as { type: unknown }).type as string)) {
    return { outcome: rejected("TX_MALFORMED"), state: s };
  }
  if (op.type === "noop") {
    return { outcome: { ok: true, receipt: { status: "applied", da: new Uint8Array(0) } }, state: s };
  }
  if (ctx.count >= ctx.batchSize) return { outcome: rejected("BATCH_FULL"), state: s };
  const l2 = op.type === "transfer" || op.type === "withdraw";
  if (!l2 && ctx.l2Seen) return { outcome: rejected("TX_MALFORMED"), state: s };
  const r: OpResult =
    l2 && !ctx.signatures ? applyL2Tx(s, op as L2Tx, { checkSignature: false }) : applyOp(s, op);
  if (!r.ok) return { outcome: rejected(r.code), state: s };
  if (l2) {
    if (getAccount(r.state, ctx.feeAccount) === undefined) {
      return { outcome: rejected("BATCH_UNKNOWN_FEE_ACCOUNT"), state: s };
    }
    const closed = closeBatch(r.state, ctx.feeAccount);
    if ("ok" in closed) return { outcome: rejected(closed.code), state: s };
    ctx.l2Seen = true;
  }
  ctx.count++;
  return { outcome: { ok: true, receipt: r.receipt }, state: r.state };
}

export interface ExpectedWrite {
  op: number;
  index: number;
  oldLeaf: bigint;
  newLeaf: bigint;
  before: Account | null;
  after: Account;
  siblings: readonly bigint[];
}

export interface ExpectedRead {
  op: number;
  slot: "a" | "b" | "padding";
  index: number;
  leaf: bigint;
  account: Account | null;
  siblings: readonly bigint[];
}

/** The leaves an op reads for the circuit's slots A (before) and B (after), per docs in sealCodec.ts. */
function readsOf(a: Applied, depth: number): { a?: number; b?: number } {
  const { op, receipt } = a;
  const named = (i: number) => (i < 2 ** depth ? i : 0);
  if (receipt.status === "noop") {
    const i =
      receipt.reason === "PRIORITY_TREE_FULL"
        ? 2 ** depth - 1
        : named(op.type === "forcedExit" ? op.account : op.type === "deposit" ? (op.to ?? 0) : 0);
    return { a: i, b: i };
  }
  switch (op.type) {
    case "withdraw":
      return { b: op.from };
    case "forcedExit":
      return { b: op.account };
    case "deposit": {
      const i = receipt.account!;
      return { b: op.to === null && i > 0 ? i - 1 : i };
    }
    default:
      return {};
  }
}

/**
 * The witness the model implies for a batch: every leaf write in order (the model's putAccount order),
 * with the siblings and old leaf of the tree just before it, the root after each op, and the leaves
 * each op reads for the circuit's slots.
 */
export function expectedWitness(
  start: State,
  applied: readonly Applied[],
  closed: State,
  feeAccount: number,
): { writes: ExpectedWrite[]; opRoots: bigint[]; reads: ExpectedRead[] } {
  const depth = start.config.depth;
  let nodes = start.nodes;
  const writes: ExpectedWrite[] = [];
  const opRoots: bigint[] = [];
  const reads: ExpectedRead[] = [];
  const read = (op: number, slot: ExpectedRead["slot"], index: number, state: State) => {
    const proof = merkleProof(nodes, depth, index);
    const account = getAccount(state, index) ?? null;
    reads.push({ op, slot, index, leaf: proof.leaf, account, siblings: proof.siblings });
  };
  const write = (op: number, index: number, before: State, after: State) => {
    const account = getAccount(after, index)!;
    const proof = merkleProof(nodes, depth, index);
    const leaf = accountLeaf(account);
    writes.push({
      op,
      index,
      oldLeaf: proof.leaf,
      newLeaf: leaf,
      before: getAccount(before, index) ?? null,
      after: account,
      siblings: proof.siblings,
    });
    nodes = setLeaf(nodes, depth, index, leaf);
  };
  applied.forEach((a, k) => {
    const r = readsOf(a, depth);
    if (r.a !== undefined) read(k, "a", r.a, a.before);
    for (const index of writesOf(a.op, a.receipt)) write(k, index, a.before, a.after);
    if (r.b !== undefined) read(k, "b", r.b, a.after);
    opRoots.push(treeRoot(nodes, depth));
  });
  const last = applied.at(-1)?.after ?? start;
  read(applied.length, "padding", 0, last);
  write(applied.length, feeAccount, last, closed);
  return { writes, opRoots, reads };
}
