/**
 * The proof verifier the node injects (docs/l1.md §4.3 step 7): snarkjs Groth16 verification against the
 * genesis verification key, through the prover's own verifyBatchProof. A malformed proof is false.
 */
import type { Groth16Proof } from "../../prover/index.js";
import { type VerificationKey, verifyBatchProof } from "../../prover/index.js";
import type { VerifyProof } from "../rollup/index.js";

export function proofVerifier(vkey: VerificationKey): VerifyProof {
  return async (publicInputHash: bigint, proof: Groth16Proof) => {
    try {
      return await verifyBatchProof(vkey, { proof, publicSignals: [] }, publicInputHash);
    } catch {
      return false;
    }
  };
}
