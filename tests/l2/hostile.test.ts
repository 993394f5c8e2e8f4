/**
 * GhostPlane under hostile input, on one real ghostd + ghostplane (test-size circuit: batch size 2,
 * depth 4, L2 chain id 7; accounts 1..4 owned by account-0..3, index 0 the fee account): the protocol's
 * JSON vectors and raw JSON-RPC frames (tests/l2/hostile.ts) over the WebSocket endpoint, each answered
 * with its exact code on a connection that stays usable, changing nothing; then the sequencer's own
 * refusals through the typed client (replays, signatures, nonces, the future-nonce queue, balances,
 * unknown accounts), each recorded under the tx's protocol hash; last, backpressure: with proving off,
 * the unproven backlog passes its cap, L2 txs are refused and deposits from L1 still go in.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createL1Signer, type GhostplaneClient, type L2Wallet } from "../../src/client/index.js";
import { devKey } from "../../src/l1/keys/index.js";
import { INITIAL_PROVING_MS } from "../../src/l2/core/index.js";
import {
  type ErrorCode,
  GhostError,
  initProtocol,
  isGhostError,
  type L2Tx,
  l2KeyFromSeed,
  opToJson,
  signTx,
  txHash,
  type UnsignedTx,
} from "../../src/protocol/index.js";
import { rpcCodeOf } from "../../src/rpc/index.js";
import { type Json, type RawSocket, rawSocket } from "../rpc/exampleApi.js";
import { type ErrorAnswer, FRAME_ENTRIES, type OkAnswer, TABLE_SIZE, VECTOR_ENTRIES } from "./hostile.js";
import { L2_CHAIN_ID, startTestStack, type TestStack, waitFor } from "./stackFixture.js";

/** The test circuit's batch size (ops per batch). */
const BATCH_SIZE = 2;
const NONCE_WAIT_MS = 1_000;
const MAX_WAITING_PER_ACCOUNT = 2;
/** L2 txs are refused from this many unproven batches on (each estimated at the test circuit's initial time). */
const BACKLOG_BATCHES = 10;
const PER_BATCH_MS = INITIAL_PROVING_MS.test!;
const MAX_BACKLOG_MS = BACKLOG_BATCHES * PER_BATCH_MS - PER_BATCH_MS / 2;

let s: TestStack;
let l2: GhostplaneClient;

beforeAll(async () => {
  await initProtocol();
  s = await startTestStack("hostile", {
    plane: {
      prover: "none",
      maxProvingBacklogMs: MAX_BACKLOG_MS,
      sequencing: {
        nonceWaitMs: NONCE_WAIT_MS,
        maxWaitingPerAccount: MAX_WAITING_PER_ACCOUNT,
        batchTimeoutMs: 100,
      },
    },
  });
  l2 = s.l2;
}, 300_000);

afterAll(async () => {
  await s?.close();
});

/** Everything a refused input must leave as it was: heads, queues and every account (soft and sealed). */
async function observable() {
  const info = await l2.l2_chainInfo();
  const accounts = await Promise.all([0, 1, 2, 3, 4, 5].map((index) => l2.l2_getAccount({ index })));
  return { heads: info.heads, mempool: info.mempool, priority: info.priority, accounts };
}

/** The GhostChain code a call failed with ("none" if it succeeded, "untyped" for anything but a GhostError). */
async function codeOf(p: Promise<unknown>): Promise<ErrorCode | "none" | "untyped"> {
  try {
    await p;
    return "none";
  } catch (e) {
    return isGhostError(e) ? e.code : "untyped";
  }
}

/** An answer as the table writes it: the JSON-RPC number, the GhostChain code and the id (index if any). */
function answerOf(m: Json): ErrorAnswer | OkAnswer {
  if (m.error === undefined) return { ok: true, id: m.id };
  const index = m.error.data?.details?.index;
  return {
    rpc: m.error.code,
    code: m.error.data?.code,
    id: m.id,
    ...(typeof index === "number" ? { index } : {}),
  };
}

let goodId = 0;
/** A good request on the same socket is answered next: nothing else was queued, and the socket serves. */
async function expectServes(socket: RawSocket): Promise<void> {
  const id = `good-${++goodId}`;
  socket.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method: "l2_chainInfo" }));
  const m = await socket.next(5_000);
  expect(m.id).toBe(id);
  expect(m.result.chainId).toBe(L2_CHAIN_ID);
}

