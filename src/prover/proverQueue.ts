/**
 * The proving queue: an interface with two backends, the embedded default here (one forked prover
 * process that proves one job at a time: a Groth16 proof already uses both cores, queued jobs wait their
 * turn in order) and BullMQ on Redis with `ghost prover` workers on other machines (./queue/).
 */
import { GhostError } from "../protocol/errors.js";
import { childRequests, forkSibling, lowerPriority } from "../runtime/index.js";
import type { BatchProof, Groth16Proof } from "./proofJson.js";

/**
 * A proof to make: from a witness already computed, or from the circuit input, whose witness the prover
 * process then computes itself (the sequencer's path: the witness never crosses a process or reaches disk).
 * With `verify`, the prover process checks the proof against the verification key and the public-input
 * hash the caller computed, and says so in `verified`.
 */
export type ProveJob = (
  | {
      /** The witness (.wtns bytes) from calculateWitness. */
      readonly wtns: Uint8Array;
    }
  | {
      /** The circuit's witness-generator .wasm (its witness_calculator.js beside it). */
      readonly wasm: string;
      /** The circuit input (buildBatchInput, buildBatchInputFromSealed) in JSON form: decimal strings. */
      readonly input: Record<string, unknown>;
    }
) & {
  /** The circuit's proving key. */
  readonly zkey: string;
  readonly verify?: { readonly vkey: Record<string, unknown>; readonly publicInputHash: bigint };
  /** The batch this proves: what a distributed queue matches jobs and results by (required there). */
  readonly batchNumber?: number;
};

export interface ProveResult extends BatchProof {
  /** Time spent proving (the engine's prove, from the witness), in milliseconds. */
  readonly proveMs: number;
  /** The wasm engine's time per step (read zkey, H, each MSM, combine, total), in milliseconds. */
  readonly timings?: Readonly<Record<string, number>>;
  /** Time spent computing the witness in the prover process (0 when the job carried one). */
  readonly witnessMs: number;
  /** The prover process's verdict when the job asked for one. */
  readonly verified?: boolean;
  /** Peak resident memory of the prover process so far, in KiB. */
  readonly maxRssKiB: number;
}

export interface ProverQueue {
  /**
   * A proof of the job. With `verify`, the local queue reports its prover's verdict in `verified`; the
   * distributed queue resolves only with a proof it verified itself, redoing the job until one does.
   */
  prove(job: ProveJob): Promise<ProveResult>;
  /** How many jobs the caller should keep in flight to keep this queue's provers busy. */
  readonly window: number;
  /** The proof of this batch is stored by the caller: the queue may drop what it kept of the job. */
  forget(batchNumber: number): Promise<void>;
  /** Jobs waiting or running. */
  readonly pending: number;
  /** Stops the prover process (after terminating its curve); pending jobs fail with PROVER_FAILED. */
  close(): Promise<void>;
}

type Reply =
  | {
      id: number;
      ok: true;
      proof: Groth16Proof;
      publicSignals: string[];
      ms: number;
      witnessMs: number;
      verified?: boolean;
      timings?: Record<string, number>;
      maxRssKiB: number;
    }
  | { id: number; ok: false; code?: "WITNESS_FAILED"; message: string };

/**
 * The Groth16 prover a prover process runs: `wasm`, ours (./groth16/, the default: WebAssembly NTT and
 * MSMs on both cores), or `snarkjs` (snarkjs.groth16.prove, the reference). Both read the same .zkey and
 * .wtns and give proofs snarkjs.groth16.verify accepts.
 */
export type ProverEngine = "wasm" | "snarkjs";
export const PROVER_ENGINES: readonly ProverEngine[] = ["wasm", "snarkjs"];

export interface LocalProverOptions {
  /** How much lower than this process the prover process is scheduled (nice value, default 0). */
  readonly lowerPriorityBy?: number;
  /** Default `wasm`. */
  readonly engine?: ProverEngine;
}

export interface LocalProverQueue extends ProverQueue {
  /** Kills the prover process at once (a proof past its timeout); its jobs fail with PROVER_FAILED. */
  kill(): void;
  /** The prover process's id, while it runs. */
  readonly pid: number | undefined;
}

export function createLocalProverQueue(options: LocalProverOptions = {}): LocalProverQueue {
  const child = childRequests<ProveJob, Reply>(
    () => {
      const c = forkSibling(
        import.meta.url,
        "proveProcess",
        { serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"] },
        [options.engine ?? "wasm"],
      );
      lowerPriority(c, options.lowerPriorityBy ?? 0);
      return c;
    },
    (code) => new GhostError("PROVER_FAILED", `prover process exited with code ${code}`),
  );
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;

  const run = async (job: ProveJob): Promise<ProveResult> => {
    const r = await child.request(job);
    if (!r.ok) throw new GhostError(r.code ?? "PROVER_FAILED", r.message);
    return {
      proof: r.proof,
      publicSignals: r.publicSignals,
      proveMs: r.ms,
      witnessMs: r.witnessMs,
      ...(r.timings === undefined ? {} : { timings: r.timings }),
      ...(r.verified === undefined ? {} : { verified: r.verified }),
      maxRssKiB: r.maxRssKiB,
    };
  };

  return {
    prove(job) {
      pending++;
      const result = tail.then(() => run(job));
      tail = result.catch(() => undefined);
      return result.finally(() => {
        pending--;
      });
    },
    window: 1,
    async forget() {},
    get pending() {
      return pending;
    },
    kill: () => child.kill(),
    get pid() {
      return child.pid;
    },
    close: () => child.close(),
  };
}
