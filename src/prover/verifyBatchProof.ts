/**
 * Verifies a batch proof with snarkjs against a public-input hash the verifier computed itself (ghostd does,
 * from the posted data: docs/protocol.md §8), never against the public signals the proof carries.
 */
import { readFileSync } from "node:fs";
import * as snarkjs from "snarkjs";
import type { BatchProof } from "./proofJson.js";
import { toPublicSignals } from "./publicSignals.js";

export type VerificationKey = Record<string, unknown>;

export function readVerificationKey(path: string): VerificationKey {
  return JSON.parse(readFileSync(path, "utf8")) as VerificationKey;
}

/** True iff `proof` proves the batch whose public-input hash is `publicInputHash`. */
export async function verifyBatchProof(
  vkey: VerificationKey,
  proof: BatchProof,
  publicInputHash: bigint,
): Promise<boolean> {
  const signals = toPublicSignals({ publicInputHash });
  return snarkjs.groth16.verify(vkey, signals, proof.proof as unknown as Record<string, unknown>);
}
