/**
 * A pool of worker processes (one per core) that compute runs of fixed-base points into files.
 *
 * The window tables depend only on the curve's generators, never on a secret, so they are built once
 * (split across the workers), kept in the cache directory and loaded by every worker afterwards.
 */
import type { ChildProcess } from "node:child_process";
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, renameSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { GhostError } from "../../protocol/errors.js";
import { forkSibling } from "../../runtime/index.js";
import { type Group, POINT_BYTES, tableBytes, WINDOWS } from "./fixedBase.js";
import type { PointJob, WorkerReply, WorkerRequest } from "./pointProtocol.js";

/** Cost of one point in G1-point units, for progress that moves at an even pace. */
const WEIGHT: Record<Group, number> = { G1: 1, G2: 3 };
/** Points per job: small enough for even load and lively progress, large enough to amortize IPC. */
const JOB_POINTS: Record<Group, number> = { G1: 1 << 15, G2: 1 << 14 };

export type ProgressFn = (done: number, total: number) => void;

export interface PointPoolOptions {
  /** Where the generator tables are cached. */
  tableDir: string;
  workers?: number;
  /** Points per batched affine addition round inside a worker. */
  batch?: number;
}

interface Worker {
  child: ChildProcess;
  pending: ((reply: WorkerReply) => void) | undefined;
}

export class PointPool {
  readonly #workers: Worker[];
  #nextId = 1;

  constructor(workers: Worker[]) {
    this.#workers = workers;
  }

  get size(): number {
    return this.#workers.length;
  }

  static #request(w: Worker, msg: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolveReply, reject) => {
      w.pending = (reply) => {
        w.pending = undefined;
        if (reply.type === "error") {
          reject(new GhostError("SETUP_WORKER_FAILED", `setup worker failed: ${reply.message}`));
        } else resolveReply(reply);
      };
      w.child.send(msg);
    });
  }

  /**
   * Runs tasks on whichever worker is free, in order; `onDone` after each. After a failure no new task
   * starts, and the first error is thrown once every worker is idle again (so the pool can be closed).
   */
  async #runAll(tasks: ((id: number) => WorkerRequest)[], onDone?: (index: number) => void): Promise<void> {
    let next = 0;
    let failed = false;
    const loop = async (w: Worker): Promise<void> => {
      while (!failed && next < tasks.length) {
        const index = next++;
        try {
          await PointPool.#request(w, tasks[index]!(this.#nextId++));
        } catch (e) {
          failed = true;
          throw e;
        }
        onDone?.(index);
      }
    };
    const results = await Promise.allSettled(this.#workers.map(loop));
    const failure = results.find((r) => r.status === "rejected");
    if (failure) throw failure.reason;
  }

  /** Builds the generator tables into `tableDir` unless present, then loads them into every worker. */
  async loadTables(tableDir: string): Promise<void> {
    mkdirSync(tableDir, { recursive: true });
    for (const group of ["G2", "G1"] as const) {
      const file = join(tableDir, `bn254-${group.toLowerCase()}-w16.bin`);
      if (!existsSync(file) || statSync(file).size !== tableBytes(group)) {
        const tmp = `${file}.${process.pid}.tmp`;
        createSizedFile(tmp, tableBytes(group));
        const parts = this.#workers.length;
        const tasks = Array.from(
          { length: parts },
          (_, p) =>
            (id: number): WorkerRequest => ({
              type: "buildTable",
              id,
              group,
              from: Math.floor((p * WINDOWS) / parts),
              to: Math.floor(((p + 1) * WINDOWS) / parts),
              file: tmp,
            }),
        );
        await this.#runAll(tasks);
        renameSync(tmp, file);
      }
      await Promise.all(
        this.#workers.map((w) => PointPool.#request(w, { type: "loadTable", id: 0, group, file })),
      );
    }
  }

  /** Computes every job (split into pieces) across the workers; progress in G1-point units. */
  async run(jobs: PointJob[], onProgress?: ProgressFn): Promise<void> {
    const pieces: PointJob[] = [];
    for (const job of jobs) {
      const step = JOB_POINTS[job.group];
      const size = POINT_BYTES[job.group];
      for (let s = 0; s < job.count; s += step) {
        const count = Math.min(step, job.count - s);
        pieces.push({ ...job, start: job.start + s, count, offset: job.offset + s * size });
      }
    }
    const total = pieces.reduce((t, p) => t + p.count * WEIGHT[p.group], 0);
    let done = 0;
    onProgress?.(0, total);
    await this.#runAll(
      pieces.map(
        (p) =>
          (id: number): WorkerRequest => ({ type: "points", id, ...p }),
      ),
      (i) => {
        done += pieces[i]!.count * WEIGHT[pieces[i]!.group];
        onProgress?.(done, total);
      },
    );
  }

  /** Stops the workers and waits for them to exit; returns what each one used. */
  async close(): Promise<WorkerUsage[]> {
    return Promise.all(
      this.#workers.map(async (w) => {
        const exited = new Promise<void>((ok) => {
          if (w.child.exitCode !== null) ok();
          else w.child.once("exit", () => ok());
        });
        const reply = await PointPool.#request(w, { type: "exit" });
        await exited;
        return reply.type === "exited"
          ? { peakRssMiB: reply.maxRssKiB / 1024, cpuSeconds: reply.cpuSeconds }
          : { peakRssMiB: 0, cpuSeconds: 0 };
      }),
    );
  }
}

export interface WorkerUsage {
  peakRssMiB: number;
  cpuSeconds: number;
}

/** A zero-filled file of `size` bytes: the workers write their windows at fixed offsets. */
function createSizedFile(path: string, size: number): void {
  const fd = openSync(path, "w");
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** Forks the workers and loads (building first if needed) the generator tables. */
export async function createPointPool(options: PointPoolOptions): Promise<PointPool> {
  const n = options.workers ?? Math.max(1, availableParallelism());
  const batch = options.batch ?? 1 << 14;
  const workers: Worker[] = [];
  for (let i = 0; i < n; i++) {
    const child = forkSibling(import.meta.url, "pointWorker", {
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const w: Worker = { child, pending: undefined };
    child.on("message", (reply: WorkerReply) => w.pending?.(reply));
    child.on("exit", (code) => {
      if (w.pending && code !== 0) w.pending({ type: "error", message: `worker exited with code ${code}` });
    });
    workers.push(w);
  }
  const pool = new PointPool(workers);
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((ok, fail) => {
            w.pending = (r) =>
              r.type === "ready"
                ? ok()
                : fail(
                    new GhostError("SETUP_WORKER_FAILED", `setup worker did not start: ${JSON.stringify(r)}`),
                  );
            w.child.send({ type: "init", batch } satisfies WorkerRequest);
          }),
      ),
    );
    for (const w of workers) w.pending = undefined;
    await pool.loadTables(options.tableDir);
  } catch (e) {
    // Leave no orphaned worker behind a failed start.
    for (const w of workers) w.child.kill();
    throw e;
  }
  return pool;
}
