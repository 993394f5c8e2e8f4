/** The WASM state engine: createEngine, restoreEngine and the typed results they return. */
export { createEngine, Engine, type EngineOptions, type RestoreOptions, restoreEngine } from "./engine.js";
export type { OpOutcome } from "./opCodec.js";
export type { LeafRead, LeafWrite, SealedBatch } from "./sealCodec.js";
