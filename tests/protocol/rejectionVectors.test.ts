/**
 * The model replays the vectors of what must be refused (tests/vectors/rejections.json, data.json,
 * merkle.json, signatures.json, json.json), read back from their JSON: every code of the state
 * transition, the DA decoder and the JSON codec, as a second implementation must reproduce them.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  applyBatch,
  applyOp,
  type Batch,
  type ChainConfig,
  createGenesis,
  decodeDaRecords,
  ERROR_CODES,
  type ErrorCode,
  initProtocol,
  isGhostError,
  merkleProof,
  opFromJson,
  opToJson,
  rebuildFromData,
  type State,
  stateRoot,
  verifyMerkleProof,
  verifyMessage,
} from "../../src/protocol/index.js";
import {
  bytes,
  type Json,
  rawAccount,
  rawOp,
  rawOps,
  rawPublished,
  rawQueue,
  type Vector,
} from "../vectors/decode.js";

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));
const rejections = load("rejections.json");
const data = load("data.json");
const merkle = load("merkle.json");
const signatures = load("signatures.json");
const json = load("json.json");
const batches = load("batches.json");

beforeAll(() => initProtocol());

function stateOf(name: string): State {
  const s = rejections.states[name];
  return createGenesis(s.config as ChainConfig, s.accounts.map(rawAccount));
}

function codeOf(run: () => unknown): ErrorCode | "ok" {
  try {
    run();
    return "ok";
  } catch (e) {
    if (isGhostError(e)) return e.code;
    throw e;
  }
}

describe("rejection vectors", () => {
  test.each<Vector>(rejections.ops)("op: $name", (c) => {
    const before = stateOf(c.state);
    const r = applyOp(before, rawOp(c.op));
    if (r.ok) {
      expect({
        status: r.receipt.status,
        reason: r.receipt.reason,
        da: `0x${Buffer.from(r.receipt.da).toString("hex")}`,
      }).toEqual(c.expect);
      expect(r.state.priorityCount).toBe(before.priorityCount + 1);
    } else {
      expect({ code: r.code }).toEqual(c.expect);
    }
  });

  test.each<Vector>(rejections.batches)("batch: $name", (c) => {
    const batch = { ...c.batch, txs: rawOps(c.batch.txs) } as Batch;
    const r = applyBatch(stateOf(c.state), batch, rawQueue(c.queue));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.opIndex === undefined ? { code: r.code } : { code: r.code, opIndex: r.opIndex }).toEqual(
        c.expect,
      );
  });

  test.each<Vector>(rejections.genesis)("genesis: $name", (c) => {
    expect(codeOf(() => createGenesis(c.config, c.accounts.map(rawAccount)))).toBe(c.expect.code);
  });
});

describe("data vectors", () => {
  test.each<Vector>(data.decode)("decode: $name", (c) => {
    try {
      decodeDaRecords(bytes(c.data), data.depth);
      expect.unreachable("decoded");
    } catch (e) {
      if (!isGhostError(e)) throw e;
      expect({ code: e.code, offset: e.details?.offset }).toEqual(c.expect);
    }
  });

  test.each<Vector>(data.rebuild)("rebuild: $name", (c) => {
    const genesis = createGenesis(batches.config, batches.genesis.accounts.map(rawAccount));
    const run = () => rebuildFromData(genesis, rawQueue(batches.queue), c.batches.map(rawPublished));
    expect(codeOf(run)).toBe(c.expect.code);
  });
});

describe("Merkle proof vectors", () => {
  test.each<Vector>(merkle.trees)("depth $depth: proofs, the root, wrong proofs", (t) => {
    const state = createGenesis({ chainId: 1, depth: t.depth, batchSize: 4 }, t.accounts.map(rawAccount));
    expect(String(stateRoot(state))).toBe(t.root);
    for (const p of t.proofs) {
      const proof = merkleProof(state.nodes, t.depth, p.index);
      expect({ leaf: String(proof.leaf), siblings: proof.siblings.map(String) }).toEqual({
        leaf: p.leaf,
        siblings: p.siblings,
      });
    }
    for (const p of [...t.proofs, ...t.invalid]) {
      const proof = { index: p.index, leaf: BigInt(p.leaf), siblings: p.siblings.map(BigInt) };
      expect(proof.siblings).toHaveLength((3 * t.depth) / 2);
      expect(verifyMerkleProof(BigInt(t.root), proof)).toBe(p.valid);
    }
  });
});

describe("signature vectors", () => {
  test.each<Vector>(signatures.cases)("$name", (c) => {
    const key = { ax: BigInt(c.ax), ay: BigInt(c.ay) };
    expect(verifyMessage(BigInt(c.msg), bytes(c.signature), key)).toBe(c.valid);
  });
});

describe("JSON codec vectors", () => {
  test.each<Vector>(json.cases)("$name", (c) => {
    if (c.expect.ok) expect(opToJson(opFromJson(c.json))).toEqual(c.expect.canonical);
    else expect(codeOf(() => opFromJson(c.json))).toBe(c.expect.code);
  });
});

describe("coverage", () => {
  test("every code the state transition, the DA decoder and the JSON codec can return has a vector", () => {
    const seen = new Set<string>([
      ...rejections.ops.map((c: Json) => (c.expect as Json).code ?? (c.expect as Json).reason),
      ...rejections.batches.map((c: Json) => (c.expect as Json).code),
      ...rejections.genesis.map((c: Json) => (c.expect as Json).code),
      ...data.decode.map((c: Json) => (c.expect as Json).code),
      ...data.rebuild.map((c: Json) => (c.expect as Json).code),
      ...json.cases.map((c: Json) => (c.expect as Json).code),
    ]);
    const transition = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => {
      const id = ERROR_CODES[code].id;
      return id >= 10 && id <= 50;
    });
    expect(transition.filter((code) => !seen.has(code))).toEqual([]);
  });
});
