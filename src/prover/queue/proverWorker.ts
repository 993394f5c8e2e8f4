/**
 * A prover worker (`ghost prover --redis URL`): takes batch jobs from the BullMQ queue, fetches the
 * circuit's artifacts by hash, proves with the prover the embedded queue uses (one forked process per
 * concurrent job) and returns the proof. It holds no state the chain depends on: killed at any moment,
 * its job returns to the queue when its lock lapses (BullMQ's stalled-job check, run by every worker).
 *
 * A worker is not trusted: the sequencer verifies what it returns. It leaves to the others a job whose
 * `refusedBy` names it (a proof of that batch it made was refused, or it ran past the timeout).
 */
import { hostname } from "node:os";
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "pino";
import { pino } from "pino";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { GhostError, isGhostError } from "../../protocol/errors.js";
import { decodeCircuitInput } from "../circuitInputCodec.js";
import {
  createLocalProverQueue,
  type LocalProverQueue,
  type ProveResult,
  type ProverEngine,
} from "../proverQueue.js";
import type { ArtifactCache, LocalArtifacts } from "./artifacts.js";
import {
  DEFAULT_PROVER_QUEUE_NAME,
  type ProveJobData,
  type ProveJobResult,
  parseProveJobData,
} from "./proverJob.js";
import { readyWithin, redactUrl, redisConnectionOptions } from "./redisConnection.js";

/**
 * Proves one job; the default runs the embedded queue's forked prover. `signal` aborts when the job
 * timeout passes: the prover must stop (the default kills its process).
 */
export type WorkerProveFunction = (job: {
  readonly artifacts: LocalArtifacts;
  /** The circuit input as decimal strings (snarkjs' form). */
  readonly input: Record<string, unknown>;
  readonly data: ProveJobData;
  readonly signal: AbortSignal;
}) => Promise<Omit<ProveResult, "verified">>;

export interface ProverWorkerOptions {
  readonly url: string;
  readonly queueName?: string;
  /** Stored on each job it takes (BullMQ's processedBy) and in each result; default host:pid. */
  readonly name?: string;
  /** The prover engine of the default prove function (default `wasm`; `snarkjs`, the reference). */
  readonly engine?: ProverEngine;
  /** Jobs proven at once, each in its own prover process (default 1: one proof uses every core). */
  readonly concurrency?: number;
  readonly cache: ArtifactCache;
  /** A proof taking longer is abandoned and its prover process killed (default 10 min). */
  readonly jobTimeoutMs?: number;
  /** A prover process whose peak resident memory passed this (MiB) is restarted after its job. */
  readonly maxMemoryMiB?: number;
  /**
   * BullMQ's lock on a running job, renewed every half of it; a worker that dies leaves its job for
   * this long before the stalled-job check (every `lockDurationMs` too) hands it to another worker.
   */
  readonly lockDurationMs?: number;
  /** How long to wait for Redis at start (default 10 s). */
  readonly connectTimeoutMs?: number;
  readonly prove?: WorkerProveFunction;
  readonly registry?: Registry;
  readonly log?: Logger;
}

export interface ProverWorker {
  readonly name: string;
  /** Jobs running now. */
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
  /** Milliseconds spent with at least one job running, since start (the busy share's numerator). */
  readonly busyMs: number;
  readonly startedAt: number;
  readonly redisConnected: boolean;
  close(): Promise<void>;
}

function createMetrics(registry: Registry | undefined) {
  const registers = registry === undefined ? [] : [registry];
  return {
    jobs: new Counter({
      name: "ghost_prover_jobs_total",
      help: "Jobs by outcome: completed (a proof returned), failed (an error, retried by the queue), skipped (this worker's proof of the batch was refused; left to others)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    proofSeconds: new Histogram({
      name: "ghost_prover_proof_seconds",
      help: "Time to prove one job (witness and proof), seconds",
      buckets: [0.5, 1, 2, 5, 10, 20, 40, 80, 160, 320],
      registers,
    }),
    active: new Gauge({ name: "ghost_prover_active_jobs", help: "Jobs being proven now", registers }),
    busy: new Counter({
      name: "ghost_prover_busy_seconds_total",
      help: "Seconds with at least one job running (rate() of it is the worker's busy share)",
      registers,
    }),
    peakRss: new Gauge({
      name: "ghost_prover_peak_rss_bytes",
      help: "The highest peak resident memory of a prover process so far",
      registers,
    }),
  };
}

/** One forked prover per slot, started on first use and replaced when it passes the memory limit. */
class ProverSlots {
  private readonly free: LocalProverQueue[] = [];
  private readonly all = new Set<LocalProverQueue>();

  constructor(private readonly engine: ProverEngine) {}

  take(): LocalProverQueue {
    const slot = this.free.pop() ?? createLocalProverQueue({ engine: this.engine });
    this.all.add(slot);
    return slot;
  }

  give(slot: LocalProverQueue, recycle: boolean): void {
    if (recycle) {
      this.all.delete(slot);
      void slot.close();
    } else this.free.push(slot);
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((s) => s.close()));
  }
}

