import { beforeAll, describe, expect, test } from "vitest";
import {
  accountLeaf,
  applyBatch,
  type Batch,
  createGenesis,
  type ErrorCode,
  getAccount,
  initProtocol,
  isGhostError,
  merkleProof,
  type PriorityOp,
  rebuildFromData,
  type State,
  stateRoot,
  verifyMerkleProof,
} from "../../src/protocol/index.js";
import { CONFIG, fundedAccount, genesis, key, l1, transfer, withdraw } from "./helpers.js";

let g: State;
let queue: PriorityOp[];
const batch = (patch: Partial<Batch> = {}): Batch => ({
  chainId: CONFIG.chainId,
  batchNumber: 1,
  feeAccount: 0,
  priorityOps: 0,
  txs: [],
  ...patch,
});

beforeAll(async () => {
  await initProtocol();
  g = genesis(4);
  const { ax, ay } = key(4).publicKey;
  queue = [{ type: "deposit", to: null, token: 0, amount: 50n, ax, ay, l1Address: l1(4) }];
});

describe("applyBatch rejects a bad batch with its code", () => {
  const cases: [string, () => Batch, ErrorCode][] = [
    ["another chain", () => batch({ chainId: 8 }), "BATCH_WRONG_CHAIN"],
    ["a skipped batch number", () => batch({ batchNumber: 2 }), "BATCH_WRONG_NUMBER"],
    [
      "more ops than the batch size",
      () => batch({ priorityOps: 1, txs: Array(8).fill(transfer(0, 1)) }),
      "BATCH_FULL",
    ],
    ["more priority ops than queued", () => batch({ priorityOps: 2 }), "BATCH_PRIORITY_UNAVAILABLE"],
    ["a fee account that does not exist", () => batch({ feeAccount: 9 }), "BATCH_UNKNOWN_FEE_ACCOUNT"],
    ["an invalid tx", () => batch({ txs: [transfer(0, 1), transfer(0, 1)] }), "TX_NONCE_MISMATCH"],
  ];
  test.each(cases)("rejects %s", (_name, b, code) => {
    const r = applyBatch(g, b(), queue);
    expect(r.ok ? "ok" : r.code).toBe(code);
  });

  test("names the rejected op's position", () => {
    const r = applyBatch(g, batch({ priorityOps: 1, txs: [transfer(0, 1), transfer(0, 1)] }), queue);
    expect(r.ok ? undefined : r.opIndex).toBe(2);
  });

  test("refuses batch 2^32 after batch 2^32 - 1 with BATCH_WRONG_NUMBER instead of wrapping", () => {
    const last = { ...g, batchNumber: 2 ** 32 - 1 };
    const r = applyBatch(last, batch({ batchNumber: 2 ** 32 }), queue);
    expect(r.ok ? "ok" : r.code).toBe("BATCH_WRONG_NUMBER");
  });

  test("rejects a fee credit that would overflow the fee account", () => {
    const full = createGenesis(CONFIG, [fundedAccount(0, [(1n << 126n) - 1n, 0n, 0n, 0n]), fundedAccount(1)]);
    const r = applyBatch(full, batch({ txs: [transfer(1, 0, { token: 1, amount: 1n, fee: 1n })] }), []);
    expect(r.ok ? "ok" : r.code).toBe("BATCH_FEE_OVERFLOW");
  });
});

describe("applyBatch", () => {
  test("credits the batch's fees to the fee account at the end, which may be created in the batch", () => {
    const r = applyBatch(
      g,
      batch({ feeAccount: 4, priorityOps: 1, txs: [transfer(0, 1, { fee: 7n }), withdraw(2, { fee: 5n })] }),
      queue,
    );
    if (!r.ok) throw new Error(r.code);
    expect(getAccount(r.state, 4)?.balances[0]).toBe(50n + 12n);
    expect(r.state.pendingFees).toBe(0n);
    expect(r.state.batchNumber).toBe(1);
    expect(r.oldRoot).toBe(stateRoot(g));
    expect(r.newRoot).toBe(stateRoot(r.state));
  });

  test("every account has a Merkle proof against the new root", () => {
    const r = applyBatch(g, batch({ priorityOps: 1, txs: [transfer(0, 4)] }), queue);
    if (!r.ok) throw new Error(r.code);
    for (const [i, a] of r.state.accounts) {
      const proof = merkleProof(r.state.nodes, CONFIG.depth, i);
      expect(proof.leaf).toBe(accountLeaf(a));
      expect(verifyMerkleProof(r.newRoot, proof)).toBe(true);
    }
  });
});

describe("rebuildFromData", () => {
  test("rejects tampered data, a wrong root and a wrong fee account", () => {
    const r = applyBatch(g, batch({ priorityOps: 1, txs: [transfer(0, 1, { amount: 1000n })] }), queue);
    if (!r.ok) throw new Error(r.code);
    const data = Uint8Array.from(r.published.data);
    data[data.length - 3] = (data[data.length - 3]! + 1) & 0xff; // change the transfer's amount
    expect(codeOf(() => rebuildFromData(g, queue, [r.published]))).toBe("ok");
    expect(codeOf(() => rebuildFromData(g, queue, [{ ...r.published, data }]))).toMatch(/^DA_/);
    expect(codeOf(() => rebuildFromData(g, queue, [{ ...r.published, newRoot: 1n }]))).toBe("DA_MISMATCH");
    expect(codeOf(() => rebuildFromData(g, queue, [{ ...r.published, feeAccount: 2 }]))).toBe("DA_MISMATCH");
    expect(codeOf(() => rebuildFromData(g, [], [r.published]))).toBe("DA_MISMATCH");
  });
});

describe("createGenesis", () => {
  test("rejects bad parameters and accounts with GENESIS_INVALID", () => {
    const bad = [
      () => createGenesis({ ...CONFIG, depth: 0 }),
      () => createGenesis({ ...CONFIG, depth: 33 }),
      () => createGenesis({ ...CONFIG, depth: 5 }),
      () => createGenesis({ ...CONFIG, batchSize: 0 }),
      () => createGenesis({ ...CONFIG, chainId: 2 ** 32 }),
      () => createGenesis(CONFIG, [{ ...fundedAccount(0), ax: 1n }]),
      () => createGenesis(CONFIG, [fundedAccount(0, [1n << 126n, 0n, 0n, 0n])]),
    ];
    for (const f of bad) expect(codeOf(f)).toBe("GENESIS_INVALID");
  });
});

function codeOf(f: () => unknown): ErrorCode | "ok" {
  try {
    f();
    return "ok";
  } catch (e) {
    if (!isGhostError(e)) throw e;
    return e.code;
  }
}
