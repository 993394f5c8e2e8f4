/**
 * The distributed backend of the ProverQueue: BullMQ on Redis, proofs made by `ghost prover` workers on
 * any machine that reaches Redis (docs/operations.md §Provers).
 *
 * Redis holds the truth about jobs; this side only reads it. Each attempt at a batch is one BullMQ job
 * whose id names the batch and its public-input hash (proveJobId), so a restarted sequencer finds its
 * jobs, running or finished, and takes their results instead of proving again. BullMQ moves a job whose
 * worker died (no lock renewal) back to the queue. What BullMQ cannot know is whether a result is right
 * or a running worker will ever finish, so this side decides:
 * - every result is parsed and verified (in a child process, off the main thread) against the batch's
 *   public-input hash (never the signals the worker sent); a refused one starts a new attempt that the
 *   refusing worker leaves to the others;
 * - an attempt running longer than the job timeout gets a second attempt beside it; the first valid
 *   proof of either wins.
 * Events (QueueEvents) wake a batch's watcher at once; a slow poll covers events lost in a reconnection.
 */
import { type Job, Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { pino } from "pino";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { GhostError } from "../../protocol/errors.js";
import { encodeCircuitInput } from "../circuitInputCodec.js";
import type { Groth16Proof } from "../proofJson.js";
import type { ProveJob, ProveResult, ProverQueue } from "../proverQueue.js";
import type { VerificationKey } from "../verifyBatchProof.js";
import type { CircuitArtifacts } from "./artifacts.js";
import { createProofVerifier } from "./proofVerifier.js";
import {
  DEFAULT_PROVER_QUEUE_NAME,
  PROVE_JOB_NAME,
  type ProveJobData,
  parseProveJobResult,
  proveJobId,
} from "./proverJob.js";
import { readyWithin, redactUrl, redisConnectionOptions } from "./redisConnection.js";

export interface RedisProverQueueOptions {
  /** redis://[user:password@]host:port[/db] (rediss:// for TLS). */
  readonly url: string;
  readonly queueName?: string;
  /** The circuit's name and its artifacts by hash (hashCircuitArtifacts). */
  readonly circuit: string;
  readonly artifacts: CircuitArtifacts;
  /**
   * Where workers download the artifacts (the sequencer's HTTP URL, known once its server listens);
   * null: workers must have them or be given a URL.
   */
  readonly artifactsUrl: () => string | null;
  /** An attempt running longer than this gets a second attempt beside it (default 10 min). */
  readonly jobTimeoutMs?: number;
  /** Batches kept in flight (default 64): enough to keep that many workers busy. */
  readonly window?: number;
  /** BullMQ's attempts per job when a worker reports a failure (default 3); then a new attempt. */
  readonly attempts?: number;
  /** How often each waiting batch reads its jobs' state without an event (default 2 s). */
  readonly pollMs?: number;
  /** How long to wait for Redis at start (default 10 s). */
  readonly connectTimeoutMs?: number;
  /**
   * The proof check (default: snarkjs against the verification key, in a child process); benchmarks of
   * the queue alone replace it.
   */
  readonly verify?: (vkey: VerificationKey, proof: Groth16Proof, publicInputHash: bigint) => Promise<boolean>;
  readonly registry?: Registry;
  readonly log?: Logger;
}

/** What the sequencer sees of one job's timing (for the benchmark and the metrics). */
export interface JobTiming {
  readonly batchNumber: number;
  /** Added to Redis → taken by a worker. */
  readonly queuedMs: number;
  /** The worker's processing time (download, witness, proof). */
  readonly processedMs: number;
  /** The worker finished → this side has the verified result. */
  readonly resultMs: number;
}

export interface RedisProverQueue extends ProverQueue {
  /** Called with each accepted proof's timing. */
  onJob?: (t: JobTiming) => void;
}

interface Attempt {
  readonly n: number;
  readonly id: string;
  /** A second attempt was started because this one ran past the job timeout. */
  hedged: boolean;
  done: boolean;
}

function createMetrics(registry: Registry | undefined) {
  const registers = registry === undefined ? [] : [registry];
  return {
    jobs: new Counter({
      name: "ghostplane_prover_jobs_total",
      help: "Prover job attempts by outcome: proven (accepted), refused (the proof did not verify or parse), failed (the worker gave up), hedged (a second attempt beside one past the job timeout)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    queued: new Histogram({
      name: "ghostplane_prover_queue_wait_seconds",
      help: "From a job's enqueueing to a worker taking it",
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers,
    }),
    resultDelay: new Histogram({
      name: "ghostplane_prover_result_delay_seconds",
      help: "From a worker finishing a job to the sequencer holding its verified proof",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    }),
    inFlight: new Gauge({
      name: "ghostplane_prover_jobs_in_flight",
      help: "Batches handed to the prover queue and not yet proven",
      registers,
    }),
  };
}

export async function createRedisProverQueue(o: RedisProverQueueOptions): Promise<RedisProverQueue> {
  const connection = redisConnectionOptions(o.url);
  const log = o.log ?? pino({ enabled: false });
  const name = o.queueName ?? DEFAULT_PROVER_QUEUE_NAME;
  const jobTimeoutMs = o.jobTimeoutMs ?? 600_000;
  const pollMs = o.pollMs ?? 2_000;
  // Verification runs in its own process unless the caller brings its own check.
  const verifier = o.verify === undefined ? createProofVerifier() : undefined;
  const verify = o.verify ?? verifier!.verify;
  const metrics = createMetrics(o.registry);

  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  // ioredis reports each failed reconnection; the watchers wait through them (pollMs) and say so once.
  let redisDown = false;
  const onError = (e: Error) => {
    if (!redisDown)
      log.warn({ err: e.message, redis: redactUrl(o.url) }, "the prover queue lost Redis; waiting");
    redisDown = true;
  };
  queue.on("error", onError);
  events.on("error", onError);
  try {
    await readyWithin(
      Promise.all([queue.waitUntilReady(), events.waitUntilReady()]),
      o.url,
      o.connectTimeoutMs ?? 10_000,
    );
  } catch (e) {
    await Promise.allSettled([queue.close(), events.close(), verifier?.close()]);
    throw e;
  }
  await warnWithoutPersistence(o.url, log);

  // Events only wake the watcher of a job; what happened is read from Redis.
  const wakers = new Map<string, () => void>();
  const wake = ({ jobId }: { jobId: string }) => {
    redisDown = false;
    wakers.get(jobId)?.();
  };
  events.on("completed", wake);
  events.on("failed", wake);
  events.on("active", wake);

  let pending = 0;
  let closed = false;
  /** Each batch's attempts (job ids) while it is being proven and until forget. */
  const jobIds = new Map<number, string[]>();

  async function add(
    job: ProveJob & { input: Readonly<Record<string, unknown>> },
    batchNumber: number,
    pih: bigint,
    n: number,
    refusedBy: readonly string[],
  ): Promise<Attempt> {
    const id = proveJobId(batchNumber, pih, n);
    const data: ProveJobData = {
      v: 1,
      batchNumber,
      publicInputHash: pih.toString(),
      circuit: o.circuit,
      artifacts: o.artifacts.hashes,
      artifactsUrl: o.artifactsUrl(),
      input: Buffer.from(encodeCircuitInput(job.input)).toString("base64"),
      refusedBy: [...refusedBy],
      attempt: n,
    };
    await queue.add(PROVE_JOB_NAME, data, {
      jobId: id,
      attempts: o.attempts ?? 3,
      backoff: { type: "fixed", delay: 1_000 },
      // Kept until the sequencer has stored the proof (forget); a week bounds what a lost sequencer leaves.
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { n, id, hedged: false, done: false };
  }

  async function prove(job: ProveJob): Promise<ProveResult> {
    const batchNumber = job.batchNumber;
    if (batchNumber === undefined || !Number.isSafeInteger(batchNumber) || batchNumber < 1)
      throw new GhostError("PROVER_JOB_INVALID", "a distributed prover job needs its batch number");
    if (job.verify === undefined)
      throw new GhostError(
        "PROVER_JOB_INVALID",
        "a distributed prover job needs its verification key and hash",
      );
    if (!("input" in job))
      throw new GhostError("PROVER_JOB_INVALID", "a distributed prover job carries the circuit input");
    const { vkey, publicInputHash: pih } = job.verify;
    const refusedBy: string[] = [];
    const attempts: Attempt[] = [];
    // A restart: the attempts already in Redis, in order (their results are taken, not proven again).
    for (let n = 0; ; n++) {
      const id = proveJobId(batchNumber, pih, n);
      if ((await queue.getJob(id)) === undefined) break;
      attempts.push({ n, id, hedged: false, done: false });
    }
    let wakeUp: () => void = () => undefined;
    const woken = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const ids: string[] = [];
    jobIds.set(batchNumber, ids);
    const register = (a: Attempt) => {
      ids.push(a.id);
      wakers.set(a.id, () => wakeUp());
    };
    attempts.forEach(register);
    let lastFailedAt = 0;
    try {
      for (;;) {
        if (closed) throw new GhostError("PROVER_FAILED", "the prover queue is closed");
        const sleep = woken();
        for (const a of attempts.filter((x) => !x.done)) {
          const outcome = await inspect(a, vkey, pih);
          if (outcome.kind === "proven") {
            metrics.jobs.inc({ outcome: "proven" });
            return outcome.result;
          }
          if (outcome.kind === "refused") {
            a.done = true;
            refusedBy.push(outcome.worker);
            metrics.jobs.inc({ outcome: "refused" });
            log.warn(
              { batch: batchNumber, attempt: a.n, worker: outcome.worker, reason: outcome.reason },
              "a worker's proof was refused; the job is redone by another worker",
            );
          } else if (outcome.kind === "failed" || outcome.kind === "missing") {
            a.done = true;
            lastFailedAt = Date.now();
            metrics.jobs.inc({ outcome: "failed" });
            log.warn({ batch: batchNumber, attempt: a.n, reason: outcome.reason }, "a prover job failed");
          } else if (outcome.kind === "late" && !a.hedged) {
            a.hedged = true;
            if (outcome.worker !== undefined) refusedBy.push(outcome.worker);
            metrics.jobs.inc({ outcome: "hedged" });
            log.warn(
              { batch: batchNumber, attempt: a.n, worker: outcome.worker, timeoutMs: jobTimeoutMs },
              "a prover job runs past its timeout; a second attempt starts beside it",
            );
            const next = await add(job, batchNumber, pih, attempts.length, refusedBy);
            attempts.push(next);
            register(next);
          }
        }
        if (attempts.every((a) => a.done)) {
          // Nothing left running: a new attempt (after a pause when the last one failed: a failing
          // worker or artifact server is not hammered).
          const pause = lastFailedAt + 1_000 - Date.now();
          if (pause > 0) await new Promise((r) => setTimeout(r, pause));
          const next = await add(job, batchNumber, pih, attempts.length, refusedBy);
          attempts.push(next);
          register(next);
          continue;
        }
        await sleep;
      }
    } finally {
      for (const a of attempts) wakers.delete(a.id);
    }
  }

  type Outcome =
    | { kind: "proven"; result: ProveResult }
    | { kind: "refused"; worker: string; reason: string }
    | { kind: "failed" | "missing"; reason: string }
    | { kind: "late"; worker: string | undefined }
    | { kind: "running" };

  async function inspect(a: Attempt, vkey: VerificationKey, pih: bigint): Promise<Outcome> {
    const j: Job | undefined = await queue.getJob(a.id);
    redisDown = false;
    if (j === undefined) return { kind: "missing", reason: "the job is no longer in Redis" };
    const state = await j.getState();
    if (state === "completed") {
      const seenAt = Date.now();
      let parsed: ReturnType<typeof parseProveJobResult>;
      try {
        parsed = parseProveJobResult(j.returnvalue);
      } catch (e) {
        const worker = typeof j.returnvalue?.worker === "string" ? String(j.returnvalue.worker) : "unknown";
        return { kind: "refused", worker, reason: (e as Error).message };
      }
      if (!(await verify(vkey, parsed.proof, pih)))
        return { kind: "refused", worker: parsed.worker, reason: "the proof does not verify" };
      const queuedMs = (j.processedOn ?? j.timestamp) - j.timestamp;
      const processedMs = (j.finishedOn ?? seenAt) - (j.processedOn ?? j.timestamp);
      const resultMs = Date.now() - (j.finishedOn ?? seenAt);
      metrics.queued.observe(queuedMs / 1000);
      metrics.resultDelay.observe(resultMs / 1000);
      queueApi.onJob?.({ batchNumber: j.data.batchNumber, queuedMs, processedMs, resultMs });
      return {
        kind: "proven",
        result: {
          proof: parsed.proof,
          publicSignals: parsed.publicSignals,
          proveMs: parsed.proveMs,
          witnessMs: parsed.witnessMs,
          maxRssKiB: parsed.maxRssKiB,
          verified: true,
        },
      };
    }
    if (state === "failed") return { kind: "failed", reason: j.failedReason };
    if (state === "active" && j.processedOn !== undefined && Date.now() - j.processedOn > jobTimeoutMs)
      return { kind: "late", worker: j.processedBy };
    return { kind: "running" };
  }

  const queueApi: RedisProverQueue = {
    window: o.window ?? 64,
    async prove(job) {
      pending++;
      metrics.inFlight.set(pending);
      try {
        return await prove(job);
      } finally {
        pending--;
        metrics.inFlight.set(pending);
      }
    },
    get pending() {
      return pending;
    },
    async forget(batchNumber) {
      // Every attempt of the batch: finished ones are removed; one still running (hedged) stays locked
      // and leaves with removeOnComplete's age.
      const ids = jobIds.get(batchNumber) ?? [];
      jobIds.delete(batchNumber);
      await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
    },
    async close() {
      closed = true;
      for (const w of wakers.values()) w();
      await Promise.allSettled([events.close(), queue.close(), verifier?.close()]);
    },
  };
  return queueApi;
}

/**
 * Jobs and results live in Redis: without persistence a Redis restart loses them all (the sequencer then
 * proves again from its own store, but the work is lost). Said once at start; managed Redis servers that
 * refuse CONFIG are given the benefit of the doubt.
 */
async function warnWithoutPersistence(url: string, log: Logger): Promise<void> {
  const client = new Redis({ ...redisConnectionOptions(url), maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    const [, aof] = (await client.config("GET", "appendonly")) as string[];
    const [, save] = (await client.config("GET", "save")) as string[];
    if (aof !== "yes" && (save === undefined || save === ""))
      log.warn("Redis persists nothing (appendonly no, no save points): a Redis restart loses queued proofs");
  } catch {
    // CONFIG refused (managed Redis): nothing to say
  } finally {
    client.disconnect();
  }
}
