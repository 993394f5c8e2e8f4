/**
 * The checked-in vectors (tests/vectors/*.json, written by `npm run vectors`) replayed from their JSON
 * inputs: what a second implementation of docs/protocol.md must reproduce bit for bit.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  type Account,
  AMOUNT_FLOAT,
  accountLeaf,
  accountLeafInputs,
  applyBatch,
  type Balances,
  createGenesis,
  daRecordElement,
  decodeDaRecords,
  emptySubtreeHashes,
  encodeFloat,
  FEE_FLOAT,
  initProtocol,
  type L2Tx,
  l1AddressOf,
  l2KeyFromSeed,
  MAX_TREE_DEPTH,
  opFromJson,
  type PriorityOp,
  type PublishedBatch,
  packTx,
  priorityOpInputs,
  rebuildFromData,
  stateRoot,
  txHash,
  txMessage,
  verifyTx,
} from "../../src/protocol/index.js";

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));
const primitives = load("primitives.json");
const vectors = load("batches.json");
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), "hex"));
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;

interface AccountJson {
  ax: string;
  ay: string;
  l1Address: string;
  nonce: number;
  balances: string[];
}
const account = (a: AccountJson): Account => ({
  ax: BigInt(a.ax),
  ay: BigInt(a.ay),
  l1Address: BigInt(a.l1Address),
  nonce: a.nonce,
  balances: a.balances.map(BigInt) as unknown as Balances,
});

beforeAll(() => initProtocol());

describe("primitive vectors", () => {
  test("empty-subtree hashes", () => {
    expect(emptySubtreeHashes(MAX_TREE_DEPTH / 2).map(String)).toEqual(primitives.emptySubtreeHashes);
  });
  test("L1 address from an ML-DSA-65 public key", () => {
    expect(
      `0x${l1AddressOf(bytes(primitives.l1Address.mlDsa65PublicKey)).toString(16).padStart(40, "0")}`,
    ).toBe(primitives.l1Address.l1Address);
  });
  test("L2 key from a seed", () => {
    const k = l2KeyFromSeed(primitives.l2Key.seed);
    expect([hex(k.privateKey), String(k.publicKey.ax), String(k.publicKey.ay)]).toEqual([
      primitives.l2Key.privateKey,
      primitives.l2Key.ax,
      primitives.l2Key.ay,
    ]);
  });
  test("account leaf", () => {
    const a = account(primitives.leaf.account);
    expect(accountLeafInputs(a).map(String)).toEqual(primitives.leaf.inputs);
    expect(String(accountLeaf(a))).toBe(primitives.leaf.hash);
  });
  test("compact floats", () => {
    for (const f of primitives.floats) {
      expect(encodeFloat(BigInt(f.value), AMOUNT_FLOAT)?.toString() ?? null).toBe(f.float36);
      expect(encodeFloat(BigInt(f.value), FEE_FLOAT)?.toString() ?? null).toBe(f.float16);
    }
  });
  test("signed message, tx hash and signature", () => {
    const v = primitives.signedMessage;
    const tx = opFromJson(v.tx) as L2Tx;
    expect(String(packTx(v.chainId, tx))).toBe(v.packed);
    expect(String(txMessage(v.chainId, tx))).toBe(v.message);
    expect(txHash(v.chainId, tx)).toBe(v.txHash);
    const pk = { ax: BigInt(primitives.l2Key.ax), ay: BigInt(primitives.l2Key.ay) };
    expect(verifyTx(v.chainId, tx, pk)).toBe(true);
  });
  test("priority queue hash inputs", () => {
    for (const p of primitives.priorityOps) {
      expect(priorityOpInputs(opFromJson(p.op) as PriorityOp).map(String)).toEqual(p.inputs);
    }
  });
  test("DA records at depth 20", () => {
    for (const r of primitives.daRecords.records) {
      const [decoded] = decodeDaRecords(bytes(r.bytes), primitives.daRecords.depth);
      expect(decoded?.record.type).toBe(r.record.type);
      expect(String(daRecordElement(bytes(r.bytes)))).toBe(r.element);
    }
  });
});

describe("batch vectors", () => {
  const genesis = () => createGenesis(vectors.config, vectors.genesis.accounts.map(account));
  const queue = () => vectors.queue.map(opFromJson) as PriorityOp[];

  test("each batch reproduces its receipts, data, roots, queue hashes and public-input hash", () => {
    let state = genesis();
    for (const v of vectors.batches) {
      const r = applyBatch(state, { ...v.batch, txs: v.batch.txs.map(opFromJson) }, queue());
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      expect(
        r.receipts.map((x) => ({
          status: x.status,
          ...(x.reason ? { reason: x.reason } : {}),
          da: hex(x.da),
        })),
      ).toEqual(v.receipts);
      expect(hex(r.published.data)).toBe(v.data);
      expect(String(r.oldRoot)).toBe(v.oldRoot);
      expect(String(r.newRoot)).toBe(v.newRoot);
      expect(String(r.oldPriorityHash)).toBe(v.oldPriorityHash);
      expect(String(r.newPriorityHash)).toBe(v.newPriorityHash);
      expect(String(r.dataHash)).toBe(v.dataHash);
      expect(String(r.publicInputHash)).toBe(v.publicInputHash);
      state = r.state;
    }
    for (const a of vectors.final.accounts) expect(state.accounts.get(a.index)).toEqual(account(a));
  });

  test("rebuilding from genesis, the queue and the published data gives the final accounts", () => {
    const published: PublishedBatch[] = vectors.batches.map(
      (v: { batch: { batchNumber: number; feeAccount: number }; newRoot: string; data: string }) => ({
        batchNumber: v.batch.batchNumber,
        feeAccount: v.batch.feeAccount,
        newRoot: BigInt(v.newRoot),
        data: bytes(v.data),
      }),
    );
    const state = rebuildFromData(genesis(), queue(), published);
    expect(String(stateRoot(state))).toBe(vectors.batches.at(-1).newRoot);
    for (const a of vectors.final.accounts) expect(state.accounts.get(a.index)).toEqual(account(a));
  });
});
