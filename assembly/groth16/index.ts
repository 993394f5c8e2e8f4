/**
 * The exported ABI of groth16.wasm, the Groth16 prover's WASM module (built apart from ghost.wasm:
 * its own memory, shared and growable). One line per file of exports.
 */
export * from "./fieldExports";
export * from "./msmExports";
export * from "./ntt";
