/**
 * Proving on workers through BullMQ and a real redis-server (test-size circuit): one ghostd and one
 * ghostplane with `proverQueue`, and `ghost prover` worker processes as a user starts them. Two workers
 * prove batches that settle in order; a worker killed with SIGKILL mid-proof loses nothing; a worker that
 * returns a wrong proof is refused and the job goes to another; a hung worker's proof stops at its job
 * timeout while the sequencer gives the job to another; the sequencer restarted with jobs out and Redis
 * restarted (append-only file) both end with every batch settled exactly once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RedisServer, startRedisServer } from "../../../scripts/devnet/redisServer.js";
import { devKey } from "../../../src/l1/keys/index.js";
import { formatAddress } from "../../../src/l1/tx/index.js";
import type { Groth16Proof } from "../../../src/prover/index.js";
import {
  ArtifactCache,
  DEFAULT_PROVER_QUEUE_NAME,
  type ProverWorker,
  redisConnectionOptions,
  startProverWorker,
} from "../../../src/prover/queue/index.js";
import { terminateSnarkjsCurve } from "../../../src/prover/setup/index.js";
import { startTestStack, type TestStack, waitFor } from "../../l2/stackFixture.js";
import { startWorkerProcess, type WorkerProcess } from "./workerProcess.js";

let redis: RedisServer;
let s: TestStack;
let queue: Queue;
let cacheRoot: string;
const workers: WorkerProcess[] = [];
let nextWorker = 0;

const startWorker = async (extra: string[] = []) => {
  const w = await startWorkerProcess(`w${++nextWorker}`, redis.url, join(cacheRoot, `w${nextWorker}`), extra);
  workers.push(w);
  return w;
};

beforeAll(async () => {
  redis = await startRedisServer();
  cacheRoot = mkdtempSync(join(tmpdir(), "ghost-prover-cache-"));
  s = await startTestStack("provers", {
    plane: {
      proverQueue: { url: redis.url, jobTimeoutMs: 120_000, window: 8 },
      sequencing: { batchTimeoutMs: 300 },
    },
  });
  // The sealing process (niced, and sharing the cores with other test files) answers the sealed part of
  // l2_getAccount, which each wallet reads first: wait until it has started.
  for (const until = Date.now() + 120_000; ; ) {
    try {
      await s.l2.l2_getAccount({ index: 1 });
      break;
    } catch (e) {
      if (Date.now() > until) throw e;
    }
  }
  queue = new Queue(DEFAULT_PROVER_QUEUE_NAME, { connection: redisConnectionOptions(redis.url) });
  queue.on("error", () => undefined); // Redis is stopped on purpose below; the queue reconnects
}, 300_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await queue?.close();
  await s?.close();
  await redis?.close();
  if (cacheRoot !== undefined) rmSync(cacheRoot, { recursive: true, force: true });
  await terminateSnarkjsCurve();
}, 60_000);

/** Sends `n` transfers (two per test-size batch) from the four development accounts, in turn. */
async function sendTransfers(n: number): Promise<void> {
  const wallets = await Promise.all([0, 1, 2, 3].map((i) => s.wallet(i)));
  await Promise.all(
    wallets.map(async (w, i) => {
      for (let k = i; k < n; k += wallets.length) {
        await w.transfer({ to: ((i + 1) % 4) + 1, token: 0, amount: 1n, fee: 1n });
      }
    }),
  );
}

/** Waits until every closed batch has settled; returns the settled head. */
async function allSettled(timeoutMs = 120_000): Promise<number> {
  const info = await waitFor(
    () => s.l2.l2_chainInfo(),
    (i) => i.heads.closed > 0 && i.heads.settled === i.heads.closed && i.heads.soft.ops === 0,
    timeoutMs,
    "every closed batch settled",
  );
  return info.heads.settled;
}

/** The batches settled once each: L1 holds them all and the sequencer sent one commit per batch. */
async function expectSettledOnce(last: number): Promise<void> {
  expect((await s.l1.l1_rollupState()).lastBatch).toBe(last);
  const sequencer = await s.l1.l1_getAccount({ address: formatAddress(devKey("sequencer").address) });
  expect(sequencer.nonce).toBe(String(last));
}

const provedBy = () => workers.flatMap((w) => w.proved());

