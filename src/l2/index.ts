/**
 * GhostPlane, the L2 sequencer (docs/sequencer.md): its API table (api/), its pure parts (core/) and the
 * node that wraps them with storage, threads, processes and sockets (node/).
 */
export * from "./api/index.js";
export * from "./core/index.js";
export * from "./node/index.js";
