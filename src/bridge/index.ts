/** The bridge's public surface: the only way the rest of GhostChain reaches the WASM core. */
export { type CoreInstance, instantiateCore, sharedCore } from "./core.js";
export {
  SIGNATURE_BYTES,
  type SignedMessage,
  setSignatureKeyCache,
  type UnpackedSignature,
  unpackSignatures,
  verifySignature,
  verifySignatures,
} from "./eddsa.js";
export {
  type Checkpoint,
  type ClosedBatch,
  createEngine,
  Engine,
  type EngineOptions,
  type LeafRead,
  type LeafWrite,
  MAX_OPS_PER_CALL,
  type OpOutcome,
  type PreparedOps,
  type RestoreOptions,
  restoreEngine,
  type SealedBatch,
} from "./engine/index.js";
export { frAdd, frEq, frInverse, frMul, frNeg, frPow, frSqrt, frSquare, frSub } from "./field.js";
export { assertField, FIELD_BYTES, FIELD_MODULUS } from "./fieldCodec.js";
export { POSEIDON_MAX_INPUTS, poseidon, poseidonBatch } from "./poseidon.js";
export { arePublicKeysValid } from "./publicKey.js";
export {
  createSignaturePool,
  isSignaturePool,
  type SignaturePool,
  type SignaturePoolOptions,
  type SignedPreimage,
} from "./signaturePool.js";
