/**
 * The facade against an adversarial caller, one behaviour per test: malformed ops are outcomes that
 * change nothing, applyVerified applies exactly what it verified and all or nothing, checkpoints undo
 * only what follows them, and sizes and 32-bit counts are refused before they can wrap.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createEngine,
  createSignaturePool,
  type Engine,
  type SignaturePool,
  sharedCore,
} from "../../src/bridge/index.js";
import {
  applyOp,
  closeBatch,
  createGenesis,
  GhostError,
  initProtocol,
  isGhostError,
  type L2Tx,
  MAX_BATCH_SIZE,
  type Op,
  type State,
  signTx,
  stateRoot,
} from "../../src/protocol/index.js";
import { applyL2Tx } from "../../src/protocol/model/applyOp.js";
import { CONFIG, genesisAccounts, key, l1 } from "./fixtures.js";

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
const NO_SIG = new Uint8Array(64);

function signed(from: number, to: number, amount: bigint, nonce = 0): L2Tx {
  return signTx(CONFIG.chainId, key(from).privateKey, {
    type: "transfer",
    from,
    to,
    token: 0,
    amount,
    fee: 1n,
    nonce,
  });
}

function unsigned(from: number, to: number, amount: bigint, nonce = 0): L2Tx {
  return { type: "transfer", from, to, token: 0, amount, fee: 1n, nonce, signature: NO_SIG };
}

function balances(e: Engine): bigint[][] {
  return Array.from({ length: e.nextIndex }, (_, i) => [...e.account(i)!.balances]);
}

/** The model's state after `ops` (signatures checked) and the batch closed with fee account 0. */
function modelAfter(ops: readonly Op[], checkSignature = true): State {
  let s = createGenesis(CONFIG, genesisAccounts());
  for (const op of ops) {
    const r =
      op.type === "transfer" || op.type === "withdraw"
        ? applyL2Tx(s, op, { checkSignature })
        : applyOp(s, op);
    if (r.ok) s = r.state;
  }
  const closed = closeBatch(s, 0);
  if ("ok" in closed) throw new Error(closed.code);
  return closed;
}

describe("malformed ops", () => {
  test("rejects an op whose type is an inherited property name with TX_MALFORMED and applies nothing", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    const q = e.priorityHash;
    const out = e.apply(["toString", "constructor", "valueOf"].map((type) => ({ type }) as unknown as Op));
    expect(out.map(codeOf)).toEqual(["TX_MALFORMED", "TX_MALFORMED", "TX_MALFORMED"]);
    expect(out[0]).toMatchObject({ message: expect.stringContaining('"type"') });
    expect(e.priorityCount).toBe(0);
    expect(e.priorityHash).toBe(q);
    expect(e.openOps).toBe(0);
  });

  test("gives null and undefined ops TX_MALFORMED outcomes, as the model's applyOp does", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const model = createGenesis(CONFIG, genesisAccounts());
    for (const op of [null, undefined]) {
      expect(applyOp(model, op as unknown as Op)).toMatchObject({ ok: false, code: "TX_MALFORMED" });
      expect(e.apply([op as unknown as Op]).map(codeOf)).toEqual(["TX_MALFORMED"]);
    }
  });

  test("refuses a sparse op list with WASM_BAD_ARGUMENT: no stale slot is replayed, no deposit credited twice", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    const deposit: Op = { type: "deposit", to: 1, token: 2, amount: 1000n, ax: 0n, ay: 0n, l1Address: 0n };
    e.apply([deposit, deposit]);
    const before = balances(e);
    const holes = new Array<Op>(2);
    expect(() => e.apply(holes)).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(balances(e)).toEqual(before);
    expect(e.openOps).toBe(2);
  });

  test("names the field and the bound in a malformed op's message", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    const [o] = e.apply([{ ...unsigned(0, 1, 1n), from: 2 ** 33 }]);
    expect(o).toMatchObject({
      ok: false,
      code: "TX_MALFORMED",
      message: '"from" expected integer below 2^32, got 8589934592',
    });
  });
});

