/**
 * closeBatch: an engine that only soft-confirms closes each batch as a sealing engine does for the
 * accounts, without the tree. Two engines from the same genesis run the same batches, one sealing and
 * one closing, and must agree after every batch on every account, counter and the queue hash, and on
 * what the close reports. Once it has closed a batch, the closing engine has no tree and refuses
 * everything that needs one; a close that cannot happen leaves the batch open.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sealChecksum } from "../../src/bridge/engine/snapshotHeader.js";
import {
  type ClosedBatch,
  createEngine,
  createSignaturePool,
  type Engine,
  restoreEngine,
  type SealedBatch,
  type SignaturePool,
} from "../../src/bridge/index.js";
import { SNAPSHOT } from "../../src/bridge/layout/index.js";
import {
  type ChainConfig,
  createGenesis,
  getAccount,
  initProtocol,
  closeBatch as modelClose,
  type Op,
  type State,
  signTx,
} from "../../src/protocol/index.js";
import { CONFIG, engineState, genesisAccounts, key, l1, signedTransfer } from "./fixtures.js";
import { type BatchContext, expectOp } from "./model.js";
import { materialize, type Spec, specArb } from "./opSpecs.js";

let pool: SignaturePool;

beforeAll(async () => {
  await initProtocol();
  pool = createSignaturePool({ workers: 2 });
});

afterAll(async () => {
  await pool.close();
});

const code = (c: string) => expect.objectContaining({ code: c });

/** What a seal says about the accounts' side of the batch, in closeBatch's terms. */
function closedOf(sealed: SealedBatch): ClosedBatch {
  return {
    batchNumber: sealed.batchNumber,
    feeAccount: sealed.feeAccount,
    opCount: sealed.opRoots.length,
    priorityOps: sealed.priorityOps,
    collectedFees: sealed.collectedFees,
  };
}

/** Two engines at the same genesis: the first will seal, the second close. */
async function twins(config: ChainConfig, checkSignatures = false): Promise<[Engine, Engine]> {
  const options = { ...config, genesis: genesisAccounts(), checkSignatures };
  return [await createEngine(options), await createEngine(options)];
}

/** Ends the open batch on both engines (seal, close) and checks they agree; returns what closed. */
function endBatch(sealer: Engine, closer: Engine): ClosedBatch {
  const closed = closer.closeBatch();
  expect(closed).toEqual(closedOf(sealer.seal()));
  expect(engineState(closer)).toEqual(engineState(sealer));
  return closed;
}

interface BatchSpec {
  feeAccount: number;
  ops: Spec[];
  /** Where the closing engine splits the batch's ops between two applyPrepared calls (modulo length + 1). */
  split: number;
}

const batchArb: fc.Arbitrary<BatchSpec> = fc.record({
  feeAccount: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
    fc.integer({ min: 4, max: 6 }),
  ),
  ops: fc.array(specArb(false), { maxLength: 10 }),
  split: fc.nat(),
});

const configArb: fc.Arbitrary<ChainConfig> = fc.record({
  chainId: fc.constant(CONFIG.chainId),
  depth: fc.constantFrom(2, 4, 6),
  batchSize: fc.constantFrom(3, 8),
});

/**
 * Runs `batches` through a sealing and a closing engine. The model is only the source of the ops
 * (current nonces, owners) and of whether the batch's fee account exists; the sealing engine is held
 * to the model by the differential tests, and the closing engine is held to it here.
 */
