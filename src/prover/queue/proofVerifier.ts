/**
 * Verifies the proofs workers return, in a child process: a Groth16 verification (≈ 20–50 ms of
 * pairings) would otherwise block the sequencer's main thread once per batch, and with many workers
 * several times a second. One request at a time, in order; the process starts on first use.
 */
import type { ChildProcess } from "node:child_process";
import { GhostError } from "../../protocol/errors.js";
import { forkSibling } from "../../runtime/index.js";
import type { Groth16Proof } from "../proofJson.js";
import type { VerificationKey } from "../verifyBatchProof.js";

export interface ProofVerifier {
  /** True iff `proof` proves the batch whose public-input hash is `publicInputHash` under `vkey`. */
  verify(vkey: VerificationKey, proof: Groth16Proof, publicInputHash: bigint): Promise<boolean>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; valid: boolean } | { id: number; ok: false; message: string };

export function createProofVerifier(): ProofVerifier {
  let child: ChildProcess | undefined;
  let nextId = 0;
  const waiting = new Map<number, { ok(valid: boolean): void; fail(e: unknown): void }>();

  const start = (): ChildProcess => {
    if (child !== undefined) return child;
    const c = forkSibling(import.meta.url, "proofVerifyProcess", {
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    c.on("message", (r: Reply) => {
      const w = waiting.get(r.id);
      if (w === undefined) return;
      waiting.delete(r.id);
      if (r.ok) w.ok(r.valid);
      else w.fail(new GhostError("PROVER_FAILED", `proof verification failed: ${r.message}`));
    });
    c.on("exit", (code) => {
      child = undefined;
      for (const w of waiting.values())
        w.fail(new GhostError("PROVER_FAILED", `the verifier process exited with code ${code}`));
      waiting.clear();
    });
    child = c;
    return c;
  };

  return {
    verify(vkey, proof, publicInputHash) {
      return new Promise<boolean>((ok, fail) => {
        const id = nextId++;
        waiting.set(id, { ok, fail });
        start().send({ id, vkey, proof, publicInputHash });
      });
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
