/**
 * The WebAssembly NTT backend on a worker thread, so that H is computed on one core while the
 * multi-exponentiations that do not need it (A, B1, B2, C) run on the other: proveGroth16 overlaps the
 * two when the backend says it runs off the calling thread. When the module carries our MSMs, the worker
 * also runs H's MSM and one more G1 MSM the prover names (offThreadMsms): H stays where it was made,
 * and the two threads' shares come out about equal (H, H's MSM and B1's against A's, B2's and C's).
 * One worker, jobs in order.
 */
import type { Worker } from "node:worker_threads";
import { type ErrorCode, GhostError } from "../../protocol/errors.js";
import { startSiblingWorker } from "../../runtime/index.js";
import type { NttBackend, OffThreadMsmBases, QapInput } from "./backends.js";
import { loadGroth16Module } from "./groth16Module.js";
import type { WasmNttOptions } from "./nttWasm.js";
import type { NttJob, NttReply } from "./nttWorker.js";
import type { StepTimer } from "./stepTimer.js";

export interface WasmNttWorker extends NttBackend {
  /** Ends the worker thread (idempotent); later jobs fail. */
  close(): Promise<void>;
}

export interface WasmNttWorkerOptions extends WasmNttOptions {
  /** Offer offThreadMsms (H's MSM and one more in the worker): default when the module has the MSMs. */
  msm?: boolean;
}

export async function createWasmNttWorker(options: WasmNttWorkerOptions = {}): Promise<WasmNttWorker> {
  const module = loadGroth16Module(options.wasm);
  const hasMsm = WebAssembly.Module.exports(module).some((e) => e.name === "msmG1");
  const withMsm = options.msm ?? hasMsm;
  if (withMsm && !hasMsm)
    throw new GhostError("WASM_NOT_BUILT", "the Groth16 WebAssembly module has no MSM exports");
  const worker: Worker = startSiblingWorker(import.meta.url, "nttWorker", { workerData: { module } });
  // A worker waiting for jobs must not keep the process alive.
  worker.unref();
  const pending = new Map<number, { ok: (r: NttReply) => void; fail: (e: unknown) => void }>();
  let nextId = 1;
  let closed = false;
  worker.on("message", (reply: NttReply) => {
    pending.get(reply.id)?.ok(reply);
    pending.delete(reply.id);
  });
  const failAll = (e: unknown) => {
    for (const p of pending.values()) p.fail(e);
    pending.clear();
  };
  worker.on("error", failAll);
  // An exit without an error event (terminated, or killed) must not leave a proof waiting forever.
  worker.on("exit", (code) => failAll(new GhostError("WASM_ABORT", `the NTT worker exited (code ${code})`)));

  // The zkey the worker keeps (the last one sent), by the identity of its coefficient section.
  const keys = new WeakMap<Uint8Array, number>();
  let kept: { key: number; points: boolean } | undefined;

  async function run(input: QapInput, points: OffThreadMsmBases | undefined, timer: StepTimer) {
    if (closed) throw new GhostError("WASM_BAD_ARGUMENT", "the NTT worker is closed");
    let key = keys.get(input.coefs);
    if (key === undefined) {
      key = nextId++;
      keys.set(input.coefs, key);
    }
    const sendCoefs = kept?.key !== key;
    const sendPoints = points !== undefined && (sendCoefs || !kept!.points);
    kept = { key, points: (!sendCoefs && kept!.points) || sendPoints };
    const { coefs, witness, ...sizes } = input;
    // Copies of exactly these bytes: posting a view would clone the whole file it points into.
    const job: NttJob = {
      id: nextId++,
      zkeyKey: key,
      input: { ...sizes, witness: witness.slice() },
      ...(points === undefined
        ? {}
        : { msm: { name: points.other.name, witnessFrom: points.other.witnessFrom } }),
      ...(sendCoefs ? { coefs: coefs.slice() } : {}),
      ...(sendPoints ? { points: { h: points.h.slice(), other: points.other.bases.slice() } } : {}),
    };
    const transfer = [job.input.witness, job.coefs, job.points?.h, job.points?.other]
      .filter((b) => b !== undefined)
      .map((b) => b.buffer as ArrayBuffer);
    worker.ref();
    try {
      const reply = await new Promise<NttReply>((ok, fail) => {
        pending.set(job.id, { ok, fail });
        worker.postMessage(job, transfer);
      });
      if ("message" in reply) {
        if (sendCoefs) kept = undefined; // the worker may not have kept what was sent
        throw new GhostError((reply.code as ErrorCode | undefined) ?? "WASM_ABORT", reply.message);
      }
      timer.steps.push(...reply.steps);
      return reply;
    } finally {
      if (pending.size === 0) worker.unref();
    }
  }

  return {
    name: withMsm ? "wasm (worker, with H's MSM and one more)" : "wasm (worker)",
    offThread: true,
    async computeH(input, timer) {
      const reply = await run(input, undefined, timer);
      if (!("scalars" in reply)) throw new GhostError("WASM_ABORT", "the NTT worker answered another job");
      return reply.scalars;
    },
    ...(withMsm
      ? {
          async offThreadMsms(input: QapInput, bases: OffThreadMsmBases, timer: StepTimer) {
            const reply = await run(input, bases, timer);
            if (!("other" in reply))
              throw new GhostError("WASM_ABORT", "the NTT worker answered another job");
            return { h: reply.h, other: reply.other };
          },
        }
      : {}),
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
  };
}
