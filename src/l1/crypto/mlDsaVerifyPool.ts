/**
 * Parallel ML-DSA-65 verification for ghostd's mempool: signatures are verified on admission in
 * worker threads, each with its own liboqs instance, never on the RPC thread. Verdicts come back in
 * input order and are exactly those of serial `MlDsa.verify` (each signature is checked on its own).
 *
 * A batch is split into contiguous chunks given to the least-loaded workers; each chunk crosses to
 * its worker as one transferred buffer (see mlDsaVerifyWorker.ts), so a small view into a large
 * buffer never drags the whole buffer along. A worker that dies fails its pending chunks with
 * L1_VERIFY_POOL_FAILED and is replaced (a replacement that dies before loading is not).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { GhostError } from "../../protocol/errors.js";
import { startSiblingWorker } from "../../runtime/index.js";
import { ML_DSA65_PUBLIC_KEY_BYTES, ML_DSA65_SIGNATURE_BYTES } from "./mlDsa.js";
import type { VerifyJob, VerifyReply } from "./mlDsaVerifyWorker.js";

export interface MlDsaVerifyItem {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

export interface MlDsaVerifyPoolOptions {
  /** Worker threads (default: available cores), 1 to 64. */
  size?: number;
}

export interface MlDsaVerifyPool {
  readonly size: number;
  /** One verdict per item, in order; a malformed item is `false`. Rejects only if a worker fails or the pool is closed. */
  verifyBatch(items: readonly MlDsaVerifyItem[]): Promise<boolean[]>;
  /** Stops intake, lets batches in flight finish, then ends the workers. Idempotent. */
  close(): Promise<void>;
}

interface Chunk {
  indexes: number[];
  resolve: (verdicts: Uint8Array) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Items sent and not yet answered: the load used to pick workers. */
  load: number;
  jobs: Map<number, Chunk>;
  failure?: Error;
}

const WORKERS = new WeakMap<MlDsaVerifyPool, () => readonly Worker[]>();

/** The live worker threads of a pool, for tests and diagnostics (not part of src/l1/crypto's index). */
export function poolWorkers(pool: MlDsaVerifyPool): readonly Worker[] {
  return WORKERS.get(pool)?.() ?? [];
}

function failure(message: string, cause?: unknown): GhostError {
  return new GhostError("L1_VERIFY_POOL_FAILED", message, cause === undefined ? {} : { cause });
}

/** A well-formed item as plain bytes, or undefined (its verdict is then false without a worker). */
function wellFormed(item: unknown): MlDsaVerifyItem | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const { publicKey, message, signature } = item as Partial<Record<keyof MlDsaVerifyItem, unknown>>;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ML_DSA65_PUBLIC_KEY_BYTES) return undefined;
  if (!(signature instanceof Uint8Array) || signature.length !== ML_DSA65_SIGNATURE_BYTES) return undefined;
  if (!(message instanceof Uint8Array)) return undefined;
  return { publicKey, message, signature };
}

function pack(items: readonly MlDsaVerifyItem[], indexes: readonly number[]): Omit<VerifyJob, "id"> {
  const messageLengths = Uint32Array.from(indexes, (i) => items[i]!.message.length);
  let total = 0;
  for (const length of messageLengths) total += ML_DSA65_PUBLIC_KEY_BYTES + ML_DSA65_SIGNATURE_BYTES + length;
  const all = new Uint8Array(total);
  let at = 0;
  for (const i of indexes) {
    const { publicKey, signature, message } = items[i]!;
    all.set(publicKey, at);
    all.set(signature, at + ML_DSA65_PUBLIC_KEY_BYTES);
    all.set(message, at + ML_DSA65_PUBLIC_KEY_BYTES + ML_DSA65_SIGNATURE_BYTES);
    at += ML_DSA65_PUBLIC_KEY_BYTES + ML_DSA65_SIGNATURE_BYTES + message.length;
  }
  return { packed: all.buffer as ArrayBuffer, messageLengths };
}

