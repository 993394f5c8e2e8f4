/**
 * The hostile-input table (hostile.ts) against the engine and the reference model side by side: each op
 * entry gets the same code from the model's applyOp and from apply, applyAll, applyVerified and
 * applyPrepared, and leaves every account, counter and the queue hash as they were (so the sealed root
 * is the model's); each genesis entry is GENESIS_INVALID from createGenesis and createEngine; each bad
 * call is WASM_BAD_ARGUMENT and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEngine, type Engine, type SignaturePool } from "../../src/bridge/index.js";
import {
  applyOp,
  createGenesis,
  getAccount,
  initProtocol,
  isGhostError,
  type Op,
  type State,
  stateRoot,
} from "../../src/protocol/index.js";
import { genesisAccounts } from "./fixtures.js";
import { CALL_ENTRIES, GENESIS_ENTRIES, OP_ENTRIES, TABLE_CONFIG, TABLE_SIZE, tablePool } from "./hostile.js";

let pool: SignaturePool;
let engine: Engine;
let model: State;

beforeAll(async () => {
  await initProtocol();
  pool = tablePool();
  engine = await createEngine({ ...TABLE_CONFIG, genesis: genesisAccounts() });
  model = createGenesis(TABLE_CONFIG, genesisAccounts());
});

afterAll(async () => {
  await pool.close();
});

/** Everything an op could have changed, as the engine reports it. */
function fingerprint(e: Engine) {
  const accounts = Array.from({ length: e.nextIndex + 1 }, (_, i) => e.account(i));
  return {
    accounts,
    n: e.nextIndex,
    q: e.priorityHash,
    pc: e.priorityCount,
    open: e.openOps,
    fees: e.pendingFees,
  };
}

function expectModelUnchanged(e: Engine, m: State): void {
  expect(e.nextIndex).toBe(m.nextIndex);
  for (let i = 0; i <= m.nextIndex; i++) expect(e.account(i)).toEqual(getAccount(m, i));
  expect(e.priorityHash).toBe(m.priorityHash);
}

describe(`the hostile-input table (${TABLE_SIZE} entries)`, () => {
  test.each(OP_ENTRIES.map((e) => [e.name, e] as const))(
    "op %s: the same code from the engine and the model",
    async (_, entry) => {
      const before = fingerprint(engine);
      const fromModel = applyOp(model, entry.op() as Op);
      expect(fromModel.ok ? "ok" : fromModel.code).toBe(entry.code);
      const applied = engine.apply([entry.op() as Op])[0]!;
      expect(applied.ok ? "ok" : applied.code).toBe(entry.code);
      const all = engine.applyAll([entry.op() as Op]);
      expect(all.applied).toBe(false);
      expect(all.outcomes.map((o) => (o.ok ? "ok" : o.code))).toEqual([entry.code]);
      const verified = (await engine.applyVerified([entry.op() as Op], pool))[0]!;
      expect(verified.ok ? "ok" : verified.code).toBe(entry.code);
      const prepared = engine.applyPrepared(await engine.prepare([entry.op() as Op], pool))[0]!;
      expect(prepared.ok ? "ok" : prepared.code).toBe(entry.code);
      expect(fingerprint(engine)).toEqual(before);
      expectModelUnchanged(engine, model);
    },
  );

  test("after every op entry the sealed root is the model's", () => {
    engine.seal();
    expect(engine.root()).toBe(stateRoot(model));
    expect(engine.batchNumber).toBe(1);
  });

  test.each(GENESIS_ENTRIES.map((e) => [e.name, e] as const))(
    "genesis %s: GENESIS_INVALID from both",
    async (_, entry) => {
      const options = { ...TABLE_CONFIG, ...entry.config, genesis: entry.genesis ?? [] };
      if (!entry.engineOnly) {
        expect(() => createGenesis(options as never, options.genesis as never)).toThrow(
          expect.objectContaining({ code: "GENESIS_INVALID" }),
        );
      }
      await expect(createEngine(options as never)).rejects.toSatisfy((e) =>
        isGhostError(e, "GENESIS_INVALID"),
      );
    },
  );

  test.each(CALL_ENTRIES.map((e) => [e.name, e] as const))(
    "call %s: WASM_BAD_ARGUMENT, nothing changes",
    async (_, entry) => {
      const e = await createEngine({ ...TABLE_CONFIG, genesis: genesisAccounts() });
      e.apply([{ type: "deposit", to: 1, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n }]);
      const before = fingerprint(e);
      let thrown: unknown;
      try {
        await entry.call(e, pool);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toSatisfy((x) => isGhostError(x, "WASM_BAD_ARGUMENT"));
      expect(fingerprint(e)).toEqual(before);
    },
  );
});
