/**
 * The WASM engine replays the protocol's vectors of what must be refused (tests/vectors/rejections.json,
 * merkle.json, signatures.json): the same code for every rejected op, the same no-op reason and record
 * for every priority op the state turns down, the same first failing position in a batch, the same
 * Merkle proofs and the same signature verdicts as the model that wrote them.
 *
 * Batch header checks (chain id, batch number, queue length: "header" in the file) belong to whoever
 * numbers and posts batches, not to the engine, which applies ops; so do genesis vectors beyond the
 * engine's own createGenesis rules (tests/engine/api.test.ts).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { createEngine, type Engine, verifySignature } from "../../src/bridge/index.js";
import { initProtocol } from "../../src/protocol/index.js";
import { bytes, rawAccount, rawOp, rawOps, rawQueue, type Vector } from "../vectors/decode.js";

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));
const rejections = load("rejections.json");
const merkle = load("merkle.json");
const signatures = load("signatures.json");

beforeAll(() => initProtocol());

/** An engine at the genesis of one of the file's named states. */
function engineOf(name: string, feeAccount = 0): Promise<Engine> {
  const s = rejections.states[name];
  return createEngine({ ...s.config, genesis: s.accounts.map(rawAccount), feeAccount });
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;

describe("rejection vectors through the engine", () => {
  test.each<Vector>(rejections.ops)("op: $name", async (c) => {
    const engine = await engineOf(c.state);
    const before = { root: engine.root(), count: engine.priorityCount, hash: engine.priorityHash };
    const [outcome] = engine.apply([rawOp(c.op)]);
    if (outcome?.ok) {
      const { status, reason, da } = outcome.receipt;
      expect({ status, reason, da: hex(da) }).toEqual(c.expect);
      expect(engine.priorityCount).toBe(before.count + 1);
    } else {
      expect({ code: outcome?.code }).toEqual(c.expect);
      expect([engine.openOps, engine.priorityCount, engine.priorityHash]).toEqual([
        0,
        before.count,
        before.hash,
      ]);
    }
    expect(engine.root()).toBe(before.root);
  });

  const opLevel = rejections.batches.filter((c: { header?: true }) => c.header !== true);
  test.each<Vector>(opLevel)("batch: $name", async (c) => {
    const engine = await engineOf(c.state, c.batch.feeAccount);
    const ops = [...rawQueue(c.queue).slice(0, c.batch.priorityOps), ...rawOps(c.batch.txs)];
    const outcomes = engine.apply(ops);
    const at = outcomes.findIndex((o) => !o.ok);
    const failed = outcomes[at];
    expect(failed?.ok === false ? failed.code : "none").toBe(c.expect.code);
    if (c.expect.opIndex !== undefined) expect(at).toBe(c.expect.opIndex);
  });
});

describe("Merkle proof vectors through the engine", () => {
  test.each<Vector>(merkle.trees)("depth $depth: root and proofs", async (t) => {
    const engine = await createEngine({
      chainId: 1,
      depth: t.depth,
      batchSize: 4,
      genesis: t.accounts.map(rawAccount),
    });
    expect(String(engine.root())).toBe(t.root);
    for (const p of t.proofs) {
      const proof = engine.proof(p.index);
      expect({ leaf: String(proof.leaf), siblings: proof.siblings.map(String) }).toEqual({
        leaf: p.leaf,
        siblings: p.siblings,
      });
    }
  });
});

describe("signature vectors through the engine's verifier", () => {
  test.each<Vector>(signatures.cases)("$name", (c) => {
    const item = {
      msg: BigInt(c.msg),
      signature: bytes(c.signature),
      publicKey: { ax: BigInt(c.ax), ay: BigInt(c.ay) },
    };
    expect(verifySignature(item)).toBe(c.valid);
  });
});
