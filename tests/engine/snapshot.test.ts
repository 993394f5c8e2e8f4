/**
 * snapshot() / restoreEngine(): the whole state as bytes and back. A restored engine is
 * indistinguishable from the original: same root, accounts, queue hash and counters, the same bytes
 * when snapshotted again, and the same sealed batch for the same next ops. Damaged bytes are refused.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createEngine, type Engine, restoreEngine } from "../../src/bridge/index.js";
import { ACCOUNT, SNAPSHOT } from "../../src/bridge/layout/index.js";
import { initProtocol, type Op } from "../../src/protocol/index.js";
import { CONFIG, genesisAccounts, key, l1 } from "./fixtures.js";

const NO_SIG = new Uint8Array(64);

function transfer(from: number, to: number, nonce: number, amount = 10n): Op {
  return { type: "transfer", from, to, token: 0, amount, fee: 1n, nonce, signature: NO_SIG };
}

let engine: Engine;
let bytes: Uint8Array;

beforeAll(async () => {
  await initProtocol();
  engine = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
  const { ax, ay } = key(101).publicKey;
  const out = engine.apply([
    { type: "deposit", to: null, token: 1, amount: 500n, ax, ay, l1Address: l1(101) },
    { type: "forcedExit", account: 1, token: 2, requester: l1(1) },
    transfer(0, 4, 0),
    transfer(4, 1, 0, 3n),
  ]);
  expect(out.every((o) => o.ok)).toBe(true);
  engine.seal();
  bytes = engine.snapshot();
});

describe("snapshot and restore", () => {
  test("restores the same state, which snapshots to the same bytes", async () => {
    const restored = await restoreEngine(bytes, { checkSignatures: false, verify: true });
    expect(restored.root()).toBe(engine.root());
    expect(restored.priorityHash).toBe(engine.priorityHash);
    expect(restored.priorityCount).toBe(engine.priorityCount);
    expect(restored.batchNumber).toBe(engine.batchNumber);
    expect(restored.nextIndex).toBe(engine.nextIndex);
    for (let i = 0; i <= engine.nextIndex; i++) expect(restored.account(i)).toEqual(engine.account(i));
    expect(restored.proof(4)).toEqual(engine.proof(4));
    expect(restored.snapshot()).toEqual(bytes);
  });

  test("a restored engine seals the next batch exactly as the original", async () => {
    const a = await restoreEngine(bytes, { checkSignatures: false });
    const b = await restoreEngine(bytes, { checkSignatures: false });
    const next = [transfer(1, 2, 0), transfer(2, 0, 0), transfer(0, 3, 1)];
    expect(a.apply(next)).toEqual(b.apply(next));
    expect(a.seal()).toEqual(b.seal());
  });

  test("refuses truncated, foreign or damaged bytes", async () => {
    const reject = (b: Uint8Array, verify = false) =>
      expect(restoreEngine(b, { checkSignatures: false, verify })).rejects.toMatchObject({
        code: "WASM_BAD_ARGUMENT",
      });
    await reject(bytes.subarray(0, 100));
    await reject(bytes.subarray(0, bytes.length - 1));
    const magic = bytes.slice();
    magic[0] = magic[0]! ^ 1;
    await reject(magic);
    // An account byte changed: only a verified restore notices (its root no longer matches).
    const account = bytes.slice();
    const balance = SNAPSHOT.size + ACCOUNT.fields.balances.offset; // account 0's GCC balance
    account[balance] = account[balance]! ^ 1;
    await reject(account, true);
    // A tree node ≥ p.
    const node = bytes.slice();
    node.fill(0xff, bytes.length - 32);
    await reject(node);
  });

  test("refuses to snapshot in the middle of a batch", async () => {
    const e = await restoreEngine(bytes, { checkSignatures: false });
    e.apply([transfer(1, 2, 0)]);
    expect(() => e.snapshot()).toThrow(expect.objectContaining({ code: "WASM_BAD_ARGUMENT" }));
    e.discard();
    expect(e.snapshot()).toEqual(bytes);
  });
});
