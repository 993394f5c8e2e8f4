/** ghostd's signatures: ML-DSA-65 with liboqs, cross-checked against noble, and the mempool's verify pool. */
export {
  createMlDsa,
  LIBOQS_MAX_MESSAGE_BYTES,
  ML_DSA65_PUBLIC_KEY_BYTES,
  ML_DSA65_SECRET_KEY_BYTES,
  ML_DSA65_SEED_BYTES,
  ML_DSA65_SIGNATURE_BYTES,
  type MlDsa,
  type MlDsaKeyPair,
  mlDsaKeygen,
  nobleSign,
  nobleVerify,
} from "./mlDsa.js";
export {
  createMlDsaVerifyPool,
  type MlDsaVerifyItem,
  type MlDsaVerifyPool,
  type MlDsaVerifyPoolOptions,
} from "./mlDsaVerifyPool.js";
