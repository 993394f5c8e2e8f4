/**
 * Verifies the proofs workers return, in a child process: a Groth16 verification (≈ 20–50 ms of
 * pairings) would otherwise block the sequencer's main thread once per batch, and with many workers
 * several times a second. One request at a time, in order; the process starts on first use.
 */
import { GhostError } from "../../protocol/errors.js";
import { childRequests, forkSibling } from "../../runtime/index.js";
import type { Groth16Proof } from "../proofJson.js";
import type { VerificationKey } from "../verifyBatchProof.js";

export interface ProofVerifier {
  /** True iff `proof` proves the batch whose public-input hash is `publicInputHash` under `vkey`. */
  verify(vkey: VerificationKey, proof: Groth16Proof, publicInputHash: bigint): Promise<boolean>;
  close(): Promise<void>;
}

type Reply = { id: number; valid: boolean };

export function createProofVerifier(): ProofVerifier {
  const child = childRequests<{ vkey: VerificationKey; proof: Groth16Proof; publicInputHash: bigint }, Reply>(
    () =>
      forkSibling(import.meta.url, "proofVerifyProcess", {
        serialization: "advanced",
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      }),
    (code) => new GhostError("PROVER_FAILED", `the verifier process exited with code ${code}`),
  );
  return {
    verify: async (vkey, proof, publicInputHash) =>
      (await child.request({ vkey, proof, publicInputHash })).valid,
    close: () => child.close(),
  };
}