async function runTwins(config: ChainConfig, batches: readonly BatchSpec[]): Promise<void> {
  const [sealer, closer] = await twins(config);
  let model = createGenesis(config, genesisAccounts());
  for (const batch of batches) {
    sealer.setFeeAccount(batch.feeAccount);
    closer.setFeeAccount(batch.feeAccount);
    const ctx: BatchContext = {
      feeAccount: batch.feeAccount,
      batchSize: config.batchSize,
      signatures: false,
      count: 0,
      l2Seen: false,
    };
    let s: State = model;
    const ops: Op[] = batch.ops.map((spec) => {
      const op = materialize(spec, s, false);
      s = expectOp(s, op, ctx).state;
      return op;
    });
    const prepared = await closer.prepare(ops, pool);
    const k = batch.split % (ops.length + 1);
    const outcomes = [...closer.applyPrepared(prepared, 0, k), ...closer.applyPrepared(prepared, k)];
    expect(outcomes).toEqual(sealer.apply(ops));
    if (getAccount(s, batch.feeAccount) === undefined) {
      const open = engineState(closer);
      expect(() => sealer.seal()).toThrow(code("BATCH_UNKNOWN_FEE_ACCOUNT"));
      expect(() => closer.closeBatch()).toThrow(code("BATCH_UNKNOWN_FEE_ACCOUNT"));
      expect(engineState(closer)).toEqual(open);
      sealer.discard();
      closer.discard();
    } else {
      const closed = modelClose(s, batch.feeAccount);
      if ("ok" in closed) throw new Error(`the engine accepted a batch the model rejects: ${closed.code}`);
      model = { ...closed, batchNumber: model.batchNumber + 1 };
      endBatch(sealer, closer);
    }
    expect(engineState(closer)).toEqual(engineState(sealer));
    expect(closer.batchNumber).toBe(model.batchNumber);
  }
}

