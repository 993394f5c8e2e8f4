/**
 * The proving queue: an interface (so a distributed backend such as BullMQ workers can replace it) and its
 * embedded default, one forked prover process that proves one job at a time (a Groth16 proof already uses
 * both cores; queued jobs wait their turn in order).
 */
import type { ChildProcess } from "node:child_process";
import { GhostError } from "../protocol/errors.js";
import { forkSibling } from "../runtime/index.js";
import type { BatchProof, Groth16Proof } from "./proofJson.js";

export interface ProveJob {
  /** The circuit's proving key. */
  readonly zkey: string;
  /** The witness (.wtns bytes) from calculateWitness. */
  readonly wtns: Uint8Array;
}

export interface ProveResult extends BatchProof {
  /** Time spent in snarkjs.groth16.prove, in milliseconds. */
  readonly proveMs: number;
  /** Peak resident memory of the prover process so far, in KiB. */
  readonly maxRssKiB: number;
}

export interface ProverQueue {
  prove(job: ProveJob): Promise<ProveResult>;
  /** Jobs waiting or running. */
  readonly pending: number;
  /** Stops the prover process (after terminating its curve); pending jobs fail with PROVER_FAILED. */
  close(): Promise<void>;
}

type Reply =
  | { id: number; ok: true; proof: Groth16Proof; publicSignals: string[]; ms: number; maxRssKiB: number }
  | { id: number; ok: false; message: string };

export function createLocalProverQueue(): ProverQueue {
  let child: ChildProcess | undefined;
  let nextId = 0;
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const waiting = new Map<number, { ok(r: ProveResult): void; fail(e: unknown): void }>();

  const failAll = (message: string) => {
    for (const w of waiting.values()) w.fail(new GhostError("PROVER_FAILED", message));
    waiting.clear();
  };

  const start = (): ChildProcess => {
    if (child !== undefined) return child;
    const c = forkSibling(import.meta.url, "proveProcess", {
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    c.on("message", (r: Reply) => {
      const w = waiting.get(r.id);
      if (w === undefined) return;
      waiting.delete(r.id);
      if (r.ok)
        w.ok({ proof: r.proof, publicSignals: r.publicSignals, proveMs: r.ms, maxRssKiB: r.maxRssKiB });
      else w.fail(new GhostError("PROVER_FAILED", r.message));
    });
    c.on("exit", (code) => {
      child = undefined;
      failAll(`prover process exited with code ${code}`);
    });
    child = c;
    return c;
  };

  const run = (job: ProveJob): Promise<ProveResult> =>
    new Promise<ProveResult>((ok, fail) => {
      const id = nextId++;
      waiting.set(id, { ok, fail });
      start().send({ id, zkey: job.zkey, wtns: job.wtns });
    });

  return {
    prove(job) {
      pending++;
      const result = tail.then(() => run(job));
      tail = result.catch(() => undefined);
      return result.finally(() => {
        pending--;
      });
    },
    get pending() {
      return pending;
    },
    async close() {
      const c = child;
      if (c === undefined) return;
      await new Promise<void>((done) => {
        c.once("exit", () => done());
        c.send({ close: true });
      });
    },
  };
}
