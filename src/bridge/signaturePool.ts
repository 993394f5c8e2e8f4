/**
 * Parallel EdDSA-Poseidon verification: a pool of worker threads, each with its own instance of the
 * WASM core, while one instance elsewhere owns the state. Signatures are sharded by signing key, so
 * each key's cached multiplication table lives in one worker; verdicts come back in input order and
 * are exactly those of serial `verifySignatures` (each signature is checked on its own). The same
 * workers also hash: a signed message may be given by its Poseidon preimage (verifyPreimages), and
 * tuples hashed on their own (hash), so that the thread owning the state hashes nothing.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { GhostError } from "../protocol/errors.js";
import { startSiblingWorker } from "../runtime/index.js";
import { compiledCore } from "./core.js";
import { checkSignedMessages, type SignedMessage } from "./eddsa.js";
import { checkTuples } from "./poseidon.js";

export interface SignaturePoolOptions {
  /** Worker threads (default: available cores). */
  workers?: number;
  /** Cached key tables per worker (see setSignatureKeyCache). */
  keyCache?: number;
}

/** A signed message given by what it hashes: msg = Poseidon(preimage). */
export interface SignedPreimage {
  readonly preimage: readonly bigint[];
  readonly signature: Uint8Array;
  readonly publicKey: SignedMessage["publicKey"];
}

/** What a worker is asked to do (signatureWorker.ts). */
export type PoolJob =
  | { readonly kind: "verify"; readonly items: readonly SignedMessage[] }
  | { readonly kind: "verifyPreimages"; readonly items: readonly SignedPreimage[] }
  | { readonly kind: "hash"; readonly tuples: readonly (readonly bigint[])[] };

interface Pending {
  resolve: (reply: { verdicts?: Uint8Array; hashes?: bigint[] }) => void;
  reject: (e: Error) => void;
}

export interface SignaturePool {
  readonly size: number;
  verify(items: readonly SignedMessage[]): Promise<boolean[]>;
  /** verify, each message being Poseidon(preimage), hashed in the workers. */
  verifyPreimages(items: readonly SignedPreimage[]): Promise<boolean[]>;
  /** Poseidon of each tuple (all of one arity, 1..16 field elements), hashed in the workers. */
  hash(tuples: readonly (readonly bigint[])[]): Promise<bigint[]>;
  close(): Promise<void>;
}

/** Pools made by createSignaturePool: the engine takes verdicts only from these. */
const POOLS = new WeakSet<object>();

/** True for a pool made by createSignaturePool (not an object that merely looks like one). */
export function isSignaturePool(x: unknown): x is SignaturePool {
  return typeof x === "object" && x !== null && POOLS.has(x);
}

export function createSignaturePool(options: SignaturePoolOptions = {}): SignaturePool {
  if (typeof options !== "object" || options === null) {
    throw new GhostError("WASM_BAD_ARGUMENT", "signature pool options expected an object");
  }
  const size = options.workers ?? Math.max(1, availableParallelism());
  if (!Number.isInteger(size) || size < 1 || size > 64) {
    throw new GhostError("WASM_BAD_ARGUMENT", `workers must be an integer in [1, 64], got ${size}`);
  }
  const module = compiledCore();
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    for (const job of pending.values()) job.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: size }, () => {
    const worker = startSiblingWorker(import.meta.url, "signatureWorker", {
      workerData: { module, keyCache: options.keyCache ?? 256 },
    });
    worker.on("message", (m: { id: number; verdicts?: Uint8Array; hashes?: bigint[]; error?: string }) => {
      const job = pending.get(m.id);
      if (job === undefined) return;
      pending.delete(m.id);
      if (m.error === undefined) job.resolve(m);
      else job.reject(new GhostError("WASM_ABORT", m.error));
    });
    worker.on("error", (e) => fail(new GhostError("WASM_ABORT", `signature worker failed: ${e.message}`)));
    worker.on("exit", () => fail(new GhostError("WASM_ABORT", "signature worker exited")));
    return worker;
  });

  function run(worker: Worker, job: PoolJob): Promise<{ verdicts?: Uint8Array; hashes?: bigint[] }> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...job, id }); // bigints and byte arrays cross by structured clone
    });
  }

  /** Verdicts for items sharded by key, each shard one job of `kind`. */
  async function verifySharded<T extends SignedMessage | SignedPreimage>(
    kind: "verify" | "verifyPreimages",
    items: readonly T[],
  ): Promise<boolean[]> {
    const shards: number[][] = workers.map(() => []);
    items.forEach((item, i) => {
      // Low bits of the key's x: the same key always goes to the same worker (and its table cache).
      shards[Number(item.publicKey.ax & 0xffffn) % size]!.push(i);
    });
    const results = await Promise.all(
      shards.map((indexes, w) =>
        indexes.length === 0
          ? Promise.resolve(new Uint8Array(0))
          : run(workers[w]!, { kind, items: indexes.map((i) => items[i]!) } as PoolJob).then(
              (r) => r.verdicts!,
            ),
      ),
    );
    const verdicts = new Array<boolean>(items.length);
    shards.forEach((indexes, w) => {
      indexes.forEach((index, k) => {
        verdicts[index] = results[w]![k] === 1;
      });
    });
    return verdicts;
  }

  const pool: SignaturePool = {
    size,
    async verify(items) {
      checkSignedMessages(items);
      return verifySharded("verify", items);
    },
    async verifyPreimages(items) {
      checkSignedMessages(items, false);
      checkTuples(items.map((i) => i.preimage));
      return verifySharded("verifyPreimages", items);
    },
    async hash(tuples) {
      checkTuples(tuples);
      if (tuples.length === 0) return [];
      const per = Math.ceil(tuples.length / size);
      const parts = await Promise.all(
        workers.flatMap((w, k) =>
          k * per < tuples.length
            ? [run(w, { kind: "hash", tuples: tuples.slice(k * per, (k + 1) * per) }).then((r) => r.hashes!)]
            : [],
        ),
      );
      return parts.flat();
    },
    async close() {
      fail(new GhostError("WASM_ABORT", "signature pool closed"));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
  POOLS.add(pool);
  return pool;
}