describe("applyVerified", () => {
  test("applies exactly the ops it verified although the caller replaces or changes them during the wait", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const first = { ...signed(0, 1, 10n) } as { amount: bigint };
    const ops: Op[] = [first as unknown as Op, signed(1, 2, 20n)];
    const pending = e.applyVerified(ops, pool, 1);
    first.amount = 5000n; // changed after its signature was verified
    ops[1] = unsigned(1, 2, 4000n); // replaced by an unsigned transfer
    const out = await pending;
    expect(out.map(codeOf)).toEqual(["ok", "ok"]);
    e.seal();
    expect(e.root()).toBe(stateRoot(modelAfter([signed(0, 1, 10n), signed(1, 2, 20n)])));
  });

  test("applies nothing of the call when the pool fails on a later chunk, and rethrows", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    e.apply([{ type: "forcedExit", account: 3, token: 2, requester: l1(3) }]);
    const before = balances(e);
    const broken = createSignaturePool({ workers: 1 });
    const verify = broken.verifyPreimages;
    let calls = 0;
    broken.verifyPreimages = async (items) => {
      calls++;
      if (calls === 2) throw new GhostError("WASM_ABORT", "signature worker exited");
      return verify(items);
    };
    const ops = [signed(0, 1, 10n), signed(1, 2, 20n), signed(2, 0, 30n)];
    await expect(e.applyVerified(ops, broken, 1)).rejects.toSatisfy((x) => isGhostError(x, "WASM_ABORT"));
    await broken.close();
    expect(balances(e)).toEqual(before);
    expect(e.openOps).toBe(1);
    // The engine is usable afterwards, and applies the same ops normally.
    expect((await e.applyVerified(ops, pool, 1)).map(codeOf)).toEqual(["ok", "ok", "ok"]);
  });

  test("refuses chunk 0 and NaN before applying anything (no hang, no silent empty result)", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    for (const chunk of [0, Number.NaN, -3, 0.5]) {
      await expect(e.applyVerified([signed(0, 1, 10n)], pool, chunk)).rejects.toSatisfy((x) =>
        isGhostError(x, "WASM_BAD_ARGUMENT"),
      );
    }
    expect(e.openOps).toBe(0);
  });

  test("refuses every other state change while it awaits the pool", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const pending = e.applyVerified([signed(0, 1, 10n)], pool);
    expect(() => e.apply([])).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(() => e.discard()).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(() => e.seal()).toThrow(code("WASM_BAD_ARGUMENT"));
    expect((await pending).map(codeOf)).toEqual(["ok"]);
  });
});