describe(`the hostile-input table over WebSocket (${TABLE_SIZE.vectors} vectors, ${TABLE_SIZE.frames} frames)`, () => {
  test("every op of the JSON vectors as l2_sendTransaction's tx gets its code, and changes nothing", async () => {
    const before = await observable();
    const socket = await rawSocket(s.plane.wsUrl);
    const got: unknown[] = [];
    const wanted: unknown[] = [];
    try {
      for (const [k, entry] of VECTOR_ENTRIES.entries()) {
        socket.ws.send(
          JSON.stringify({ jsonrpc: "2.0", id: k, method: "l2_sendTransaction", params: { tx: entry.tx } }),
        );
        got.push({ name: entry.name, ...answerOf(await socket.next(5_000)) });
        wanted.push({ name: entry.name, rpc: rpcCodeOf(entry.code), code: entry.code, id: k });
        await expectServes(socket);
      }
    } finally {
      await socket.close();
    }
    expect(got).toEqual(wanted);
    // Every kind of refusal is in the table.
    expect(new Set(VECTOR_ENTRIES.map((e) => e.by))).toEqual(
      new Set(["schema", "codec", "not an L2 tx", "sequencer"]),
    );
    expect(await observable()).toEqual(before);
  });

  test("every raw frame gets its typed answer, the socket serves after each, and nothing changes", async () => {
    const before = await observable();
    let socket = await rawSocket(s.plane.wsUrl);
    try {
      for (const entry of FRAME_ENTRIES) {
        socket.ws.send(entry.frame());
        const answer = entry.answer;
        if ("close" in answer) {
          expect({ name: entry.name, code: (await socket.closed).code }).toEqual({
            name: entry.name,
            code: answer.close,
          });
          socket = await rawSocket(s.plane.wsUrl);
        } else if ("error" in answer) {
          expect({ name: entry.name, ...answerOf(await socket.next(10_000)) }).toEqual({
            name: entry.name,
            ...answer.error,
          });
        } else if ("ok" in answer) {
          expect({ name: entry.name, ...answerOf(await socket.next(10_000)) }).toEqual({
            name: entry.name,
            ok: true,
            id: answer.ok,
          });
        } else if ("batch" in answer) {
          const m = await socket.next(10_000);
          expect({ name: entry.name, answers: (m as Json[]).map(answerOf) }).toEqual({
            name: entry.name,
            answers: answer.batch,
          });
        }
        // For a notification, the next message must be the good request's answer.
        await expectServes(socket);
      }
    } finally {
      await socket.close();
    }
    expect(await observable()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------------
// The sequencer's refusals, through the typed client.

const key = (i: number) => l2KeyFromSeed(`account-${i}`).privateKey;
/** A tx signed by `account-i`'s key (whatever its `from`), as the canonical JSON l2_sendTransaction takes. */
const signed = (i: number, tx: UnsignedTx) => opToJson(signTx(L2_CHAIN_ID, key(i), tx));
const transfer = (from: number, nonce: number, amount = 1n, to = 1): UnsignedTx => ({
  type: "transfer",
  from,
  to,
  token: 0,
  amount,
  fee: 1n,
  nonce,
});

/** The tx's record says rejected with `code`, after `events` (by status). */
async function expectRejected(tx: UnsignedTx, code: ErrorCode, events: string[]): Promise<void> {
  const record = await l2.l2_getTransaction({ txHash: txHash(L2_CHAIN_ID, tx) });
  expect(record).toMatchObject({ status: "rejected", code });
  expect(record!.events.map((e) => e.status)).toEqual(events);
  expect(record!.events.at(-1)).toMatchObject({ status: "rejected", code });
}

/** Subscribes to a tx's txStatus events before it is sent; `untilSealed` returns them up to its seal. */
async function watch(tx: UnsignedTx): Promise<{ untilSealed(): Promise<string[]> }> {
  const sub = l2.subscribe("txStatus", { txHash: txHash(L2_CHAIN_ID, tx) });
  await sub.ready;
  const statuses: string[] = [];
  const done = (async () => {
    for await (const e of sub) statuses.push(e.code === undefined ? e.status : `${e.status} ${e.code}`);
  })();
  return {
    async untilSealed() {
      // Proving is off: sealed is the last event, and anything published before it is already here.
      await waitFor(
        async () => statuses,
        (st) => st.includes("sealed"),
        30_000,
        "the tx sealed",
      );
      await sub.return?.();
      await done;
      return statuses;
    },
  };
}

const account = async (index: number) => (await l2.l2_getAccount({ index }))!.account;

describe("the sequencer's refusals", () => {
  /** account-1's wallet (index 2): refused twice below, then used again. */
  let w1: L2Wallet;

  beforeAll(async () => {
    w1 = await s.wallet(1);
  });

  test("a replayed tx is L2_TX_KNOWN, alone or in a user batch; its watchers see it sequenced, never rejected", async () => {
    const tx = transfer(1, 0, 10n, 4);
    const watcher = await watch(tx);
    const json = signed(0, tx);
    const first = await l2.l2_sendTransaction({ tx: json });
    expect(first).toMatchObject({ txHash: txHash(L2_CHAIN_ID, tx), status: "sequenced" });
    const after = await account(1);
    expect(await codeOf(l2.l2_sendTransaction({ tx: json }))).toBe("L2_TX_KNOWN");
    const inBatch = await l2.l2_sendTransactions({ txs: [json] }).catch((e: unknown) => e);
    expect(inBatch).toBeInstanceOf(GhostError);
    expect((inBatch as GhostError).code).toBe("L2_TX_KNOWN");
    expect((inBatch as GhostError).details).toMatchObject({ index: 0 });
    expect(await account(1)).toEqual(after);
    // The record and the subscription tell the first tx's fate, not the copies'.
    expect(await watcher.untilSealed()).toEqual(["received", "sequenced", "sealed"]);
    expect((await l2.l2_getTransaction({ txHash: first.txHash }))!.status).toBe("sealed");
  });

  test("a user batch holding the same tx twice is L2_TX_KNOWN naming the copy, and applies nothing", async () => {
    const before = await account(1);
    const json = signed(0, transfer(1, before.nonce, 3n, 2));
    const err = await l2.l2_sendTransactions({ txs: [json, json] }).catch((e: unknown) => e);
    expect((err as GhostError).code).toBe("L2_TX_KNOWN");
    expect((err as GhostError).details).toMatchObject({ index: 1 });
    expect(await account(1)).toEqual(before);
  });

  test("a stale nonce is TX_NONCE_MISMATCH, recorded under the tx's hash", async () => {
    const before = await account(1);
    expect(before.nonce).toBeGreaterThan(0);
    const tx = transfer(1, 0, 11n, 2);
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(0, tx) }))).toBe("TX_NONCE_MISMATCH");
    expect(await account(1)).toEqual(before);
    await expectRejected(tx, "TX_NONCE_MISMATCH", ["received", "rejected"]);
  });

  test("a signature by another key, or altered, is TX_BAD_SIGNATURE", async () => {
    const before = await account(2);
    const tx = transfer(2, before.nonce, 5n);
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(0, tx) }))).toBe("TX_BAD_SIGNATURE");
    await expectRejected(tx, "TX_BAD_SIGNATURE", ["received", "rejected"]);
    // account-1's own signature with one bit flipped.
    const good = signTx(L2_CHAIN_ID, key(1), transfer(2, before.nonce, 6n));
    const flipped: L2Tx = { ...good, signature: good.signature.map((b, i) => (i === 40 ? b ^ 1 : b)) };
    expect(await codeOf(l2.l2_sendTransaction({ tx: opToJson(flipped) }))).toBe("TX_BAD_SIGNATURE");
    expect(await account(2)).toEqual(before);
  });

  test("an overdraft is TX_INSUFFICIENT_BALANCE, by the amount or by the fee", async () => {
    const before = await account(2);
    // Genesis' 1,000 GCC, untouched so far: both amounts below have exact float36 forms.
    const balance = 1000n * 10n ** 18n;
    expect(before.balances[0]).toBe(balance.toString());
    const over = transfer(2, before.nonce, balance + 10n ** 18n);
    expect(await codeOf(w1.transfer({ to: 1, token: 0, amount: over.amount, fee: 1n }))).toBe(
      "TX_INSUFFICIENT_BALANCE",
    );
    await expectRejected(over, "TX_INSUFFICIENT_BALANCE", ["received", "rejected"]);
    // The whole balance is not enough once the fee is added.
    expect(await codeOf(w1.withdraw({ token: 0, amount: balance, fee: 1n }))).toBe("TX_INSUFFICIENT_BALANCE");
    expect(await account(2)).toEqual(before);
  });

  test("an unknown sender is TX_UNKNOWN_ACCOUNT, inside the tree or beyond it", async () => {
    for (const from of [9, 15, 16, 2 ** 32 - 1]) {
      const tx = transfer(from, 0);
      expect({ from, code: await codeOf(l2.l2_sendTransaction({ tx: signed(0, tx) })) }).toEqual({
        from,
        code: "TX_UNKNOWN_ACCOUNT",
      });
      await expectRejected(tx, "TX_UNKNOWN_ACCOUNT", ["received", "rejected"]);
    }
    expect(await l2.l2_getAccount({ index: 9 })).toBeNull();
    // An unknown recipient too; the sender's nonce is right, so nothing else is at fault.
    const before = await account(1);
    const toNobody = transfer(1, before.nonce, 1n, 9);
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(0, toNobody) }))).toBe("TX_UNKNOWN_ACCOUNT");
    await expectRejected(toNobody, "TX_UNKNOWN_ACCOUNT", ["received", "rejected"]);
    expect(await account(1)).toEqual(before);
  });

  test("a future nonce waits, and both are sequenced in nonce order once the missing one comes", async () => {
    const before = await account(3);
    const later = transfer(3, before.nonce + 1, 2n);
    const earlier = transfer(3, before.nonce, 1n);
    const watcher = await watch(later);
    const waiting = l2.l2_sendTransaction({ tx: signed(2, later) });
    // Awaited below; handled now so that a failed assertion before then is not also an unhandled rejection.
    waiting.catch(() => undefined);
    await waitFor(
      () => l2.l2_chainInfo(),
      (i) => i.mempool.waiting === 1,
      5_000,
      "the future nonce waiting",
    );
    expect(await l2.l2_getTransaction({ txHash: txHash(L2_CHAIN_ID, later) })).toMatchObject({
      status: "received",
    });
    // The same waiting tx again is refused; the one waiting keeps waiting.
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(2, later) }))).toBe("L2_TX_KNOWN");
    expect(await l2.l2_getTransaction({ txHash: txHash(L2_CHAIN_ID, later) })).toMatchObject({
      status: "received",
    });
    const first = await l2.l2_sendTransaction({ tx: signed(2, earlier) });
    const second = await waiting;
    const place = (r: { batchNumber: number; position: number }) => r.batchNumber * BATCH_SIZE + r.position;
    expect(place(second)).toBeGreaterThan(place(first));
    expect((await account(3)).nonce).toBe(before.nonce + 2);
    expect(await watcher.untilSealed()).toEqual(["received", "sequenced", "sealed"]);
  });

  test("a future nonce whose gap is never filled is L2_NONCE_GAP after nonceWaitMs", async () => {
    const before = await account(4);
    const tx = transfer(4, before.nonce + 5);
    const sent = Date.now();
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(3, tx) }))).toBe("L2_NONCE_GAP");
    expect(Date.now() - sent).toBeGreaterThanOrEqual(NONCE_WAIT_MS - 5);
    await expectRejected(tx, "L2_NONCE_GAP", ["received", "rejected"]);
    expect((await l2.l2_chainInfo()).mempool.waiting).toBe(0);
    expect(await account(4)).toEqual(before);
  });

  test(`more than ${MAX_WAITING_PER_ACCOUNT} future nonces of one account: L2_NONCE_QUEUE_FULL for the rest`, async () => {
    const before = await account(4);
    const txs = [10, 11, 12].map((d) => transfer(4, before.nonce + d));
    // Sent in order on one socket: the first two wait, the third finds the queue full at once.
    const answers = txs.map((tx) => codeOf(l2.l2_sendTransaction({ tx: signed(3, tx) })));
    expect(await answers[2]).toBe("L2_NONCE_QUEUE_FULL");
    expect((await l2.l2_chainInfo()).mempool.waiting).toBe(MAX_WAITING_PER_ACCOUNT);
    expect(await Promise.all(answers.slice(0, 2))).toEqual(["L2_NONCE_GAP", "L2_NONCE_GAP"]);
    await expectRejected(txs[2]!, "L2_NONCE_QUEUE_FULL", ["received", "rejected"]);
    expect(await account(4)).toEqual(before);
  });

  test("after the refusals, a wallet that was refused rereads its nonce and its next tx is sequenced", async () => {
    const before = await account(2);
    const sent = await w1.transfer({ to: 3, token: 0, amount: 1n, fee: 1n });
    expect(sent).toMatchObject({
      txHash: txHash(L2_CHAIN_ID, transfer(2, before.nonce, 1n, 3)),
      status: "sequenced",
    });
    expect((await account(2)).nonce).toBe(before.nonce + 1);
  });
});