describe("closeBatch", () => {
  test("closes every batch as seal does for the accounts (random batches, both engines compared)", async () => {
    await fc.assert(
      fc.asyncProperty(configArb, fc.array(batchArb, { minLength: 1, maxLength: 5 }), runTwins),
      { numRuns: 40 },
    );
  });

  test("agrees with seal on signed batches: created accounts, transfers, withdrawals, fees, rejections", async () => {
    const [sealer, closer] = await twins({ ...CONFIG, batchSize: 4 }, true);
    const { ax, ay } = key(104).publicKey;
    const withdraw = signTx(CONFIG.chainId, key(1).privateKey, {
      type: "withdraw",
      from: 1,
      token: 0,
      amount: 40n,
      fee: 3n,
      nonce: 0,
    });
    const fromNew = signTx(CONFIG.chainId, key(104).privateKey, {
      type: "transfer",
      from: 4,
      to: 0,
      token: 1,
      amount: 5n,
      fee: 0n,
      nonce: 0,
    });
    const batches: { feeAccount: number; ops: Op[] }[] = [
      {
        feeAccount: 0,
        ops: [
          { type: "deposit", to: null, token: 1, amount: 90n, ax, ay, l1Address: l1(104) },
          signedTransfer(0, 1, 100n, 0, { fee: 7n }),
          { ...signedTransfer(1, 2, 10n, 0, { fee: 1n }), amount: 11n }, // signature for another amount
          withdraw,
        ],
      },
      {
        feeAccount: 3,
        ops: [
          { type: "forcedExit", account: 2, token: 1, requester: l1(2) },
          fromNew,
          signedTransfer(0, 4, 30n, 1, { fee: 2n }),
          signedTransfer(1, 0, 1n, 1, { fee: 5n }), // fee account 3 holds 2^126 − 5 GCC: BATCH_FEE_OVERFLOW
          signedTransfer(0, 4, 30n, 1, { fee: 2n }), // replayed nonce
        ],
      },
      {
        feeAccount: 1,
        ops: [
          signedTransfer(2, 0, 1n, 0, { fee: 5n }),
          signedTransfer(2, 0, 1n, 1, { fee: 5n }),
          signedTransfer(4, 1, 1n, 1, { fee: 1n, signer: 104 }),
        ],
      },
    ];
    const closes: ClosedBatch[] = [];
    const codes: string[][] = [];
    for (const batch of batches) {
      sealer.setFeeAccount(batch.feeAccount);
      closer.setFeeAccount(batch.feeAccount);
      const outcomes = closer.apply(batch.ops);
      expect(outcomes).toEqual(sealer.apply(batch.ops));
      codes.push(outcomes.map((o) => (o.ok ? "ok" : o.code)));
      closes.push(endBatch(sealer, closer));
    }
    expect(codes).toEqual([
      ["ok", "ok", "TX_BAD_SIGNATURE", "ok"],
      ["ok", "ok", "ok", "BATCH_FEE_OVERFLOW", "TX_NONCE_MISMATCH"],
      ["ok", "ok", "ok"],
    ]);
    expect(closes).toEqual([
      { batchNumber: 1, feeAccount: 0, opCount: 3, priorityOps: 1, collectedFees: 10n },
      { batchNumber: 2, feeAccount: 3, opCount: 3, priorityOps: 1, collectedFees: 2n },
      { batchNumber: 3, feeAccount: 1, opCount: 3, priorityOps: 0, collectedFees: 11n },
    ]);
  });

  test("leaves the engine without a tree: seal, root, proof, snapshot and buildTree refused, reads kept", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    e.apply([{ type: "forcedExit", account: 1, token: 0, requester: l1(1) }]);
    expect(e.closeBatch()).toEqual({
      batchNumber: 1,
      feeAccount: 0,
      opCount: 1,
      priorityOps: 1,
      collectedFees: 0n,
    });
    for (const call of [
      () => e.seal(),
      () => e.root(),
      () => e.proof(0),
      () => e.snapshot(),
      () => e.buildTree(),
    ]) {
      expect(call).toThrow(code("WASM_BAD_ARGUMENT"));
      expect(call).toThrow(/closes its batches with closeBatch and has no tree/);
    }
    expect(e.account(1)!.balances[0]).toBe(0n);
    expect(e.priorityCount).toBe(1);
    expect(e.priorityHash).not.toBe(0n);
    expect(e.batchNumber).toBe(1);
    // Still refused after more batches, an empty one included; applying and discarding go on.
    e.closeBatch();
    e.apply([{ type: "deposit", to: 0, token: 2, amount: 3n, ax: 0n, ay: 0n, l1Address: 0n }]);
    e.discard();
    expect(() => e.root()).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(e.batchNumber).toBe(2);
  });

  test("refuses with BATCH_UNKNOWN_FEE_ACCOUNT, the batch still open, when the fee account does not exist", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    e.setFeeAccount(9);
    e.apply([{ type: "deposit", to: 1, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n }]);
    const open = engineState(e);
    expect(() => e.closeBatch()).toThrow(code("BATCH_UNKNOWN_FEE_ACCOUNT"));
    expect(engineState(e)).toEqual(open);
    // Nothing was closed, so the tree is still the engine's: it can still seal.
    e.setFeeAccount(2);
    expect(e.seal()).toMatchObject({ batchNumber: 1, feeAccount: 2, priorityOps: 1 });
    expect(e.root()).not.toBe(0n);
  });

  test("refuses after batch 2^32 − 1 with BATCH_WRONG_NUMBER, the batch still open", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    const bytes = e.snapshot();
    new DataView(bytes.buffer).setUint32(SNAPSHOT.fields.batchNumber.offset, 2 ** 32 - 1, true);
    sealChecksum(bytes);
    const last = await restoreEngine(bytes, { checkSignatures: false });
    last.apply([{ type: "deposit", to: 1, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n }]);
    const open = engineState(last);
    expect(() => last.closeBatch()).toThrow(code("BATCH_WRONG_NUMBER"));
    expect(engineState(last)).toEqual(open);
    expect(last.batchNumber).toBe(2 ** 32 - 1);
  });

  test("drops the batch's checkpoints, and is refused while applyVerified awaits the pool", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const cp = e.checkpoint();
    e.closeBatch();
    expect(() => e.revertTo(cp)).toThrow(code("WASM_BAD_ARGUMENT"));
    const pending = e.applyVerified([signedTransfer(0, 1, 10n, 0, { fee: 1n })], pool);
    expect(() => e.closeBatch()).toThrow(code("WASM_BAD_ARGUMENT"));
    expect((await pending).map((o) => o.ok)).toEqual([true]);
    expect(e.closeBatch()).toMatchObject({ batchNumber: 2, opCount: 1, collectedFees: 1n });
  });

  test("leaves the core refusing the tree's exports too, not only the facade", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    e.closeBatch();
    const x = (e as unknown as { x: Record<string, (...a: number[]) => number> }).x;
    const out = (e as unknown as { core: { io(n: number): number } }).core.io(1 << 16);
    for (const name of ["stateSeal", "stateBuildTree", "stateRoot"]) expect(x[name]!(out), name).not.toBe(0);
    expect(x.stateProof!(0, out)).not.toBe(0);
    expect(x.stateCopyNodes!(0, 0, 1, out)).not.toBe(0);
  });
});