async function activeJob(): Promise<{ batch: number; worker: string }> {
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    const active = await queue.getActive();
    const job = active.find((j) => j.processedBy !== undefined);
    if (job !== undefined) return { batch: job.data.batchNumber as number, worker: job.processedBy! };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no job became active");
}

async function planeMetric(name: string): Promise<number> {
  const text = await (await fetch(new URL("metrics", s.plane.url))).text();
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

describe("proofs from ghost prover workers through Redis", () => {
  test("two workers prove a sequence of batches that settle on ghostd in order", async () => {
    // One serves /health and /metrics; the other restarts its prover process after every job (a memory
    // limit below any proof's).
    const [observed, recycling] = await Promise.all([
      startWorker(["--port", "0"]),
      startWorker(["--max-memory", "1"]),
    ]);
    await observed.waitForLine((l) => l.msg === "serving /health and /metrics");
    const statusUrl = observed.lines.find((l) => l.msg === "serving /health and /metrics")!.url as string;
    await sendTransfers(8);
    const last = await allSettled();
    expect(last).toBeGreaterThanOrEqual(4);
    await expectSettledOnce(last);
    const proved = provedBy();
    expect([...proved].sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    // Both took jobs: the batches were proven side by side.
    expect(observed.proved().length).toBeGreaterThan(0);
    expect(recycling.proved().length).toBeGreaterThan(0);
    expect(
      recycling.lines.filter((l) => l.msg === "prover process past the memory limit: restarted"),
    ).toHaveLength(recycling.proved().length);
    const health = await fetch(new URL("health", statusUrl));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "ok",
      name: observed.name,
      completed: observed.proved().length,
    });
    const metrics = await (await fetch(new URL("metrics", statusUrl))).text();
    expect(metrics).toContain(`ghost_prover_jobs_total{outcome="completed"} ${observed.proved().length}`);
    // Stored proofs leave Redis.
    await waitFor(
      () => queue.getJobCounts("completed", "waiting", "active"),
      (c) => c.completed === 0,
      10_000,
    );
  }, 240_000);

  test("a worker killed with SIGKILL mid-proof: the job completes on the other worker and the batch settles", async () => {
    const before = (await s.l2.l2_chainInfo()).heads.settled;
    await sendTransfers(2);
    const { batch, worker } = await activeJob();
    const victim = workers.find((w) => w.name === worker)!;
    await victim.stop("SIGKILL");
    const last = await allSettled();
    expect(last).toBe(before + 1);
    expect(batch).toBe(last);
    await expectSettledOnce(last);
    const survivor = workers.find(
      (w) => w !== victim && w.child.exitCode === null && w.child.signalCode === null,
    )!;
    expect(survivor.proved()).toContain(batch);
    expect(victim.proved()).not.toContain(batch);
  }, 240_000);

  test("a worker that returns a wrong proof is refused and the job is redone by another worker", async () => {
    await Promise.all(workers.map((w) => w.stop("SIGTERM")));
    // A dishonest worker: a well-formed proof (the generators) that proves nothing.
    const wrong: Groth16Proof = {
      pi_a: ["1", "2", "1"],
      pi_b: [
        [
          "10857046999023057135944570762232829481370756359578518086990519993285655852781",
          "11559732032986387107991004021392285783925812861821192530917403151452391805634",
        ],
        [
          "8495653923123431417604973247489272438418190587263600148770280649306958101930",
          "4082367875863433681332203403145435568316851327593401208105741076214120093531",
        ],
        ["1", "0"],
      ],
      pi_c: ["1", "2", "1"],
      protocol: "groth16",
      curve: "bn128",
    };
    let liarProofs = 0;
    const liar: ProverWorker = await startProverWorker({
      url: redis.url,
      name: "liar",
      cache: new ArtifactCache({ dir: join(cacheRoot, "liar"), baseUrl: null }),
      lockDurationMs: 2_000,
      prove: async ({ data }) => {
        liarProofs++;
        return {
          proof: wrong,
          publicSignals: [data.publicInputHash],
          proveMs: 1,
          witnessMs: 0,
          maxRssKiB: 0,
        };
      },
    });
    try {
      const refusedBefore = await planeMetric('ghostplane_prover_jobs_total{outcome="refused"}');
      const before = (await s.l2.l2_chainInfo()).heads.settled;
      await sendTransfers(2);
      await waitFor(
        () => planeMetric('ghostplane_prover_jobs_total{outcome="refused"}'),
        (n) => n > refusedBefore,
        60_000,
        "the wrong proof refused",
      );
      // Nothing wrong was stored: the batch waits, proven by nobody, while only the liar runs.
      expect((await s.l2.l2_chainInfo()).heads.proven).toBe(before);
      const honest = await startWorker();
      const last = await allSettled();
      expect(last).toBe(before + 1);
      await expectSettledOnce(last);
      expect(honest.proved()).toEqual([last]);
      expect(liarProofs).toBe(1); // the redone job was left to others
    } finally {
      await liar.close();
    }
  }, 240_000);

  test("the sequencer restarted while jobs are out: every sealed batch settles exactly once", async () => {
    const settledBefore = (await s.l2.l2_chainInfo()).heads.settled;
    const provedBefore = provedBy().length;
    await sendTransfers(6);
    await activeJob();
    await s.restartPlane();
    const last = await allSettled();
    expect(last).toBe(settledBefore + 3);
    await expectSettledOnce(last);
    // Each of these batches was proven once: the restarted sequencer took the results already in Redis.
    const proved = provedBy().slice(provedBefore);
    expect([...proved].sort((a, b) => a - b)).toEqual([
      settledBefore + 1,
      settledBefore + 2,
      settledBefore + 3,
    ]);
  }, 240_000);

  test("a worker that hangs: its proof stops at its job timeout, and the sequencer gives a job past its own timeout to another worker", async () => {
    await Promise.all(workers.map((w) => w.stop("SIGTERM")));
    await s.restartPlane({ proverQueue: { url: redis.url, jobTimeoutMs: 2_000, window: 8 } });
    let release: () => void = () => undefined;
    const released = new Promise<never>((_, reject) => {
      release = () => reject(new Error("released"));
    });
    released.catch(() => undefined);
    let stopped = 0;
    const hung = await startProverWorker({
      url: redis.url,
      name: "hung",
      cache: new ArtifactCache({ dir: join(cacheRoot, "hung"), baseUrl: null }),
      lockDurationMs: 2_000,
      jobTimeoutMs: 4_000,
      // Never answers (until released); counts the timeouts that tell it to stop.
      prove: ({ signal }) => {
        signal.addEventListener("abort", () => stopped++);
        return released;
      },
    });
    try {
      const hedgedBefore = await planeMetric('ghostplane_prover_jobs_total{outcome="hedged"}');
      const before = (await s.l2.l2_chainInfo()).heads.settled;
      await sendTransfers(2);
      await waitFor(
        () => planeMetric('ghostplane_prover_jobs_total{outcome="hedged"}'),
        (n) => n > hedgedBefore,
        60_000,
        "a second attempt beside the hung one",
      );
      const honest = await startWorker();
      const last = await allSettled();
      expect(last).toBe(before + 1);
      await expectSettledOnce(last);
      // The honest worker proved it; maybe twice (BullMQ retries the hung attempt once the hung worker
      // gives it up, and a proof slower than this 2 s timeout is hedged too), never settled twice.
      expect(honest.proved().length).toBeGreaterThanOrEqual(1);
      expect(new Set(honest.proved())).toEqual(new Set([last]));
      await waitFor(
        async () => stopped,
        (n) => n >= 1,
        20_000,
        "the hung proof stopped at the job timeout",
      );
      expect(hung.failed).toBeGreaterThanOrEqual(1);
    } finally {
      release();
      await hung.close();
      await s.restartPlane();
    }
  }, 240_000);

  test("Redis restarted (append-only file): queued jobs survive and every batch settles", async () => {
    const before = (await s.l2.l2_chainInfo()).heads.settled;
    await redis.stop();
    await sendTransfers(4);
    // The sealed batches wait for Redis; then it comes back with whatever it had written.
    await waitFor(
      () => s.l2.l2_chainInfo(),
      (i) => i.heads.sealed >= before + 2,
      30_000,
      "two batches sealed",
    );
    await redis.start();
    const last = await allSettled();
    expect(last).toBe(before + 2);
    await expectSettledOnce(last);
  }, 240_000);
});
