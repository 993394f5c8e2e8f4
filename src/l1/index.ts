/**
 * The pure core of ghostd, the GhostChain L1 node (docs/l1.md): transactions and their encodings, the
 * chain state with its root and DB changes, genesis, keys, the rollup module and the state transition.
 * No sockets, clocks or disk, except the key-file edges in keys/.
 */
export * from "./chain/index.js";
export * from "./crypto/index.js";
export * from "./encoding/index.js";
export * from "./genesis/index.js";
export * from "./keys/index.js";
export * from "./rollup/index.js";
export * from "./state/index.js";
export * from "./tx/index.js";
