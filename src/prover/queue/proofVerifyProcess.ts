/**
 * The verifier child process (createProofVerifier): snarkjs' Groth16 verification against the public-input
 * hash the sequencer computed, one request after another. Any failure to verify (a malformed point
 * included) is an answer of false, never a crash.
 */
import type { Groth16Proof } from "../proofJson.js";
import { terminateSnarkjsCurve } from "../setup/index.js";
import { type VerificationKey, verifyBatchProof } from "../verifyBatchProof.js";

type Request = { id: number; vkey: VerificationKey; proof: Groth16Proof; publicInputHash: bigint };

// The parent gone: nothing will read an answer; the curve's worker threads would keep this process alive.
process.on("disconnect", () => process.exit(0));

let tail: Promise<unknown> = Promise.resolve();

process.on("message", (msg: Request | { close: true }) => {
  tail = tail.then(async () => {
    if ("close" in msg) {
      await terminateSnarkjsCurve();
      process.exit(0);
    }
    let valid: boolean;
    try {
      valid = await verifyBatchProof(msg.vkey, { proof: msg.proof, publicSignals: [] }, msg.publicInputHash);
    } catch {
      valid = false;
    }
    process.send?.({ id: msg.id, valid });
  });
});
