/**
 * The whole rollup on one shared ghostd + ghostplane stack (test-size circuit: 2 slots, depth 4): a deposit
 * and a forced exit queued on L1 enter batch 1; a transfer and a withdrawal soft-confirm into batch 2;
 * both batches are proven and settled, the proof verifies with snarkjs from what the API returns, the
 * withdrawal and the forced exit are paid on L1, and a subscriber sees every stage of the transfer in
 * order. Then atomic user batches, the OpenRPC document, /health and /metrics.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createL1Signer } from "../../src/client/index.js";
import { devKey } from "../../src/l1/keys/index.js";
import { formatAddress } from "../../src/l1/tx/index.js";
import { ghostplaneApi } from "../../src/l2/api/index.js";
import { GhostError, l2KeyFromSeed, txHash } from "../../src/protocol/index.js";
import { verifyBatchProof } from "../../src/prover/index.js";
import { buildOpenRpcDocument } from "../../src/rpc/index.js";
import { L2_CHAIN_ID, startTestStack, type TestStack, waitFor } from "./stackFixture.js";

let s: TestStack;

beforeAll(async () => {
  s = await startTestStack("pipeline", { plane: { sequencing: { batchTimeoutMs: 1_000 } } });
}, 300_000);

afterAll(async () => {
  await s?.close();
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

const l1Balance = async (name: string, token: number) =>
  BigInt((await s.l1.l1_getAccount({ address: formatAddress(devKey(name).address) })).balances[token]!);

describe("a batch's life: L1 priority ops, soft confirmation, proof, settlement", () => {
  test("deposit and forced exit from L1, a transfer and a withdrawal on L2, settled with verifying proofs", async () => {
    const info = await s.l2.l2_chainInfo();
    expect(info).toMatchObject({
      chainId: L2_CHAIN_ID,
      depth: 4,
      batchSize: 2,
      circuit: "test",
      feeAccount: 0,
    });

    // L1: account-0 deposits 500 GCC creating an L2 account; account-2 forces index 3's SPIRIT out.
    const alice = await createL1Signer(s.l1, devKey("account-0"));
    const carol = await createL1Signer(s.l1, devKey("account-2"));
    const fresh = l2KeyFromSeed("fresh").publicKey;
    const spiritBefore = await l1Balance("account-2", 1);
    // In this order, well within one batch timeout (1 s here), so both are batch 1.
    await alice.send({ type: "deposit", token: 0, amount: 500n, to: null, ax: fresh.ax, ay: fresh.ay });
    await carol.send({ type: "forcedExit", account: 3, token: 1 });
    alice.close();
    carol.close();
    const created = await waitFor(
      () => s.l2.l2_getAccount({ index: 5 }),
      (a) => a !== null,
      30_000,
      "the deposit's account",
    );
    expect(created!.account.balances).toEqual(["500", "0", "0", "0"]);
    await waitFor(
      () => s.l2.l2_chainInfo(),
      (i) => i.priority.nextQueueIndex === 2 && i.heads.closed >= 1,
      30_000,
      "both priority ops in batch 1",
    );

    // L2: a transfer (watched from before it is sent) and a withdrawal fill batch 2.
    const hash = txHash(L2_CHAIN_ID, {
      type: "transfer",
      from: 1,
      to: 5,
      token: 0,
      amount: 100n,
      fee: 1n,
      nonce: 0,
    });
    const sub = s.l2.subscribe("txStatus", { txHash: hash });
    await sub.ready;
    const gccBefore = await l1Balance("account-1", 0);
    const [transfer, withdraw] = await Promise.all([
      (await s.wallet(0)).transfer({ to: 5, token: 0, amount: 100n, fee: 1n }),
      (await s.wallet(1)).withdraw({ token: 0, amount: 250n, fee: 1n }),
    ]);
    expect(transfer).toMatchObject({ txHash: hash, status: "sequenced", batchNumber: 2 });
    expect(withdraw.batchNumber).toBe(2);
    const soft = await s.l2.l2_getAccount({ index: 5 });
    expect(soft!.account.balances[0]).toBe("600");

    const stages: string[] = [];
    for await (const e of sub) {
      stages.push(e.status);
      if (e.status === "settled" || e.status === "rejected") break;
    }
    expect(stages).toEqual(["received", "sequenced", "sealed", "proven", "settled"]);

    // Both batches settled on L1, with the sequencer's roots.
    const rollup = await s.l1.l1_rollupState();
    expect(rollup.lastBatch).toBe(2);
    const batch = await s.l2.l2_getBatch({ batchNumber: 2 });
    expect(batch).toMatchObject({
      status: "settled",
      opCount: 2,
      priorityOps: 0,
      txHashes: [hash, withdraw.txHash],
    });
    expect(batch!.newRoot).toBe(rollup.lastRoot);
    expect(batch!.records.map((r) => r.type)).toEqual(["transfer", "withdraw"]);
    expect((await s.l1.l1_getBatch({ batchNumber: 2 }))!.block).toBe(batch!.l1Block);
    const first = await s.l2.l2_getBatch({ batchNumber: 1 });
    expect(first!.records.map((r) => r.type)).toEqual(["deposit", "forcedExit"]);
    // One commit per batch: the one the sequencer names is the one L1 included and accepted.
    for (const b of [first!, batch!]) {
      const receipt = await s.l1.l1_getReceipt({ txHash: b.commitTxHash! });
      expect(receipt).toMatchObject({ status: "ok", block: b.l1Block });
    }
    const sequencer = await s.l1.l1_getAccount({ address: formatAddress(devKey("sequencer").address) });
    expect(sequencer.nonce).toBe("2");

    // The proof verifies with snarkjs from what the API returns, and not for another batch.
    const { verificationKey } = await s.l2.l2_verificationKey();
    const proof = { proof: batch!.proof as never, publicSignals: batch!.publicSignals! };
    expect(await verifyBatchProof(verificationKey, proof, BigInt(batch!.publicInputHash!))).toBe(true);
    expect(await verifyBatchProof(verificationKey, proof, BigInt(first!.publicInputHash!))).toBe(false);

    // L1 paid the withdrawal to index 2's owner and the forced exit to index 3's.
    expect(await l1Balance("account-1", 0)).toBe(gccBefore + 250n);
    expect(await l1Balance("account-2", 1)).toBe(spiritBefore + 1000n * 10n ** 18n);
    const [deposit, exit] = await s.l1.l1_priorityOps({ from: 0, count: 2 });
    expect([deposit!.status, exit!.status]).toEqual(["processed", "processed"]);
    const settledAt = (await s.l1.l1_getBlock({ height: first!.l1Block! }))!.timestamp;
    expect(settledAt).toBeLessThan(exit!.deadline);

    const status = await s.l2.l2_getTransaction({ txHash: hash });
    expect(status!.events.map((e) => e.status)).toEqual([
      "received",
      "sequenced",
      "sealed",
      "proven",
      "settled",
    ]);
    expect(status!.events.at(-1)!.l1Block).toBe(batch!.l1Block);
  }, 240_000);
});

describe("atomic user batches", () => {
  test("one failing tx applies none: its index and code come back", async () => {
    const before = await s.l2.l2_getAccount({ index: 3 });
    const w = await s.wallet(2);
    const err = await w
      .sendBatch([
        { type: "transfer", from: 3, to: 1, token: 0, amount: 5n, fee: 1n, nonce: 0 },
        { type: "transfer", from: 3, to: 1, token: 2, amount: 10n ** 30n, fee: 1n, nonce: 1 },
      ] as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GhostError);
    expect((err as GhostError).code).toBe("TX_INSUFFICIENT_BALANCE");
    expect((err as GhostError).details).toMatchObject({ index: 1 });
    expect(await s.l2.l2_getAccount({ index: 3 })).toEqual(before);
  });

  test("a user batch longer than a chain batch is applied whole across batches", async () => {
    const w = await s.wallet(3);
    const results = await w.sendBatch(
      [0, 1, 2].map((nonce) => ({
        type: "transfer",
        from: 4,
        to: 2,
        token: 0,
        amount: 7n,
        fee: 1n,
        nonce,
      })) as never,
    );
    expect(results.map((r) => r.status)).toEqual(["sequenced", "sequenced", "sequenced"]);
    expect(new Set(results.map((r) => r.batchNumber)).size).toBeGreaterThan(1);
    expect((await s.l2.l2_getAccount({ index: 4 }))!.account.nonce).toBe(3);
  });
});

describe("subscriptions", () => {
  test("an account event names the batch its change went into, also when the change filled the batch", async () => {
    // The open batch closes on its timeout (200 ms here); then two transfers fill the next one exactly.
    await waitFor(
      () => s.l2.l2_chainInfo(),
      (i) => i.heads.soft.ops === 0,
      10_000,
      "an empty open batch",
    );
    const sub = s.l2.subscribe("account", { index: 1 });
    await sub.ready;
    const sent = await (await s.wallet(0)).sendBatch(
      [0, 1].map(() => ({ type: "transfer", to: 2, token: 0, amount: 1n, fee: 0n })) as never,
    );
    expect(new Set(sent.map((t) => t.batchNumber)).size).toBe(1);
    const event = await sub.next();
    expect(event.value).toMatchObject({ index: 1, batchNumber: sent[0]!.batchNumber });
    await sub.unsubscribe();
  });
});

describe("the server", () => {
  test("rpc.discover serves the OpenRPC document of the API table", async () => {
    const served = await s.l2.discover();
    const expected = buildOpenRpcDocument(ghostplaneApi, { title: "ghostplane", version: "1" });
    expect(served).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test("/health and /metrics answer on the same port", async () => {
    const health = await fetch(new URL("health", s.plane.url));
    expect(health.status).toBe(200);
    const metrics = await (await fetch(new URL("metrics", s.plane.url))).text();
    for (const name of [
      "ghostplane_txs_sequenced_total",
      "ghostplane_sequence_latency_ms",
      "ghostplane_backlog_batches",
      "ghostplane_prover_busy_share",
      "ghostplane_mempool_waiting",
    ])
      expect(metrics).toContain(name);
  });
});
