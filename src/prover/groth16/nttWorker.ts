/**
 * The worker thread behind ./nttWasmWorker.ts: its own instance of the Groth16 WebAssembly module
 * (compiled by the parent) computing H for each job, and, when asked and the module has the MSMs, H's
 * MSM and one more G1 MSM over the witness (on a second instance through ./msmWasm.ts), so that only two
 * G1 points go back. Results are transferred, not copied, with the steps' timings. The zkey's sections
 * are kept between jobs, so that a run of proofs with one proving key sends them once.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isGhostError } from "../../protocol/errors.js";
import type { QapInput } from "./backends.js";
import { CurveInstance } from "./curveWasm.js";
import { msmG1 } from "./msmWasm.js";
import { instantiateWasmNtt } from "./nttWasm.js";
import { FR_BYTES } from "./readZkey.js";
import { StepTimer } from "./stepTimer.js";

/** A job. The zkey's sections come along only when the worker does not keep them yet (under `zkeyKey`). */
export interface NttJob {
  readonly id: number;
  readonly zkeyKey: number;
  readonly input: Omit<QapInput, "coefs">;
  readonly coefs?: Uint8Array;
  readonly points?: { readonly h: Uint8Array; readonly other: Uint8Array };
  /** Also run H's MSM and the other one here (its scalars: the witness from witnessFrom on). */
  readonly msm?: { readonly name: string; readonly witnessFrom: number };
}

type Steps = { step: string; ms: number }[];
export type NttReply =
  | { id: number; scalars: Uint8Array; steps: Steps }
  | { id: number; h: Uint8Array; other: Uint8Array; steps: Steps }
  | { id: number; code?: string; message: string };

const { module } = workerData as { module: WebAssembly.Module };
const ntt = instantiateWasmNtt(module);
let curve: CurveInstance | undefined;
let kept: { key: number; coefs: Uint8Array; points?: { h: Uint8Array; other: Uint8Array } } | undefined;

parentPort!.on("message", async (job: NttJob) => {
  try {
    if (job.coefs !== undefined) kept = { key: job.zkeyKey, coefs: job.coefs };
    if (kept?.key !== job.zkeyKey) throw new Error(`zkey ${job.zkeyKey} was never sent`);
    if (job.points !== undefined) kept.points = job.points;
    // This job's sections, taken before the first await: a later job may replace `kept` meanwhile.
    const sections = kept;
    const timer = new StepTimer();
    const scalars = await ntt.computeH({ ...job.input, coefs: sections.coefs }, timer);
    if (job.msm === undefined) {
      parentPort!.postMessage({ id: job.id, scalars, steps: timer.steps }, [scalars.buffer as ArrayBuffer]);
      return;
    }
    const points = sections.points;
    if (points === undefined) throw new Error(`the MSM bases of zkey ${job.zkeyKey} were never sent`);
    curve ??= new CurveInstance(module);
    const instance = curve;
    const h = await timer.time("msm H", () =>
      msmG1(points.h, scalars, scalars.length / FR_BYTES, { instance }),
    );
    const w = job.input.witness.subarray(job.msm.witnessFrom * FR_BYTES);
    const other = await timer.time(`msm ${job.msm.name}`, () =>
      msmG1(points.other, w, w.length / FR_BYTES, { instance }),
    );
    parentPort!.postMessage({ id: job.id, h, other, steps: timer.steps }, [
      h.buffer as ArrayBuffer,
      other.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    const code = isGhostError(e) ? e.code : undefined;
    parentPort!.postMessage({ id: job.id, code, message: e instanceof Error ? e.message : String(e) });
  }
});
