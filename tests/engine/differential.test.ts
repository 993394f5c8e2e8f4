/**
 * Differential tests (fast-check): random sequences of batches of valid and invalid ops go through the
 * reference model and the WASM engine, which must agree on every op's receipt or rejection code, on
 * every batch's roots, priority hashes, DA bytes, data hash, public-input hash and per-write witness
 * (siblings, old and new leaves, accounts before and after, root after each op), and on every
 * account's balances and nonce after each batch.
 *
 * Runs with signature checks off on both sides (the model's `checkSignature: false`) cover the most
 * ground per second; runs with them on use real EdDSA-Poseidon signatures, some forged, checked by the
 * engine itself or first by the worker pool (applyVerified). ENGINE_RUNS
 * multiplies the run counts for a longer soak (`ENGINE_RUNS=20 npx vitest run tests/engine`).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createEngine,
  createSignaturePool,
  type Engine,
  type OpOutcome,
  type SealedBatch,
  type SignaturePool,
} from "../../src/bridge/index.js";
import {
  applyBatch,
  applyPublishedBatch,
  type ChainConfig,
  closeBatch,
  createGenesis,
  dataHashOfRecords,
  getAccount,
  initProtocol,
  type L2Tx,
  type Op,
  type PriorityOp,
  publicInputHash,
  type State,
  stateRoot,
  type TokenId,
} from "../../src/protocol/index.js";
import { CONFIG, genesisAccounts } from "./fixtures.js";
import { type Applied, type BatchContext, expectedWitness, expectOp } from "./model.js";
import { HOSTILE_COUNT, materialize, type Spec, specArb } from "./opSpecs.js";

/** Multiplies the run counts: CI runs 1×, `npm run test:differential` a longer 25×. */
const SCALE = Number(process.env.ENGINE_RUNS ?? "1");

let pool: SignaturePool;

beforeAll(async () => {
  await initProtocol();
  pool = createSignaturePool({ workers: 2 });
});

afterAll(async () => {
  await pool.close();
});

interface BatchSpec {
  feeAccount: number;
  ops: Spec[];
}

function batchArb(signatures: boolean, maxOps: number): fc.Arbitrary<BatchSpec> {
  return fc.record({
    feeAccount: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
      fc.integer({ min: 4, max: 6 }),
    ),
    ops: fc.array(specArb(signatures), { maxLength: maxOps }),
  });
}

function compareAccounts(engine: Engine, model: State): void {
  expect(engine.nextIndex).toBe(model.nextIndex);
  for (let i = 0; i <= model.nextIndex; i++) expect(engine.account(i)).toEqual(getAccount(model, i));
  expect(engine.root()).toBe(stateRoot(model));
  expect(engine.priorityHash).toBe(model.priorityHash);
  expect(engine.priorityCount).toBe(model.priorityCount);
  expect(engine.batchNumber).toBe(model.batchNumber);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => {
    out.set(p, at);
    return at + p.length;
  }, 0);
  return out;
}

/** Checks a sealed batch against everything the model derives from the same ops. */
function checkSealed(
  config: ChainConfig,
  sealed: SealedBatch,
  start: State,
  applied: readonly Applied[],
  closed: State,
  feeAccount: number,
  queue: readonly PriorityOp[],
  signatures: boolean,
): void {
  const das = applied.map((a) => a.receipt.da);
  const oldRoot = stateRoot(start);
  const newRoot = stateRoot(closed);
  const dataHash = dataHashOfRecords(das, config.batchSize);
  const batchNumber = start.batchNumber + 1;
  expect(sealed.batchNumber).toBe(batchNumber);
  expect(sealed.oldRoot).toBe(oldRoot);
  expect(sealed.newRoot).toBe(newRoot);
  expect(sealed.oldPriorityHash).toBe(start.priorityHash);
  expect(sealed.newPriorityHash).toBe(closed.priorityHash);
  expect(sealed.published.data).toEqual(concat(das));
  expect(sealed.dataHash).toBe(dataHash);
  expect(sealed.publicInputHash).toBe(
    publicInputHash({
      chainId: config.chainId,
      batchNumber,
      feeAccount,
      oldRoot,
      newRoot,
      oldPriorityHash: start.priorityHash,
      newPriorityHash: closed.priorityHash,
      dataHash,
    }),
  );
  const witness = expectedWitness(start, applied, closed, feeAccount);
  expect(sealed.opRoots).toEqual(witness.opRoots);
  expect(sealed.writes).toEqual(witness.writes);
  expect(sealed.reads).toEqual(witness.reads);
  // The published data alone rebuilds the same state (DA bytes replayed by the model).
  expect(stateRoot(applyPublishedBatch(start, queue, sealed.published))).toBe(newRoot);
  if (signatures) {
    const priorityOps = applied.filter((a) => a.op.type === "deposit" || a.op.type === "forcedExit").length;
    const txs = applied
      .filter((a) => a.op.type === "transfer" || a.op.type === "withdraw")
      .map((a) => a.op as L2Tx);
    const out = applyBatch(
      start,
      { chainId: config.chainId, batchNumber, feeAccount, priorityOps, txs },
      queue,
    );
    expect(out.ok).toBe(true);
    if (out.ok) {
      expect(out.newRoot).toBe(sealed.newRoot);
      expect(out.publicInputHash).toBe(sealed.publicInputHash);
      expect(out.published.data).toEqual(sealed.published.data);
    }
  }
}

