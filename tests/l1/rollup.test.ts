/**
 * The rollup module (docs/l1.md §4) with an injected verifier (the real proof is batchProof.test.ts):
 * CommitBatch's checks in order with their codes, the public-input hash it hands to the verifier (the
 * model's), consumed entries and payouts, the exodus deadline, exodus withdrawals and refunds.
 */
import { describe, expect, it } from "vitest";
import { type CommitBatchTx, proofFromElements } from "../../src/l1/index.js";
import {
  applyBatch,
  type ChainConfig,
  createGenesis,
  type DaRecord,
  encodeDaRecord,
  merkleProof,
  type PriorityOp,
  signTx,
} from "../../src/protocol/index.js";
import { ALICE, BOB, Chain, expectFailure, l2Accounts, l2Key, SEQ, testGenesis } from "./helpers.js";

const CONFIG: ChainConfig = { chainId: 7, depth: 4, batchSize: 2 };
const PROOF = proofFromElements([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
const data = (records: DaRecord[]) =>
  Uint8Array.from(records.flatMap((r) => [...encodeDaRecord(r, CONFIG.depth)]));
const WITHDRAW: DaRecord = { type: "withdraw", from: 1, token: 0, amount: 1n, fee: 0n };

function commit(c: Chain, fields: Partial<CommitBatchTx> = {}, from = SEQ): CommitBatchTx {
  return {
    type: "commitBatch",
    ...c.common(from),
    batchNumber: c.state.rollup().lastBatch + 1,
    feeAccount: 0,
    newRoot: 1n,
    proof: PROOF,
    data: new Uint8Array(),
    ...fields,
  };
}

/** The model's batch over the L1 queue's unconsumed entries (the first `n`), then `txs`. */
function modelBatch(c: Chain, n: number, txs: ReturnType<typeof signTx>[] = []) {
  const queue: PriorityOp[] = Array.from(
    { length: c.state.rollup().queueLength },
    (_, k) => c.state.queueEntry(k)!.op,
  );
  const out = applyBatch(
    createGenesis(CONFIG, l2Accounts()),
    { chainId: 7, batchNumber: 1, feeAccount: 0, priorityOps: n, txs },
    queue,
  );
  if (!out.ok) throw new Error(out.code);
  return out;
}

describe("CommitBatch checks (§4.3), in order", () => {
  it("refuses a commit from another address than the sequencer (ROLLUP_NOT_SEQUENCER)", async () => {
    const c = new Chain();
    await expectFailure(c, commit(c, {}, ALICE), "ROLLUP_NOT_SEQUENCER");
  });

  it("refuses a commit from an unbonded sequencer (ROLLUP_UNBONDED)", async () => {
    const c = new Chain();
    await c.tx({ type: "unbond", ...c.common(SEQ), amount: 1n });
    await expectFailure(c, commit(c), "ROLLUP_UNBONDED");
  });

  it("refuses a batch number other than the next (BATCH_WRONG_NUMBER)", async () => {
    const c = new Chain();
    await expectFailure(c, commit(c, { batchNumber: 2 }), "BATCH_WRONG_NUMBER");
    await expectFailure(c, commit(c, { batchNumber: 0 }), "BATCH_WRONG_NUMBER");
  });

  it("refuses undecodable data, too many records and a priority record after an L2 one (DA_MALFORMED)", async () => {
    const c = new Chain();
    await c.tx({ type: "deposit", ...c.common(ALICE), token: 0, amount: 1n, to: 1, ax: 0n, ay: 0n });
    await expectFailure(c, commit(c, { data: Uint8Array.of(0x01) }), "DA_MALFORMED");
    await expectFailure(c, commit(c, { data: data([WITHDRAW, WITHDRAW, WITHDRAW]) }), "DA_MALFORMED");
    const dep: DaRecord = { type: "deposit", applied: true, account: 1 };
    await expectFailure(c, commit(c, { data: data([WITHDRAW, dep]) }), "DA_MALFORMED");
  });

  it("refuses more priority records than queued (BATCH_PRIORITY_UNAVAILABLE)", async () => {
    const c = new Chain();
    await expectFailure(
      c,
      commit(c, { data: data([{ type: "deposit", applied: true, account: 1 }]) }),
      "BATCH_PRIORITY_UNAVAILABLE",
    );
  });

  it("refuses a priority record of another type than its queue entry: a skipped entry (DA_MISMATCH)", async () => {
    const c = new Chain();
    await c.tx({ type: "forcedExit", ...c.common(ALICE), account: 1, token: 2 });
    await c.tx({ type: "deposit", ...c.common(ALICE), token: 0, amount: 1n, to: 1, ax: 0n, ay: 0n });
    // skipping the forced exit to consume the deposit: the first record must be the forced exit's
    await expectFailure(
      c,
      commit(c, { data: data([{ type: "deposit", applied: true, account: 1 }]) }),
      "DA_MISMATCH",
    );
  });

  it("refuses a batch whose proof does not verify (PROOF_INVALID), or whose verifier throws", async () => {
    const c = new Chain();
    c.verifyProof = async () => false;
    await expectFailure(c, commit(c), "PROOF_INVALID");
    c.verifyProof = async () => {
      throw new Error("not a proof");
    };
    await expectFailure(c, commit(c), "PROOF_INVALID");
  });
});

describe("settling batches", () => {
  it("hands the verifier the model's public-input hash and pays a forced exit to the owner", async () => {
    const c = new Chain();
    await c.tx({ type: "forcedExit", ...c.common(ALICE), account: 1, token: 2 });
    const model = modelBatch(c, 1);
    const seen: bigint[] = [];
    c.verifyProof = async (h, p) => {
      seen.push(h);
      expect(p).toEqual(PROOF);
      return true;
    };
    const mana = c.balance(ALICE.address, 2);
    const r = await c.tx(commit(c, { newRoot: model.newRoot, data: model.published.data }));
    expect(r.status).toBe("ok");
    expect(seen).toEqual([model.publicInputHash]);
    expect(c.balance(ALICE.address, 2)).toBe(mana + 70n);
    expect(c.state.queueEntry(0)!.status).toBe("processed");
    expect(r.events[0]).toMatchObject({
      type: "withdrawalPaid",
      source: "batch",
      account: 1,
      to: ALICE.address,
      token: 2,
      amount: 70n,
    });
  });

  it("makes a deposit turned down on L2 refundable, once, to its depositor only", async () => {
    const c = new Chain();
    await c.tx({ type: "deposit", ...c.common(ALICE), token: 3, amount: 5n, to: 9, ax: 0n, ay: 0n });
    const model = modelBatch(c, 1);
    expect(model.receipts[0]!.status).toBe("noop");
    await c.tx(commit(c, { newRoot: model.newRoot, data: model.published.data }));
    expect(c.state.queueEntry(0)!.status).toBe("refundable");
    await expectFailure(c, { type: "refund", ...c.common(BOB), queueIndex: 0n }, "ROLLUP_NOT_REFUNDABLE");
    const ghost = c.balance(ALICE.address, 3);
    const r = await c.tx({ type: "refund", ...c.common(ALICE), queueIndex: 0n });
    expect(r.status).toBe("ok");
    expect(c.balance(ALICE.address, 3)).toBe(ghost + 5n);
    await expectFailure(c, { type: "refund", ...c.common(ALICE), queueIndex: 0n }, "ROLLUP_ALREADY_REFUNDED");
  });

  it("pays an L2 withdrawal to the owner and records the owner of a created account", async () => {
    const c = new Chain();
    const key = l2Key(6).publicKey;
    await c.tx({ type: "deposit", ...c.common(BOB), token: 1, amount: 9n, to: null, ...key });
    const w = signTx(7, l2Key(2).privateKey, {
      type: "withdraw",
      from: 2,
      token: 1,
      amount: 600n,
      fee: 0n,
      nonce: 0,
    });
    const model = modelBatch(c, 1, [w]);
    const spirit = c.balance(BOB.address, 1);
    await c.tx(commit(c, { newRoot: model.newRoot, data: model.published.data }));
    expect(c.state.owner(3)).toBe(BOB.address);
    expect(c.balance(BOB.address, 1)).toBe(spirit + 600n);
  });
});

describe("exodus (§4.2, §4.4, §4.5)", () => {
  it("enters exodus when the oldest queued entry's deadline passes; then withdrawals by proof and refunds", async () => {
    const c = new Chain(testGenesis({ priorityDeadlineSeconds: 60 }));
    const l2 = createGenesis(CONFIG, l2Accounts());
    const account = l2Accounts()[1]!;
    const proof = merkleProof(l2.nodes, CONFIG.depth, 1);
    const exodusTx = (from = ALICE, siblings = proof.siblings) => ({
      type: "exodusWithdraw" as const,
      ...c.common(from),
      account: 1,
      ax: account.ax,
      ay: account.ay,
      accountNonce: 0,
      balances: account.balances,
      siblings,
    });
    await expectFailure(c, exodusTx(), "ROLLUP_NOT_EXODUS");

    await c.tx({ type: "deposit", ...c.common(ALICE), token: 1, amount: 40n, to: 1, ax: 0n, ay: 0n });
    const deadline = c.state.queueEntry(0)!.deadline;
    await c.tx({ type: "forcedExit", ...c.common(BOB), account: 2, token: 0 });
    await expectFailure(c, { type: "refund", ...c.common(ALICE), queueIndex: 0n }, "ROLLUP_NOT_REFUNDABLE");

    // at the deadline: not yet; one millisecond later: exodus
    let b = await c.block([], deadline - c.head.timestamp);
    expect(c.state.rollup().exodus).toBe(false);
    b = await c.block([], 1);
    expect(b.events).toEqual([{ type: "exodusEntered", block: b.header.height, queueIndex: 0 }]);
    expect(c.state.rollup().exodus).toBe(true);

    await expectFailure(
      c,
      { type: "deposit", ...c.common(ALICE), token: 0, amount: 1n, to: 1, ax: 0n, ay: 0n },
      "ROLLUP_EXODUS",
    );
    await expectFailure(c, { type: "forcedExit", ...c.common(ALICE), account: 1, token: 0 }, "ROLLUP_EXODUS");
    // no more batches, whoever sends them: exodus is the first check
    await expectFailure(c, commit(c), "ROLLUP_EXODUS");
    await expectFailure(c, commit(c, {}, ALICE), "ROLLUP_EXODUS");

    // a leaf claimed by another address, and a proof against another root, do not verify
    await expectFailure(c, exodusTx(BOB), "ROLLUP_BAD_MERKLE_PROOF");
    const wrong = [...proof.siblings];
    wrong[0] = wrong[0]! + 1n;
    await expectFailure(c, exodusTx(ALICE, wrong), "ROLLUP_BAD_MERKLE_PROOF");
    await expectFailure(c, exodusTx(ALICE, proof.siblings.slice(3)), "ROLLUP_BAD_MERKLE_PROOF");

    const before = [0, 1, 2, 3].map((t) => c.balance(ALICE.address, t as 0));
    const escrow = c.state.rollup().escrow;
    const r = await c.tx(exodusTx());
    expect(r.status).toBe("ok");
    expect([0, 1, 2, 3].map((t) => c.balance(ALICE.address, t as 0))).toEqual(
      before.map((x, t) => x + account.balances[t]! - (t === 0 ? c.params.minFee : 0n)),
    );
    expect(c.state.rollup().escrow).toEqual(escrow.map((x, t) => x - account.balances[t]!));
    await expectFailure(c, exodusTx(), "ROLLUP_ALREADY_WITHDRAWN");

    // queued deposits are refundable in exodus, to their depositor, once; forced exits never
    await expectFailure(c, { type: "refund", ...c.common(BOB), queueIndex: 0n }, "ROLLUP_NOT_REFUNDABLE");
    await expectFailure(c, { type: "refund", ...c.common(BOB), queueIndex: 1n }, "ROLLUP_NOT_REFUNDABLE");
    await expectFailure(c, { type: "refund", ...c.common(ALICE), queueIndex: 99n }, "ROLLUP_NOT_REFUNDABLE");
    const refund = await c.tx({ type: "refund", ...c.common(ALICE), queueIndex: 0n });
    expect(refund.events).toMatchObject([
      { type: "refund", queueIndex: 0, to: ALICE.address, token: 1, amount: 40n },
    ]);
    await expectFailure(c, { type: "refund", ...c.common(ALICE), queueIndex: 0n }, "ROLLUP_ALREADY_REFUNDED");
  });
});
