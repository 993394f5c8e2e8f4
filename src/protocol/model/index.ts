export { applyBatch, type BatchOutput, type BatchRejection, closeBatch } from "./applyBatch.js";
export { applyOp } from "./applyOp.js";
export { isBigUint, isUint } from "./checks.js";
export { createGenesis } from "./genesis.js";
export { EMPTY_PRIORITY_HASH, nextPriorityHash, priorityHashes, priorityOpInputs } from "./priorityHash.js";
export { batchHeader, type PublicInputs, publicInputHash } from "./publicInputHash.js";
export { applyPublishedBatch, rebuildFromData } from "./rebuildFromData.js";
export { getAccount, stateRoot } from "./state.js";