/** Every rejection code and no-op reason the engine produced, to show the runs reach them all. */
type Tally = Map<string, number>;
function tally(seen: Tally, o: OpOutcome): void {
  const k = o.ok ? (o.receipt.reason ?? `ok:${o.receipt.status}`) : o.code;
  seen.set(k, (seen.get(k) ?? 0) + 1);
}

async function runSequence(
  config: ChainConfig,
  batches: readonly BatchSpec[],
  signatures: boolean,
  seen: Tally,
  pool?: SignaturePool,
): Promise<void> {
  const genesis = genesisAccounts();
  const engine = await createEngine({ ...config, genesis, checkSignatures: signatures });
  let model = createGenesis(config, genesis);
  const queue: PriorityOp[] = [];
  compareAccounts(engine, model);
  for (const batch of batches) {
    engine.setFeeAccount(batch.feeAccount);
    const start = model;
    const ctx: BatchContext = {
      feeAccount: batch.feeAccount,
      batchSize: config.batchSize,
      signatures,
      count: 0,
      l2Seen: false,
    };
    const ops: Op[] = [];
    const expected: OpOutcome[] = [];
    const applied: Applied[] = [];
    let s = model;
    for (const spec of batch.ops) {
      const op = materialize(spec, s, signatures);
      const { outcome, state } = expectOp(s, op, ctx);
      ops.push(op);
      expected.push(outcome);
      if (outcome.ok && op.type !== "noop") {
        applied.push({ op, receipt: outcome.receipt, before: s, after: state });
        if (op.type === "deposit" || op.type === "forcedExit") queue.push(op);
      }
      s = state;
    }
    // The whole batch crosses the boundary in one call (signatures verified first by the pool, if any).
    const outcomes = pool === undefined ? engine.apply(ops) : await engine.applyVerified(ops, pool);
    outcomes.forEach((o, i) => {
      tally(seen, o);
      const e = expected[i]!;
      if (e.ok) expect(o).toEqual(e);
      else expect({ i, code: o.ok ? "ok" : o.code }).toEqual({ i, code: e.code });
    });
    if (getAccount(s, batch.feeAccount) === undefined) {
      // closeBatch would reject the whole batch: the engine refuses to seal and can discard it.
      expect(() => engine.seal()).toThrow(expect.objectContaining({ code: "BATCH_UNKNOWN_FEE_ACCOUNT" }));
      engine.discard();
      queue.length = start.priorityCount;
      model = start;
    } else {
      const closed = closeBatch(s, batch.feeAccount);
      if ("ok" in closed) throw new Error(`the engine accepted a batch the model rejects: ${closed.code}`);
      const sealed = engine.seal();
      checkSealed(config, sealed, start, applied, closed, batch.feeAccount, queue, signatures);
      model = { ...closed, batchNumber: start.batchNumber + 1 };
    }
    compareAccounts(engine, model);
  }
}

/** Small trees and batches, so that full trees and full batches come up. */
const configArb: fc.Arbitrary<ChainConfig> = fc.record({
  chainId: fc.constant(CONFIG.chainId),
  depth: fc.constantFrom(2, 4, 6),
  batchSize: fc.constantFrom(3, 8),
});

/** Codes every long enough run reaches; the rarer ones are in the hostile table test below. */
const COMMON = [
  "TX_MALFORMED",
  "TX_UNKNOWN_ACCOUNT",
  "TX_NONCE_MISMATCH",
  "TX_INSUFFICIENT_BALANCE",
  "TX_SELF_TRANSFER",
  "PRIORITY_NOT_OWNER",
  "BATCH_UNKNOWN_FEE_ACCOUNT",
];

