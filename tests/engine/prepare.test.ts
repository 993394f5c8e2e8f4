/**
 * prepare / applyPrepared: a list of txs verified once by the signature pool, then applied in slices
 * with other calls in between. Every slice's outcomes are exactly apply's for the same ops at that
 * moment (a twin engine applies them with apply), whatever happened to the senders since prepare; a
 * pool verdict counts only for the key it was made with; each prepared op is applied once; and every
 * bad argument is WASM_BAD_ARGUMENT and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createEngine,
  createSignaturePool,
  type Engine,
  type PreparedOps,
  type SignaturePool,
} from "../../src/bridge/index.js";
import { GhostError, initProtocol, isGhostError, type Op } from "../../src/protocol/index.js";
import { CONFIG, engineState, genesisAccounts, key, l1, signedTransfer } from "./fixtures.js";

let pool: SignaturePool;

beforeAll(async () => {
  await initProtocol();
  pool = createSignaturePool({ workers: 2 });
});

afterAll(async () => {
  await pool.close();
});

const code = (c: string) => expect.objectContaining({ code: c });
const codeOf = (o: { ok: boolean; code?: string }) => (o.ok ? "ok" : o.code);

/** A deposit creating the next account, owned by key(`seed`). */
function create(seed: number): Op {
  return { type: "deposit", to: null, token: 0, amount: 500n, ...key(seed).publicKey, l1Address: l1(seed) };
}

/** The engine under test and a twin that applies the same ops with apply, from the same genesis. */
async function twins(batchSize = CONFIG.batchSize): Promise<[Engine, Engine]> {
  const options = { ...CONFIG, batchSize, genesis: genesisAccounts() };
  return [await createEngine(options), await createEngine(options)];
}

/** Applies ops[start..end) on both: applyPrepared on `e`, apply on `twin`; they must agree. */
function applyBoth(
  e: Engine,
  twin: Engine,
  prepared: PreparedOps,
  ops: readonly Op[],
  start: number,
  end: number,
) {
  const outcomes = e.applyPrepared(prepared, start, end);
  expect(outcomes).toEqual(twin.apply(ops.slice(start, end)));
  expect(engineState(e)).toEqual(engineState(twin));
  return outcomes.map(codeOf);
}

