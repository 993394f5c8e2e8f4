/**
 * GhostChain's L2 protocol: constants, types, codecs and the reference model of the state transition.
 * docs/protocol.md is the specification this code implements; `await initProtocol()` before any hashing.
 */
export * from "./bits/index.js";
export * from "./constants.js";
export * from "./crypto/index.js";
export * from "./da/index.js";
export * from "./errors.js";
export * from "./json/index.js";
export * from "./keys/index.js";
export * from "./model/index.js";
export * from "./modular/index.js";
export * from "./tree/index.js";
export * from "./tx/index.js";
export type * from "./types.js";