describe("engine against the reference model", () => {
  test("agrees on every op, batch and account with signature checks off", async () => {
    const seen: Tally = new Map();
    await fc.assert(
      fc.asyncProperty(
        configArb,
        fc.array(batchArb(false, 11), { minLength: 1, maxLength: 4 }),
        (config, batches) => runSequence(config, batches, false, seen),
      ),
      { numRuns: 60 * SCALE },
    );
    console.log("outcomes (signatures off):", Object.fromEntries(seen));
    for (const code of COMMON) expect(seen.has(code), code).toBe(true);
  });

  test("agrees with real signatures, some forged, wrong-keyed or for another chain", async () => {
    const seen: Tally = new Map();
    await fc.assert(
      fc.asyncProperty(
        configArb,
        fc.array(batchArb(true, 9), { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        (config, batches, usePool) => runSequence(config, batches, true, seen, usePool ? pool : undefined),
      ),
      { numRuns: 20 * SCALE },
    );
    console.log("outcomes (signatures on):", Object.fromEntries(seen));
  });

  test("rejects forged, wrong-keyed and other-chain signatures where the model does", async () => {
    const seen: Tally = new Map();
    const sigs = ["corrupt", "wrongKey", "otherChain", "good"] as const;
    const ops: Spec[] = sigs.map((sig) => ({
      kind: "transfer",
      from: 0,
      to: 1,
      token: 1,
      amount: 20n,
      fee: 1n,
      nonce: "current",
      sig,
    }));
    await runSequence(CONFIG, [{ feeAccount: 0, ops }], true, seen);
    await runSequence(CONFIG, [{ feeAccount: 0, ops }], true, seen, pool);
    expect(seen.get("TX_BAD_SIGNATURE")).toBe(6);
    expect(seen.get("ok:applied")).toBe(2);
  });

  test("agrees on the hostile table, a tree filled by deposits, overflows and a full batch", async () => {
    const seen: Tally = new Map();
    const hostile: BatchSpec[] = Array.from({ length: HOSTILE_COUNT }, (_, variant) => ({
      feeAccount: 0,
      ops: [{ kind: "hostile", variant }],
    }));
    await runSequence(CONFIG, hostile, false, seen);
    // 4 genesis accounts + 12 creations fill the 16 leaves of depth 4; the last 2 find the tree full.
    const creates: Spec[] = Array.from({ length: 14 }, (_, i) => ({
      kind: "deposit",
      to: null,
      token: 1,
      amount: 5n,
      fresh: i,
    }));
    await runSequence(
      { ...CONFIG, depth: 4 },
      [
        { feeAccount: 1, ops: creates.slice(0, 7) },
        { feeAccount: 1, ops: creates.slice(7) },
      ],
      false,
      seen,
    );
    // Fee account 3 holds 2^126 − 5 GCC; account 2 holds 2^126 − 5 SPIRIT.
    const tx = (
      kind: "transfer" | "withdraw",
      to: number,
      token: TokenId,
      amount: bigint,
      fee: bigint,
    ): Spec => ({
      kind,
      from: 0,
      to,
      token,
      amount,
      fee,
      nonce: "current",
      sig: "good",
    });
    const edges: Spec[] = [
      { kind: "deposit", to: 2, token: 1, amount: 10n, fresh: 0 },
      tx("transfer", 1, 0, 1n, 5n),
      tx("transfer", 2, 1, 10n, 0n),
      ...Array.from({ length: 8 }, () => tx("withdraw", 0, 0, 1n, 0n)),
    ];
    await runSequence(CONFIG, [{ feeAccount: 3, ops: edges }], false, seen);
    // The deepest tree the protocol allows (32 levels: every index field is full width).
    const deep: Spec[] = [
      { kind: "deposit", to: null, token: 2, amount: 7n, fresh: 1 },
      { kind: "deposit", to: 2 ** 31, token: 0, amount: 1n, fresh: 0 },
      { kind: "forcedExit", account: 1, token: 2, owner: true },
      tx("transfer", 4, 0, 30n, 2n),
      tx("withdraw", 0, 1, 3n, 1n),
    ];
    await runSequence({ ...CONFIG, depth: 32 }, [{ feeAccount: 1, ops: deep }], false, seen);
    for (const code of [
      "TX_UNKNOWN_TOKEN",
      "TX_AMOUNT_RANGE",
      "TX_AMOUNT_NOT_REPRESENTABLE",
      "TX_FEE_NOT_REPRESENTABLE",
      "TX_NONCE_EXHAUSTED",
      "TX_BAD_PUBKEY",
      "PRIORITY_TREE_FULL",
      "TX_BALANCE_OVERFLOW",
      "BATCH_FEE_OVERFLOW",
      "BATCH_FULL",
    ]) {
      expect(seen.has(code), code).toBe(true);
    }
  });
});
