/**
 * The proving pipeline for GhostChain batches: circuit sizes, the witness input builders (from the batch's
 * ops and pre-state through the model, or from the engine's sealed batch), witness generation, a proving
 * queue backed by a forked prover process (our WebAssembly Groth16 prover in ./groth16/, or snarkjs), verification
 * and proof serialisation. The trusted setup lives in ./setup/. For tests of the circuit itself: the full
 * assignment of any input (assertions non-fatal) and its check against the .r1cs.
 */
export { type Assignment, calculateAssignment } from "./assignment.js";
export {
  type ApplyOp,
  type BatchWitness,
  type BatchWitnessSource,
  buildBatchInput,
  type CircuitInput,
  circuitLeaf,
} from "./batchInput.js";
export { type BuiltBatchCircuit, buildBatchCircuit } from "./buildBatchCircuit.js";
export {
  type ConstraintCheck,
  type ConstraintFailure,
  checkConstraints,
  describeConstraintCheck,
} from "./checkConstraints.js";
export { decodeCircuitInput, encodeCircuitInput } from "./circuitInputCodec.js";
export { BATCH_CIRCUITS, type BatchCircuit, type BatchCircuitName, batchCircuit } from "./circuits.js";
export { buildBatchInputFromSealed, type EngineBatchWitness } from "./engineInput.js";
export { type BatchProof, type Groth16Proof, proofFromJson, proofToJson } from "./proofJson.js";
export {
  createLocalProverQueue,
  type LocalProverOptions,
  type LocalProverQueue,
  PROVER_ENGINES,
  type ProveJob,
  type ProveResult,
  type ProverEngine,
  type ProverQueue,
} from "./proverQueue.js";
export {
  type BatchPublicSignals,
  fromPublicSignals,
  PUBLIC_SIGNALS,
  toPublicSignals,
} from "./publicSignals.js";
export { readVerificationKey, type VerificationKey, verifyBatchProof } from "./verifyBatchProof.js";
export { calculateWitness } from "./witness.js";