// ---------------------------------------------------------------------------------------------------
// Backpressure: last, since it leaves the sequencer refusing L2 txs.

describe("backpressure with proving off", () => {
  test("past the backlog cap L2 txs are L2_BACKLOG_FULL, while a deposit from L1 is still sequenced", async () => {
    const w = await s.wallet(1);
    // Start from an empty open batch, so each user batch of two fills and closes exactly one batch.
    let info = await waitFor(
      () => l2.l2_chainInfo(),
      (i) => i.heads.soft.ops === 0,
      5_000,
      "no open ops",
    );
    expect(info.backlog).toMatchObject({
      proving: false,
      maxProvingBacklogMs: MAX_BACKLOG_MS,
      acceptingL2: true,
    });
    expect(info.backlog.batches).toBe(info.heads.closed);
    expect(info.backlog.batches).toBeLessThan(BACKLOG_BATCHES);
    while (info.backlog.batches < BACKLOG_BATCHES) {
      const batches = info.backlog.batches;
      await w.sendBatch([
        { type: "transfer", to: 1, token: 0, amount: 1n, fee: 1n },
        { type: "transfer", to: 1, token: 0, amount: 1n, fee: 1n },
      ]);
      info = await l2.l2_chainInfo();
      expect(info.backlog.batches).toBe(batches + 1);
      expect(info.backlog.estimatedProvingMs).toBe((batches + 1) * PER_BATCH_MS);
      expect(info.backlog.acceptingL2).toBe(info.backlog.batches < BACKLOG_BATCHES);
    }

    const before = await account(2);
    const tx = transfer(2, before.nonce, 1n);
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(1, tx) }))).toBe("L2_BACKLOG_FULL");
    await expectRejected(tx, "L2_BACKLOG_FULL", ["rejected"]);
    expect(await codeOf(w.sendBatch([{ type: "withdraw", token: 0, amount: 1n, fee: 1n }]))).toBe(
      "L2_BACKLOG_FULL",
    );
    expect(await account(2)).toEqual(before);

    // A deposit creating an account, sent on L1, goes in regardless: priority ops are never held back.
    const queued = info.priority.nextQueueIndex;
    const fresh = l2KeyFromSeed("hostile-fresh").publicKey;
    const alice = await createL1Signer(s.l1, devKey("account-0"));
    try {
      await alice.send({ type: "deposit", token: 0, amount: 500n, to: null, ax: fresh.ax, ay: fresh.ay });
    } finally {
      alice.close();
    }
    const created = await waitFor(
      () => l2.l2_getAccount({ index: 5 }),
      (a) => a !== null,
      30_000,
      "the deposit",
    );
    expect(created!.account).toMatchObject({ ax: fresh.ax.toString(), balances: ["500", "0", "0", "0"] });
    info = await waitFor(
      () => l2.l2_chainInfo(),
      (i) => i.heads.closed === BACKLOG_BATCHES + 1,
      5_000,
      "the deposit's batch closed",
    );
    expect(info.priority.nextQueueIndex).toBe(queued + 1);
    expect(info.backlog).toMatchObject({ batches: BACKLOG_BATCHES + 1, acceptingL2: false });
    expect(await codeOf(l2.l2_sendTransaction({ tx: signed(1, tx) }))).toBe("L2_BACKLOG_FULL");
  });
});