/** Starts `size` workers and resolves once each has loaded liboqs (rejects with L1_VERIFY_POOL_FAILED if one cannot). */
export async function createMlDsaVerifyPool(options: MlDsaVerifyPoolOptions = {}): Promise<MlDsaVerifyPool> {
  if (typeof options !== "object" || options === null) {
    throw new GhostError("WASM_BAD_ARGUMENT", "ML-DSA verify pool options expected an object");
  }
  const size = options.size ?? Math.max(1, availableParallelism());
  if (!Number.isInteger(size) || size < 1 || size > 64) {
    throw new GhostError("WASM_BAD_ARGUMENT", `"size" expected an integer in [1, 64], got ${size}`);
  }

  const slots: Slot[] = [];
  let nextId = 0;
  let closing: Promise<void> | undefined;
  const inFlight = new Set<Promise<unknown>>();

  function spawn(replacing?: Slot): Promise<void> {
    const slot: Slot = {
      worker: startSiblingWorker(import.meta.url, "mlDsaVerifyWorker"),
      ready: false,
      load: 0,
      jobs: new Map(),
    };
    if (replacing === undefined) slots.push(slot);
    else slots[slots.indexOf(replacing)] = slot;
    return new Promise((resolve, reject) => {
      slot.worker.on("message", (m: VerifyReply | { ready: true }) => {
        if ("ready" in m) {
          slot.ready = true;
          return resolve();
        }
        const chunk = slot.jobs.get(m.id);
        if (chunk === undefined) return;
        slot.jobs.delete(m.id);
        slot.load -= chunk.indexes.length;
        chunk.resolve(m.verdicts);
      });
      slot.worker.on("error", (e) => {
        slot.failure ??= e;
      });
      slot.worker.on("messageerror", (e) => {
        slot.failure ??= e;
        void slot.worker.terminate();
      });
      slot.worker.on("exit", (code) => {
        const why = slot.failure === undefined ? `exit code ${code}` : slot.failure.message;
        const error = failure(
          `ML-DSA-65 verify worker ${slot.worker.threadId} stopped: ${why}`,
          slot.failure,
        );
        for (const chunk of slot.jobs.values()) chunk.reject(error);
        slot.jobs.clear();
        slot.load = 0;
        const wasReady = slot.ready;
        if (!wasReady) reject(error);
        if (closing !== undefined) return;
        if (wasReady) {
          // Replace a worker that had been working; the replacement's own start-up failure is final.
          spawn(slot).catch(() => {});
        } else {
          slots.splice(slots.indexOf(slot), 1);
        }
      });
    });
  }

  function send(slot: Slot, items: readonly MlDsaVerifyItem[], indexes: number[]): Promise<Uint8Array> {
    const id = nextId++;
    const job = { id, ...pack(items, indexes) } satisfies VerifyJob;
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { indexes, resolve, reject });
      slot.load += indexes.length;
      slot.worker.postMessage(job, [job.packed]);
    });
  }

  async function verifyBatch(items: readonly MlDsaVerifyItem[]): Promise<boolean[]> {
    if (closing !== undefined) throw failure("the ML-DSA-65 verify pool is closed");
    if (!Array.isArray(items)) {
      throw new GhostError("WASM_BAD_ARGUMENT", `"items" expected an array, got ${typeof items}`);
    }
    const checked = items.map(wellFormed);
    const valid = checked.flatMap((item, i) => (item === undefined ? [] : [i]));
    const verdicts = new Array<boolean>(items.length).fill(false);
    if (valid.length === 0) return verdicts;
    const live = slots.filter((s) => s.worker.threadId >= 0);
    if (live.length === 0) throw failure("the ML-DSA-65 verify pool has no worker left");

    // Contiguous chunks of near-equal length, the largest to the least-loaded workers.
    const workers = [...live].sort((a, b) => a.load - b.load).slice(0, valid.length);
    const base = Math.floor(valid.length / workers.length);
    const extra = valid.length % workers.length;
    let start = 0;
    const chunks = workers.map((slot, w) => {
      const end = start + base + (w < extra ? 1 : 0);
      const indexes = valid.slice(start, end);
      start = end;
      return { indexes, result: send(slot, checked as MlDsaVerifyItem[], indexes) };
    });
    const all = Promise.all(chunks.map((c) => c.result));
    inFlight.add(all);
    try {
      const results = await all;
      chunks.forEach(({ indexes }, c) => {
        indexes.forEach((index, k) => {
          verdicts[index] = results[c]![k] === 1;
        });
      });
      return verdicts;
    } finally {
      inFlight.delete(all);
    }
  }

  async function close(): Promise<void> {
    await Promise.allSettled([...inFlight]);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  try {
    await Promise.all(Array.from({ length: size }, () => spawn()));
  } catch (e) {
    closing = close();
    await closing;
    throw e;
  }

  const pool: MlDsaVerifyPool = {
    size,
    verifyBatch,
    close() {
      closing ??= close();
      return closing;
    },
  };
  WORKERS.set(pool, () => slots.map((s) => s.worker));
  return pool;
}
