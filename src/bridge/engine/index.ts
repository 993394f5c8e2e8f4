/** The WASM state engine: createEngine, restoreEngine and the typed results they return. */
export {
  type Checkpoint,
  createEngine,
  Engine,
  type EngineOptions,
  type RestoreOptions,
  restoreEngine,
} from "./engine.js";
export type { OpOutcome } from "./opCodec.js";
export type { PreparedOps } from "./preparedOps.js";
export type { ClosedBatch, LeafRead, LeafWrite, SealedBatch } from "./sealCodec.js";
export { MAX_OPS_PER_CALL } from "./validate.js";