describe("prepare and applyPrepared", () => {
  test("give apply's outcomes for valid and invalid signatures, in slices with closeBatch between them", async () => {
    const [e, twin] = await twins(4);
    const ops: Op[] = [
      signedTransfer(0, 1, 10n, 0),
      signedTransfer(1, 2, 10n, 0, { signer: 3 }), // signed by another key
      { ...signedTransfer(1, 2, 10n, 0), amount: 11n }, // signature over another amount
      signedTransfer(1, 2, 10n, 0),
      signedTransfer(2, 1, 10n, 0),
      signedTransfer(0, 2, 10n, 2), // a nonce ahead
      signedTransfer(0, 2, 10n, 1),
      signedTransfer(3, 0, 10n, 0),
      signedTransfer(3, 0, 10n, 1),
      signedTransfer(2, 0, 10n, 1),
      signedTransfer(2, 0, 10n, 2), // past the batch's 4 ops: BATCH_FULL
    ];
    const prepared = await e.prepare(ops, pool, 3);
    expect(prepared.length).toBe(ops.length);
    const codes: (string | undefined)[][] = [];
    for (const [start, end] of [
      [0, 5],
      [5, 5],
      [5, 11],
    ] as const) {
      codes.push(applyBoth(e, twin, prepared, ops, start, end));
      e.closeBatch();
      twin.seal();
      expect(engineState(e)).toEqual(engineState(twin));
    }
    expect(codes).toEqual([
      ["ok", "TX_BAD_SIGNATURE", "TX_BAD_SIGNATURE", "ok", "ok"],
      [],
      ["TX_NONCE_MISMATCH", "ok", "ok", "ok", "ok", "BATCH_FULL"],
    ]);
  });

  test("check a sender created after prepare in the core, at its place", async () => {
    const [e, twin] = await twins();
    // Account 4 does not exist yet: neither its good nor its forged tx gets a pool verdict.
    const ops = [
      signedTransfer(4, 0, 7n, 0, { signer: 0 }),
      signedTransfer(4, 0, 7n, 0, { signer: 104 }),
      signedTransfer(4, 1, 7n, 1, { signer: 104 }),
    ];
    const prepared = await e.prepare(ops, pool);
    for (const engine of [e, twin]) engine.apply([create(104)]);
    expect(applyBoth(e, twin, prepared, ops, 0, 3)).toEqual(["TX_BAD_SIGNATURE", "ok", "ok"]);
  });

  test("use a pool verdict only while the sender's key is the one it was checked against", async () => {
    const [e, twin] = await twins();
    for (const engine of [e, twin]) engine.apply([create(104)]);
    // A pool that calls every signature valid: its verdicts are taken as they are (for that key).
    const lying = createSignaturePool({ workers: 1 });
    lying.verifyPreimages = async (items) => items.map(() => true);
    const forged = [signedTransfer(0, 1, 5n, 0, { signer: 3 }), signedTransfer(4, 1, 5n, 0, { signer: 3 })];
    const prepared = await e.prepare(forged, lying);
    await lying.close();
    // Account 4 is created again, with another key: the verdict for the old key no longer counts.
    e.discard();
    e.apply([create(105)]);
    expect(e.applyPrepared(prepared).map(codeOf)).toEqual(["ok", "TX_BAD_SIGNATURE"]);
    // An honest pool gives apply's outcomes for the same state.
    twin.discard();
    twin.apply([create(105)]);
    expect(twin.apply(forged).map(codeOf)).toEqual(["TX_BAD_SIGNATURE", "TX_BAD_SIGNATURE"]);
  });

  test("change nothing and hold nothing while the pool verifies", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const before = engineState(e);
    const pending = e.prepare([signedTransfer(0, 1, 10n, 0), signedTransfer(1, 0, 10n, 0)], pool, 1);
    expect(engineState(e)).toEqual(before);
    // Other calls run during the wait.
    expect(e.apply([create(104)]).map(codeOf)).toEqual(["ok"]);
    e.closeBatch();
    const prepared = await pending;
    expect(e.batchNumber).toBe(1);
    expect(e.applyPrepared(prepared).map(codeOf)).toEqual(["ok", "ok"]);
  });

  test("reject, changing nothing, when the pool fails", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const before = engineState(e);
    const broken = createSignaturePool({ workers: 1 });
    broken.verifyPreimages = async () => {
      throw new GhostError("WASM_ABORT", "signature worker exited");
    };
    await expect(e.prepare([signedTransfer(0, 1, 10n, 0)], broken)).rejects.toSatisfy((x) =>
      isGhostError(x, "WASM_ABORT"),
    );
    await broken.close();
    expect(engineState(e)).toEqual(before);
  });

  test("apply each prepared op once; refuse other engines' ops, ranges out of bounds and look-alikes", async () => {
    const [e, other] = await twins();
    const ops = [signedTransfer(0, 1, 10n, 0), signedTransfer(0, 1, 10n, 1), signedTransfer(0, 1, 10n, 2)];
    const prepared = await e.prepare(ops, pool);
    const foreign = await other.prepare(ops, pool);
    expect(e.applyPrepared(prepared, 1, 2).map(codeOf)).toEqual(["TX_NONCE_MISMATCH"]);
    const before = engineState(e);
    const refused: [string, () => unknown][] = [
      ["the same op again", () => e.applyPrepared(prepared, 1, 2)],
      ["a range holding an applied op", () => e.applyPrepared(prepared)],
      ["another engine's", () => e.applyPrepared(foreign)],
      ["a look-alike", () => e.applyPrepared({ length: 3 } as PreparedOps)],
      ["null", () => e.applyPrepared(null as unknown as PreparedOps)],
      ["end past the length", () => e.applyPrepared(prepared, 0, 4)],
      ["start after end", () => e.applyPrepared(prepared, 1, 0)],
      ["start −1", () => e.applyPrepared(prepared, -1, 1)],
      ["start 0.5", () => e.applyPrepared(prepared, 0.5, 1)],
      ["end NaN", () => e.applyPrepared(prepared, 0, Number.NaN)],
      ['end "1"', () => e.applyPrepared(prepared, 0, "1" as unknown as number)],
    ];
    for (const [name, call] of refused) {
      expect(call, name).toThrow(code("WASM_BAD_ARGUMENT"));
      expect(engineState(e), name).toEqual(before);
    }
    // The refused calls took nothing: the ops around the applied one are still there, once each.
    expect(e.applyPrepared(prepared, 0, 1).map(codeOf)).toEqual(["ok"]);
    expect(e.applyPrepared(prepared, 2).map(codeOf)).toEqual(["TX_NONCE_MISMATCH"]);
    expect(e.applyPrepared(prepared, 3, 3)).toEqual([]);
    expect(other.applyPrepared(foreign).map(codeOf)).toEqual(["ok", "ok", "ok"]);
  });

  test("keep the prepared ops out of the caller's reach", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const op = signedTransfer(0, 1, 10n, 0) as { amount: bigint };
    const prepared = await e.prepare([op as unknown as Op], pool);
    op.amount = 900n; // changed after prepare: the staged copy is what is applied
    expect(Object.keys(prepared)).toEqual(["length"]);
    expect(Object.isFrozen(prepared)).toBe(true);
    expect(() => {
      (prepared as { length: number }).length = 5;
    }).toThrow(TypeError);
    expect(e.applyPrepared(prepared).map(codeOf)).toEqual(["ok"]);
    expect(e.account(1)!.balances[0]).toBe(10n ** 6n + 10n);
  });

  test("are refused while applyVerified awaits the pool", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const prepared = await e.prepare([signedTransfer(1, 0, 10n, 0)], pool);
    const pending = e.applyVerified([signedTransfer(0, 1, 10n, 0)], pool);
    expect(() => e.applyPrepared(prepared)).toThrow(code("WASM_BAD_ARGUMENT"));
    expect((await pending).map(codeOf)).toEqual(["ok"]);
    expect(e.applyPrepared(prepared).map(codeOf)).toEqual(["ok"]);
  });
});
