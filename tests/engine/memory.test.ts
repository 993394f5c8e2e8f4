/**
 * Memory growth: a tree much larger than the core's initial memory (40,000 accounts at depth 20 grow it
 * from 2 MB to ~20 MB, through many memory.grow calls during genesis, apply and seal). The root must
 * equal one computed independently, level by level, from the model's leaf inputs; reads, proofs and a
 * sealed batch after the growth must stay right (views rebuilt). The 1,000,000-account run is in the
 * benchmark (`npm run bench -- engine`), which reports its RSS.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createEngine, type Engine, poseidonBatch } from "../../src/bridge/index.js";
import {
  type Account,
  accountLeafInputs,
  emptySubtreeHashes,
  initProtocol,
  type Op,
  verifyMerkleProof,
} from "../../src/protocol/index.js";
import { key } from "./fixtures.js";

const N = 40_000;
const DEPTH = 20;

function account(i: number): Account {
  const { ax, ay } = key(i % 4).publicKey;
  return {
    ax,
    ay,
    l1Address: BigInt(i) + 1n,
    nonce: i % 7,
    balances: [BigInt(i + 1) * 1000n, 5n, 0n, BigInt(i)],
  };
}

/** The root of `leaves` in the 4-ary tree of DEPTH index bits, hashed level by level (empty subtrees from the model). */
function rootOf(leaves: bigint[]): bigint {
  const levels = DEPTH / 2;
  const empty = emptySubtreeHashes(levels);
  let level = leaves;
  for (let l = 0; l < levels; l++) {
    const quads: bigint[][] = [];
    for (let i = 0; i < level.length; i += 4) {
      quads.push(Array.from({ length: 4 }, (_, k) => level[i + k] ?? empty[l]!));
    }
    level = poseidonBatch(quads);
  }
  return level[0] ?? empty[levels]!;
}

let engine: Engine;
let genesis: Account[];
let initialBytes: number;

beforeAll(async () => {
  await initProtocol();
  genesis = Array.from({ length: N }, (_, i) => account(i));
  engine = await createEngine({
    chainId: 1,
    depth: DEPTH,
    batchSize: 4096,
    genesis,
    checkSignatures: false,
    checkGenesisKeys: false,
  });
  initialBytes = 32 * 65536;
});

describe("memory growth", () => {
  test("a tree far beyond the initial memory has the independently computed root", () => {
    const memory = (engine as unknown as { x: { memory: WebAssembly.Memory } }).x.memory;
    expect(memory.buffer.byteLength).toBeGreaterThan(5 * initialBytes);
    const leaves = poseidonBatch(genesis.map(accountLeafInputs));
    expect(engine.root()).toBe(rootOf(leaves));
    expect(engine.account(N - 1)).toEqual(genesis[N - 1]);
  });

  test("a large batch applied and sealed after growth keeps reads, proofs and roots right", () => {
    const ops: Op[] = Array.from({ length: 2000 }, (_, k) => {
      const from = (k * 7919) % N;
      return {
        type: "transfer",
        from,
        to: (from + 12_345) % N,
        token: 0,
        amount: 1n,
        fee: 0n,
        nonce: genesis[from]!.nonce,
        signature: new Uint8Array(64),
      };
    });
    expect(engine.apply(ops).every((o) => o.ok)).toBe(true);
    const sealed = engine.seal();
    expect(sealed.newRoot).toBe(engine.root());
    expect(sealed.writes.length).toBe(4001);
    for (const i of [0, 7919 % N, N - 1]) {
      const proof = engine.proof(i);
      expect(verifyMerkleProof(engine.root(), proof)).toBe(true);
    }
    expect(engine.account(0)?.nonce).toBe(genesis[0]!.nonce + 1);
  });
});
