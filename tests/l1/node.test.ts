/**
 * ghostd as a user meets it: one real node per file (LevelDB in a temporary directory, JSON-RPC on a free
 * loopback port, blocks on demand with l1_mine), driven through the typed client. Transfers in the four
 * tokens, every admission refusal with its code and no state change, a failing transaction that still
 * consumes its nonce, a creating deposit seen by a subscriber, the OpenRPC document against the server, a
 * restart that resumes exactly, and a second state replaying the node's blocks to the same roots.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createGhostdClient,
  createL1Signer,
  type GhostdClient,
  type L1Signer,
} from "../../src/client/index.js";
import { ghostdApi } from "../../src/l1/api/index.js";
import { applyBlock, type BlockHeader, proofVerifier } from "../../src/l1/chain/index.js";
import { fromHex } from "../../src/l1/encoding/index.js";
import { buildGenesis, genesisFromJson } from "../../src/l1/genesis/index.js";
import { devKey, keyPairFromSeed } from "../../src/l1/keys/index.js";
import type { Ghostd } from "../../src/l1/node/index.js";
import { txFromJson } from "../../src/l1/tx/index.js";
import { type ErrorCode, isGhostError, l2KeyFromSeed } from "../../src/protocol/index.js";
import { startTestGhostd, type TestGhostd } from "./ghostdFixture.js";

let ghostd: TestGhostd;
let node: Ghostd;
let client: GhostdClient;
let a0: L1Signer;
const a1 = devKey("account-1");
const hex = (x: bigint) => `0x${x.toString(16).padStart(40, "0")}`;

beforeAll(async () => {
  ghostd = await startTestGhostd("node");
  ({ node, client } = ghostd);
  a0 = await createL1Signer(client, devKey("account-0"));
});

afterAll(async () => {
  a0?.close();
  await ghostd?.close();
});

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | "ok"> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (isGhostError(e)) return e.code;
    throw e;
  }
}

const balances = async (address: string) => (await client.l1_getAccount({ address })).balances.map(BigInt);

describe("ghostd over JSON-RPC", () => {
  test("transfers in all four tokens, fees burned, receipts answerable", async () => {
    const before = await balances(hex(a1.address));
    const hashes = [];
    for (const token of [0, 1, 2, 3] as const) {
      hashes.push(await a0.send({ type: "transfer", to: a1.address, token, amount: 10n + BigInt(token) }));
    }
    await client.l1_mine({});
    for (const h of hashes) expect((await client.l1_getReceipt({ txHash: h }))?.status).toBe("ok");
    const after = await balances(hex(a1.address));
    expect(after.map((b, i) => b - before[i]!)).toEqual([10n, 11n, 12n, 13n]);
    expect((await client.l1_getTransaction({ txHash: hashes[0]! }))?.tx.type).toBe("transfer");
  });

  test("a state read never runs ahead of the stored block: a nonce that moved has its receipt", async () => {
    const address = hex(devKey("account-0").address);
    for (let i = 0; i < 20; i++) {
      const before = BigInt((await client.l1_getAccount({ address })).nonce);
      const h = await a0.send({ type: "transfer", to: a1.address, token: 0, amount: 1n });
      const mining = client.l1_mine({});
      // Polled while the block is applied and written: the nonce may only move once its receipt is stored.
      for (;;) {
        if (BigInt((await client.l1_getAccount({ address })).nonce) > before) {
          expect(await client.l1_getReceipt({ txHash: h })).not.toBeNull();
          break;
        }
      }
      await mining;
    }
  });

  test("l1_mine is a development method: a node started without them refuses it", async () => {
    const strict = await startTestGhostd("node-strict", { devMethods: false });
    try {
      expect(await codeOf(strict.client.l1_mine({}))).toBe("RPC_METHOD_NOT_FOUND");
      expect(await codeOf(strict.client.l1_mine({ timestamp: Date.now() + 7_200_000 }))).toBe(
        "RPC_METHOD_NOT_FOUND",
      );
      expect((await strict.client.l1_head()).height).toBe(0);
    } finally {
      await strict.close();
    }
  });

  test("refuses bad transactions at admission with their codes and changes nothing", async () => {
    const account = await client.l1_getAccount({ address: a0.addressHex });
    const nonce = BigInt(account.nonce);
    const base = { chainId: (await client.l1_chainId()).chainId, from: a0.address, nonce, fee: 1000n };
    const transfer = { ...base, type: "transfer" as const, to: a1.address, token: 0 as const, amount: 1n };
    const send = (tx: unknown) => client.l1_sendTransaction({ tx: tx as { type: string } });
    const good = a0.sign(transfer, false) as Record<string, string>;
    const flipped = `${good.signature!.slice(0, 10)}${good.signature![10] === "0" ? "1" : "0"}${good.signature!.slice(11)}`;
    const stranger = keyPairFromSeed(new Uint8Array(32).fill(9));
    const byStranger = await createL1Signer(client, stranger);
    const cases: [string, () => Promise<unknown>, ErrorCode][] = [
      ["a flipped signature bit", () => send({ ...good, signature: flipped }), "L1_BAD_SIGNATURE"],
      [
        "a signature by another key",
        () => send({ ...good, signature: byStranger.sign(transfer, false).signature }),
        "L1_BAD_SIGNATURE",
      ],
      [
        "another chain",
        () => send(a0.sign({ ...transfer, chainId: base.chainId + 1 }, false)),
        "L1_WRONG_CHAIN",
      ],
      ["a used nonce", () => send(a0.sign({ ...transfer, nonce: nonce - 1n }, false)), "L1_NONCE_REPLAY"],
      ["a fee below the floor", () => send(a0.sign({ ...transfer, fee: 999n }, false)), "L1_FEE_TOO_LOW"],
      ["a token id of 4", () => send({ ...good, token: 4 }), "TX_MALFORMED"],
      ["an amount as a number", () => send({ ...good, amount: 1 }), "TX_MALFORMED"],
      [
        "an unknown key",
        () => send(byStranger.sign({ ...transfer, from: stranger.address, nonce: 0n }, false)),
        "L1_UNKNOWN_KEY",
      ],
      [
        "a key that is not the sender's",
        () => send({ ...good, publicKey: `0x${Buffer.from(stranger.publicKey).toString("hex")}` }),
        "L1_KEY_MISMATCH",
      ],
      [
        "an unfunded sender",
        () => byStranger.send({ type: "transfer", to: a1.address, token: 0, amount: 1n }),
        "L1_INSUFFICIENT_BALANCE",
      ],
    ];
    for (const [name, p, code] of cases) expect([name, await codeOf(p())]).toEqual([name, code]);
    byStranger.close();
    expect(await client.l1_getAccount({ address: a0.addressHex })).toEqual(account);
  });

  test("holds a nonce gap back until it is filled, then includes both in order", async () => {
    const nonce = BigInt((await client.l1_getAccount({ address: a0.addressHex })).nonce);
    const later = await a0.send(
      { type: "transfer", to: a1.address, token: 0, amount: 2n },
      { nonce: nonce + 1n },
    );
    await client.l1_mine({});
    expect(await client.l1_getReceipt({ txHash: later })).toBeNull();
    const first = await a0.send({ type: "transfer", to: a1.address, token: 0, amount: 1n }, { nonce });
    await client.l1_mine({});
    const [r1, r2] = [
      await client.l1_getReceipt({ txHash: first }),
      await client.l1_getReceipt({ txHash: later }),
    ];
    expect([r1?.status, r2?.status, r2!.index > r1!.index || r2!.block > r1!.block]).toEqual([
      "ok",
      "ok",
      true,
    ]);
  });

  test("includes an overdraft with a failed receipt that consumes its nonce and fee", async () => {
    const account = await client.l1_getAccount({ address: a0.addressHex });
    const h = await a0.send({ type: "transfer", to: a1.address, token: 2, amount: 10n ** 30n });
    await client.l1_mine({});
    const receipt = await client.l1_getReceipt({ txHash: h });
    expect([receipt?.status, receipt?.code]).toEqual(["failed", "L1_INSUFFICIENT_BALANCE"]);
    const after = await client.l1_getAccount({ address: a0.addressHex });
    expect(BigInt(after.nonce)).toBe(BigInt(account.nonce) + 1n);
    expect(BigInt(after.balances[0]!)).toBe(BigInt(account.balances[0]!) - 1000n);
    expect(after.balances.slice(1)).toEqual(account.balances.slice(1));
  });

  test("a creating deposit is queued with its key and pushed to a rollup-events subscriber", async () => {
    const ws = createGhostdClient(node.wsUrl);
    const events = ws.subscribe("rollupEvents");
    await events.ready;
    const key = l2KeyFromSeed("node-test-deposit").publicKey;
    const h = await a0.send({ type: "deposit", token: 1, amount: 500n, to: null, ...key });
    await client.l1_mine({});
    const event = (await events.next()).value as { type: string; queueIndex: number };
    expect(event.type).toBe("depositQueued");
    const [entry] = await client.l1_priorityOps({ from: event.queueIndex, count: 1 });
    expect(entry?.op).toMatchObject({ type: "deposit", to: null, amount: "500", ax: String(key.ax) });
    expect((await client.l1_rollupState()).queueLength).toBe(event.queueIndex + 1);
    expect((await client.l1_getReceipt({ txHash: h }))?.status).toBe("ok");
    await events.unsubscribe();
    await ws.close();
  });

  test("a commit by someone other than the sequencer fails with ROLLUP_NOT_SEQUENCER", async () => {
    const proof = {
      pi_a: ["1", "2", "1"],
      pi_b: [
        ["1", "2"],
        ["3", "4"],
        ["1", "0"],
      ],
      pi_c: ["1", "2", "1"],
      protocol: "groth16",
      curve: "bn128",
    };
    const h = await a0.send({
      type: "commitBatch",
      batchNumber: 1,
      feeAccount: 0,
      newRoot: 1n,
      data: new Uint8Array(),
      proof,
    } as never);
    await client.l1_mine({});
    expect((await client.l1_getReceipt({ txHash: h }))?.code).toBe("ROLLUP_NOT_SEQUENCER");
  });

  test("serves /health and prom-client /metrics: height, transactions, mempool, verification latency", async () => {
    expect(await (await fetch(new URL("/health", node.url))).json()).toMatchObject({ status: "ok" });
    const metrics = await (await fetch(new URL("/metrics", node.url))).text();
    for (const name of [
      "ghostd_height",
      "ghostd_txs_total",
      "ghostd_mempool_size",
      "ghostd_signature_verify_ms",
      "ghostd_proof_verify_ms",
      "ghostd_block_production_ms",
      "ghostd_batches_settled_total",
    ]) {
      expect(metrics).toContain(name);
    }
  });

  test("rpc.discover lists every method of the table, with the server answering each name", async () => {
    const doc = (await client.discover()) as { methods: { name: string }[] };
    const names = doc.methods.map((m) => m.name);
    for (const name of Object.keys(ghostdApi.methods)) expect(names).toContain(name);
  });

  test("answers malformed JSON and an oversize body with JSON-RPC errors, then a good request", async () => {
    const post = (body: string) =>
      fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) =>
        r.json(),
      );
    expect(((await post("{bad")) as { error: { code: number } }).error.code).toBe(-32700);
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "l1_head",
      params: { pad: "x".repeat(2 << 20) },
    });
    expect(((await post(big)) as { error: { data: { code: string } } }).error.data.code).toBe(
      "RPC_LIMIT_EXCEEDED",
    );
    expect((await client.l1_head()).height).toBeGreaterThan(0);
  });

  test("a second state replaying the node's blocks reaches the same state root at every height", async () => {
    const g = buildGenesis(genesisFromJson(node.genesisJson));
    const state = g.state;
    const vkey = (node.genesisJson as { rollup: { verificationKey: Parameters<typeof proofVerifier>[0] } })
      .rollup.verificationKey;
    let parent: BlockHeader = g.header;
    const head = (await client.l1_head()).height;
    for (let height = 1; height <= head; height++) {
      const b = (await client.l1_getBlock({ height }))!;
      const txs = await Promise.all(
        b.txs.map(async (h) => txFromJson((await client.l1_getTransaction({ txHash: h }))!.tx)),
      );
      const header: BlockHeader = {
        chainId: g.params.chainId,
        height,
        parentHash: fromHex(b.parentHash.slice(2)),
        timestamp: b.timestamp,
        txRoot: fromHex(b.txRoot.slice(2)),
        receiptRoot: fromHex(b.receiptRoot.slice(2)),
        stateRoot: fromHex(b.stateRoot.slice(2)),
        proposer: BigInt(b.proposer),
      };
      const r = await applyBlock(
        state,
        { parent, txs, header },
        { params: g.params, deps: { verifyProof: proofVerifier(vkey) } },
      );
      expect(`0x${Buffer.from(r.stateRoot).toString("hex")}`).toBe(b.stateRoot);
      parent = r.header;
    }
  });

  test("a restart resumes at the same head, state root and receipts", async () => {
    const head = await client.l1_head();
    const h = await a0.send({ type: "transfer", to: a1.address, token: 3, amount: 1n });
    await client.l1_mine({});
    const receipt = await client.l1_getReceipt({ txHash: h });
    const account = await client.l1_getAccount({ address: a0.addressHex });
    await ghostd.restart();
    ({ node, client } = ghostd);
    const resumed = await client.l1_head();
    expect(resumed.height).toBe(head.height + 1);
    expect(await client.l1_getReceipt({ txHash: h })).toEqual(receipt);
    expect(await client.l1_getAccount({ address: a0.addressHex })).toEqual(account);
    a0.close();
    a0 = await createL1Signer(client, devKey("account-0"));
  });
});