export async function startProverWorker(o: ProverWorkerOptions): Promise<ProverWorker> {
  const connection = redisConnectionOptions(o.url);
  const log = o.log ?? pino({ enabled: false });
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const jobTimeoutMs = o.jobTimeoutMs ?? 600_000;
  const maxRssKiB = o.maxMemoryMiB === undefined ? Number.POSITIVE_INFINITY : o.maxMemoryMiB * 1024;
  const metrics = createMetrics(o.registry);
  const slots = new ProverSlots(o.engine ?? "wasm");
  const startedAt = Date.now();
  let active = 0;
  let completed = 0;
  let failed = 0;
  let busyMs = 0;
  let busySince = 0;
  let redisConnected = false;
  let peakRssKiB = 0;

  const forkedProve: WorkerProveFunction = async ({ artifacts, input, signal }) => {
    const slot = slots.take();
    const kill = () => slot.kill();
    signal.addEventListener("abort", kill);
    try {
      const result = await slot.prove({ zkey: artifacts.zkey, wasm: artifacts.wasm, input });
      peakRssKiB = Math.max(peakRssKiB, result.maxRssKiB);
      metrics.peakRss.set(peakRssKiB * 1024);
      const recycle = result.maxRssKiB > maxRssKiB;
      slots.give(slot, recycle);
      if (recycle)
        log.info(
          { maxRssMiB: Math.round(result.maxRssKiB / 1024) },
          "prover process past the memory limit: restarted",
        );
      return result;
    } catch (e) {
      // A prover that failed or was killed is not reused.
      slots.give(slot, true);
      throw e;
    } finally {
      signal.removeEventListener("abort", kill);
    }
  };
  /** The job's proof, or PROVER_TIMEOUT after jobTimeoutMs (the prover is told to stop: its process killed). */
  const proveWithin = async (job: Omit<Parameters<WorkerProveFunction>[0], "signal">) => {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        (o.prove ?? forkedProve)({ ...job, signal: abort.signal }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            abort.abort();
            reject(
              new GhostError("PROVER_TIMEOUT", `no proof after ${jobTimeoutMs} ms: the prover was stopped`),
            );
          }, jobTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  const processor = async (job: Job, token?: string): Promise<ProveJobResult> => {
    let data: ProveJobData;
    try {
      data = parseProveJobData(job.data);
    } catch (e) {
      // A malformed job is not made right by retrying it.
      throw new UnrecoverableError((e as Error).message);
    }
    if (data.refusedBy.includes(name)) {
      metrics.jobs.inc({ outcome: "skipped" });
      await job.moveToDelayed(Date.now() + 2_000, token);
      throw new DelayedError();
    }
    if (active++ === 0) busySince = performance.now();
    metrics.active.set(active);
    const t0 = performance.now();
    try {
      const artifacts = await o.cache.resolve(data.artifacts, data.artifactsUrl);
      const input = decodeCircuitInput(Buffer.from(data.input, "base64"));
      const r = await proveWithin({ artifacts, input, data });
      completed++;
      metrics.jobs.inc({ outcome: "completed" });
      metrics.proofSeconds.observe((performance.now() - t0) / 1000);
      log.info(
        {
          batch: data.batchNumber,
          attempt: data.attempt,
          proveMs: Math.round(r.proveMs),
          witnessMs: Math.round(r.witnessMs),
        },
        "proved",
      );
      return {
        proof: r.proof,
        publicSignals: [...r.publicSignals],
        proveMs: r.proveMs,
        witnessMs: r.witnessMs,
        maxRssKiB: r.maxRssKiB,
        worker: name,
      };
    } catch (e) {
      failed++;
      metrics.jobs.inc({ outcome: "failed" });
      log.warn(
        {
          batch: data.batchNumber,
          attempt: data.attempt,
          code: isGhostError(e) ? e.code : undefined,
          err: (e as Error).message,
        },
        "job failed",
      );
      throw e;
    } finally {
      if (--active === 0) {
        const ms = performance.now() - busySince;
        busyMs += ms;
        metrics.busy.inc(ms / 1000);
      }
      metrics.active.set(active);
    }
  };

  const lockDuration = o.lockDurationMs ?? 30_000;
  const worker = new Worker(o.queueName ?? DEFAULT_PROVER_QUEUE_NAME, processor, {
    connection,
    name,
    concurrency: o.concurrency ?? 1,
    lockDuration,
    stalledInterval: lockDuration,
    // A job whose workers keep dying is tried again on others; the sequencer starts a new attempt after.
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on("error", (e) => {
    if (redisConnected) log.warn({ err: e.message, redis: redactUrl(o.url) }, "lost Redis; waiting");
    redisConnected = false;
  });
  worker.on("ready", () => {
    redisConnected = true;
  });
  try {
    await readyWithin(worker.waitUntilReady(), o.url, o.connectTimeoutMs ?? 10_000);
  } catch (e) {
    await worker.close(true).catch(() => undefined);
    throw e;
  }
  redisConnected = true;
  void worker.run().catch((e) => log.error({ err: e }, "the worker stopped"));
  log.info(
    { name, queue: o.queueName ?? DEFAULT_PROVER_QUEUE_NAME, redis: redactUrl(o.url) },
    "prover worker started",
  );

  let closing: Promise<void> | undefined;
  return {
    name,
    get active() {
      return active;
    },
    get completed() {
      return completed;
    },
    get failed() {
      return failed;
    },
    get busyMs() {
      return busyMs + (active > 0 ? performance.now() - busySince : 0);
    },
    startedAt,
    get redisConnected() {
      return redisConnected;
    },
    close() {
      // Running jobs finish first (their results are worth keeping); then the prover processes stop.
      closing ??= (async () => {
        await worker.close();
        await slots.close();
      })();
      return closing;
    },
  };
}