describe("checkpoints inside the open batch", () => {
  test("revertTo undoes only the ops after the checkpoint; the batch seals as the model's without them", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    const { ax, ay } = key(50).publicKey;
    const kept: Op[] = [
      { type: "deposit", to: null, token: 1, amount: 9n, ax, ay, l1Address: l1(50) },
      unsigned(0, 1, 10n),
    ];
    e.apply(kept);
    const cp = e.checkpoint();
    expect(cp.openOps).toBe(2);
    const q = e.priorityHash;
    const fees = e.pendingFees;
    const user = [
      { type: "deposit", to: null, token: 0, amount: 1n, ...key(51).publicKey, l1Address: 5n } as Op,
      unsigned(1, 4, 3n),
      unsigned(4, 2, 1n),
    ];
    // A priority op after an L2 tx is refused; the two transfers apply.
    expect(e.apply(user).map(codeOf)).toEqual(["TX_MALFORMED", "ok", "ok"]);
    e.revertTo(cp);
    expect(e.openOps).toBe(2);
    expect(e.priorityHash).toBe(q);
    expect(e.pendingFees).toBe(fees);
    expect(e.account(4)!.balances).toEqual([0n, 9n, 0n, 0n]);
    e.revertTo(cp); // still valid, and a no-op now
    const more = [unsigned(2, 0, 7n)];
    e.apply(more);
    e.seal();
    expect(e.root()).toBe(stateRoot(modelAfter([...kept, ...more], false)));
  });

  test("drops later checkpoints on revert, and all of them at seal and discard", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    const a = e.checkpoint();
    e.apply([unsigned(0, 1, 1n)]);
    const b = e.checkpoint();
    e.revertTo(a);
    expect(() => e.revertTo(b)).toThrow(code("WASM_BAD_ARGUMENT"));
    e.apply([unsigned(0, 1, 1n)]);
    const c = e.checkpoint();
    e.discard();
    expect(() => e.revertTo(c)).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(() => e.revertTo(a)).toThrow(code("WASM_BAD_ARGUMENT"));
  });

  test("applyAll applies a user's txs all or nothing, keeping the rest of the open batch", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    e.apply([unsigned(0, 1, 10n)]);
    const before = balances(e);
    const rejected = e.applyAll([unsigned(1, 2, 5n, 0), unsigned(1, 2, 5n, 7)]);
    expect(rejected.applied).toBe(false);
    expect(rejected.outcomes.map(codeOf)).toEqual(["ok", "TX_NONCE_MISMATCH"]);
    expect(balances(e)).toEqual(before);
    expect(e.openOps).toBe(1);
    const accepted = e.applyAll([unsigned(1, 2, 5n, 0), unsigned(1, 2, 5n, 1)]);
    expect(accepted.applied).toBe(true);
    expect(e.openOps).toBe(3);
  });
});

describe("sizes and 32-bit counts", () => {
  test("refuses I/O buffers above 2^30 bytes instead of looping or wrapping modulo 2^32", () => {
    const core = sharedCore();
    expect(core.exports.ioBuffer(2 ** 31 + 1)).toBe(0);
    expect(() => core.io(2 ** 31 + 1)).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(() => core.io(2 ** 32 + 64)).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(() => core.io(-1)).toThrow(code("WASM_BAD_ARGUMENT"));
  });

  test("refuses an op list of millions of noops at once", async () => {
    const e = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const started = performance.now();
    expect(() => e.apply(new Array(4_000_000).fill({ type: "noop" }))).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("bounds batchSize by MAX_BATCH_SIZE in the engine and in createGenesis alike", async () => {
    expect(createGenesis({ ...CONFIG, batchSize: MAX_BATCH_SIZE }).config.batchSize).toBe(MAX_BATCH_SIZE);
    expect((await createEngine({ ...CONFIG, batchSize: MAX_BATCH_SIZE })).batchSize).toBe(MAX_BATCH_SIZE);
    for (const batchSize of [MAX_BATCH_SIZE + 1, 2 ** 32 - 1]) {
      expect(() => createGenesis({ ...CONFIG, batchSize })).toThrow(code("GENESIS_INVALID"));
      await expect(createEngine({ ...CONFIG, batchSize })).rejects.toSatisfy((x) =>
        isGhostError(x, "GENESIS_INVALID"),
      );
    }
  });

  test("loadGenesisAccounts loads all or nothing: too many for the tree, or a bad key in a later slice", async () => {
    const e = await createEngine({ ...CONFIG, depth: 2, genesis: genesisAccounts(2) });
    expect(() => e.loadGenesisAccounts(genesisAccounts(3))).toThrow(code("GENESIS_INVALID"));
    expect(e.nextIndex).toBe(2);
    const big = await createEngine({ chainId: 1, depth: 16, batchSize: 8 });
    const good = genesisAccounts(1)[0]!;
    const many = Array.from({ length: 7000 }, () => good);
    many[6999] = { ...good, ax: 1n };
    expect(() => big.loadGenesisAccounts(many)).toThrow(code("GENESIS_INVALID"));
    expect(big.nextIndex).toBe(0);
  });
});
