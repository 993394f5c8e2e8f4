/**
 * `npm run bench -- provers`: the distributed prover queue (BullMQ on a real redis-server on loopback).
 *
 * 1. On this machine, with the real prover: one `ghost prover` worker (in this process, proving in its
 *    forked prover process as the command does) and the sequencer's queue, verification included.
 *    Jobs one at a time give the queue's overhead per job: the wall time from enqueueing to holding the
 *    verified proof, less the worker's proof time (witness + Groth16), split into enqueue → start, the
 *    worker's own handling (decode, artifact check, hand-off to the prover) and finish → verified result.
 *    Then the same jobs handed over at once (the sequencer's window) give the worker's busy share.
 * 2. Two cores cannot show proofs scaling, so a scale run puts N = 1…32 workers on the queue whose
 *    proving step is a fixed delay of the measured proof time (all else real: Redis, BullMQ, job
 *    decoding, artifact cache), `rounds` jobs per worker fed through the sequencer's window; the busy
 *    share is the workers' busy time over N × the wall time.
 * Targets: busy share ≥ 95 % up to N = 32; overhead per job < 1 % of a devnet proof.
 *
 * BENCH_PROVERS_CIRCUIT (devnet), BENCH_PROVERS_JOBS (4), BENCH_PROVERS_ROUNDS (3),
 * BENCH_PROVERS_WORKERS (1,2,4,8,16,32), BENCH_PROVERS_DELAY_MS (default: the measured proof time).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { initProtocol } from "../../src/protocol/index.js";
import {
  batchCircuit,
  buildBatchCircuit,
  buildBatchInput,
  calculateWitness,
  encodeCircuitInput,
  type Groth16Proof,
  type ProveResult,
  readVerificationKey,
} from "../../src/prover/index.js";
import {
  ArtifactCache,
  artifactHandler,
  createProofVerifier,
  createRedisProverQueue,
  hashCircuitArtifacts,
  type JobTiming,
  type ProverWorker,
  type RedisProverQueue,
  startProverWorker,
} from "../../src/prover/queue/index.js";
import { terminateSnarkjsCurve } from "../../src/prover/setup/index.js";
import { startRedisServer } from "../devnet/redisServer.js";
import { transferBatch } from "./batches/transferBatch.js";
import { type Figure, median, numberAt, printJsonLine, printTable } from "./harness.js";

const envInt = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined ? fallback : Number(v);
};

/** Runs `count` jobs through `prove`, at most `window` at once (as the sequencer's pipeline does). */
async function feed(count: number, window: number, prove: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await prove(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
}

export async function run(): Promise<Record<string, unknown>> {
  await initProtocol();
  const circuitName = process.env.BENCH_PROVERS_CIRCUIT ?? "devnet";
  const jobs = envInt("BENCH_PROVERS_JOBS", 4);
  const rounds = envInt("BENCH_PROVERS_ROUNDS", 3);
  const workerCounts = (process.env.BENCH_PROVERS_WORKERS ?? "1,2,4,8,16,32").split(",").map(Number);
  const circuit = batchCircuit(circuitName);
  const built = await buildBatchCircuit(circuitName, { log: (l) => console.error(l) });
  const vkey = readVerificationKey(built.vkey);
  const artifacts = await hashCircuitArtifacts(built);
  const batch = await buildBatchInput(circuit, transferBatch(circuit));
  const input = batch.input as unknown as Record<string, unknown>;
  const jobBytes = Math.ceil((encodeCircuitInput(input).length * 4) / 3);
  const witnessBytes = (await calculateWitness(built.wasm, batch.input)).length;

  const redis = await startRedisServer();
  const app = express();
  app.get("/artifacts/:sha256", artifactHandler(artifacts));
  const http = createServer(app);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const artifactsUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  const scratch = mkdtempSync(join(tmpdir(), "ghost-bench-provers-"));
  let batchNumber = 0;
  const job = () => ({
    batchNumber: ++batchNumber,
    zkey: built.zkey,
    wasm: built.wasm,
    input,
    verify: { vkey, publicInputHash: batch.publicInputHash },
  });
  const timings = new Map<number, JobTiming>();
  const verifyMs: number[] = [];

  try {
    // 1. The real prover, one worker.
    console.error(`provers bench: ${circuitName}, real prover, ${jobs} jobs one at a time then at once`);
    const real = await startProverWorker({
      url: redis.url,
      queueName: "bench-real",
      name: "bench-real",
      cache: new ArtifactCache({ dir: join(scratch, "real"), baseUrl: null }),
    });
    const queue = await createRedisProverQueue({
      url: redis.url,
      queueName: "bench-real",
      circuit: circuitName,
      artifacts,
      artifactsUrl: () => artifactsUrl,
    });
    queue.onJob = (t) => timings.set(t.batchNumber, t);
    let realBusyShare = 0;
    const perJob: { wallMs: number; proofMs: number; timing: JobTiming }[] = [];
    try {
      await queue.prove(job()); // warm-up: artifacts downloaded, prover process and curve started
      for (let i = 0; i < jobs; i++) {
        const j = job();
        const t = performance.now();
        const r = await queue.prove(j);
        perJob.push({
          wallMs: performance.now() - t,
          proofMs: r.proveMs + r.witnessMs,
          timing: timings.get(j.batchNumber)!,
        });
      }
      const busy0 = real.busyMs;
      const t0 = performance.now();
      await feed(jobs, queue.window, () => queue.prove(job()));
      realBusyShare = (real.busyMs - busy0) / (performance.now() - t0);
      // The verification alone, as the queue runs it (its own process), for the split of the result delay.
      const verifier = createProofVerifier();
      const last = await queue.prove(job());
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await verifier.verify(vkey, last.proof, batch.publicInputHash);
        verifyMs.push(performance.now() - t);
      }
      await verifier.close();
    } finally {
      await queue.close();
      await real.close();
    }
    const proofMs = median(perJob.map((p) => p.proofMs));
    const overheadMsPerJob = median(perJob.map((p) => p.wallMs - p.proofMs));
    const queuedMs = median(perJob.map((p) => p.timing.queuedMs));
    const workerOverheadMs = median(perJob.map((p) => p.timing.processedMs - p.proofMs));
    const resultMs = median(perJob.map((p) => p.timing.resultMs));

    // 2. The scale run: N workers whose proof is a fixed delay.
    const delayMs = envInt("BENCH_PROVERS_DELAY_MS", Math.round(proofMs));
    const fakeProof: Groth16Proof = {
      pi_a: ["1", "2", "1"],
      pi_b: [
        ["1", "0"],
        ["1", "0"],
        ["1", "0"],
      ],
      pi_c: ["1", "2", "1"],
      protocol: "groth16",
      curve: "bn128",
    };
    const sharedCache = new ArtifactCache({ dir: join(scratch, "scale"), baseUrl: null });
    const busyShareByWorkers: Record<string, number> = {};
    const overheadByWorkers: Record<string, number> = {};
    const scaleRows: Record<string, string | number>[] = [];
    for (const n of workerCounts) {
      console.error(`provers bench: ${n} worker(s) × ${rounds} jobs of ${delayMs} ms`);
      const queueName = `bench-scale-${n}`;
      const workers: ProverWorker[] = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          startProverWorker({
            url: redis.url,
            queueName,
            name: `fake-${i}`,
            cache: sharedCache,
            prove: async ({ data }): Promise<Omit<ProveResult, "verified">> => {
              await new Promise((r) => setTimeout(r, delayMs));
              return {
                proof: fakeProof,
                publicSignals: [data.publicInputHash],
                proveMs: delayMs,
                witnessMs: 0,
                maxRssKiB: 0,
              };
            },
          }),
        ),
      );
      const scaleQueue: RedisProverQueue = await createRedisProverQueue({
        url: redis.url,
        queueName,
        circuit: circuitName,
        artifacts,
        artifactsUrl: () => artifactsUrl,
        verify: async () => true,
      });
      try {
        // Artifacts resolved once before timing (the cache is shared and warm after the first job).
        await scaleQueue.prove(job());
        const busy0 = workers.map((w) => w.busyMs);
        const t0 = performance.now();
        await feed(n * rounds, scaleQueue.window, () => scaleQueue.prove(job()));
        const wall = performance.now() - t0;
        const busy = workers.reduce((sum, w, i) => sum + w.busyMs - busy0[i]!, 0);
        const share = busy / (n * wall);
        busyShareByWorkers[n] = Number(share.toFixed(4));
        // Per job: what the queue added beyond the delay, as seen from the busy workers' idle time.
        overheadByWorkers[n] = Number((((n * wall - busy) / (n * rounds)) as number).toFixed(1));
        scaleRows.push({
          workers: n,
          jobs: n * rounds,
          "wall s": (wall / 1000).toFixed(2),
          "ideal s": ((rounds * delayMs) / 1000).toFixed(2),
          "busy share": `${(share * 100).toFixed(2)} %`,
          "idle ms per job": overheadByWorkers[n]!,
        });
      } finally {
        await scaleQueue.close();
        await Promise.all(workers.map((w) => w.close()));
      }
    }

    const overheadShare = overheadMsPerJob / proofMs;
    printTable(`Prover queue on this machine (${circuitName} circuit, real prover, medians of ${jobs})`, [
      { figure: "proof (witness + Groth16) in the worker", value: `${proofMs.toFixed(0)} ms` },
      { figure: "queue overhead per job (wall − proof)", value: `${overheadMsPerJob.toFixed(1)} ms` },
      { figure: "  enqueue → a worker starts", value: `${queuedMs.toFixed(1)} ms` },
      { figure: "  in the worker, besides the proof", value: `${workerOverheadMs.toFixed(1)} ms` },
      { figure: "  finished → verified result held", value: `${resultMs.toFixed(1)} ms` },
      {
        figure: "  of which the proof's verification (own process)",
        value: `${median(verifyMs).toFixed(1)} ms`,
      },
      { figure: "overhead share of a proof (target < 1 %)", value: `${(overheadShare * 100).toFixed(2)} %` },
      {
        figure: "worker busy share, jobs handed over at once",
        value: `${(realBusyShare * 100).toFixed(2)} %`,
      },
      { figure: "job payload: circuit input (base64)", value: `${(jobBytes / 1024).toFixed(1)} KiB` },
      { figure: "  vs the witness it replaces", value: `${(witnessBytes / 1024).toFixed(0)} KiB` },
    ]);
    printTable(
      `Scale run: N workers, proof = fixed ${delayMs} ms delay, ${rounds} jobs each (target ≥ 95 % busy)`,
      scaleRows,
    );
    return printJsonLine("provers", {
      circuit: circuitName,
      proofMs: Math.round(proofMs),
      overheadMsPerJob: Number(overheadMsPerJob.toFixed(1)),
      overheadShare: Number(overheadShare.toFixed(5)),
      queuedMs: Number(queuedMs.toFixed(1)),
      workerOverheadMs: Number(workerOverheadMs.toFixed(1)),
      resultMs: Number(resultMs.toFixed(1)),
      verifyMs: Number(median(verifyMs).toFixed(1)),
      realBusyShare: Number(realBusyShare.toFixed(4)),
      jobBytes,
      witnessBytes,
      delayMs,
      rounds,
      busyShareByWorkers,
      idleMsPerJobByWorkers: overheadByWorkers,
    });
  } finally {
    await new Promise((r) => http.close(r));
    await redis.close();
    rmSync(scratch, { recursive: true, force: true });
    await terminateSnarkjsCurve();
  }
}

export function headline(r: Record<string, unknown>): Figure[] {
  const busy = r.busyShareByWorkers as Record<string, number> | undefined;
  const most = busy === undefined ? undefined : Math.max(...Object.keys(busy).map(Number));
  return [
    { name: "queue overhead per job", value: numberAt(r, "overheadMsPerJob"), unit: "ms" },
    { name: "of a proof", value: numberAt(r, "overheadShare") * 100, unit: "%" },
    {
      name: `busy at ${most} workers`,
      value: most === undefined ? Number.NaN : busy![most]! * 100,
      unit: "%",
    },
  ];
}
