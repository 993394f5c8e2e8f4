export { type DbOp, type KvRange, type KvStore, prefixRange } from "./kvStore.js";
export { openLevelStore } from "./levelStore.js";
export { memoryStore } from "./memoryStore.js";
