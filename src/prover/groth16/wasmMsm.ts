/**
 * The MSM backend on our WebAssembly: ./msmWasm.ts's msmG1 / msmG2 (build/wasm/groth16.wasm, on the
 * calling thread) behind the MsmBackend interface. Its results are ffjavascript projective points, which
 * the prover's final combination takes as they are.
 */
import type { MsmBackend } from "./backends.js";
import { type MsmWasmOptions, msmG1, msmG2 } from "./msmWasm.js";
import { FR_BYTES } from "./readZkey.js";

export function createWasmMsm(options: MsmWasmOptions = {}): MsmBackend {
  return {
    name: "wasm",
    async msmG1(bases, scalars) {
      return msmG1(bases, scalars, scalars.length / FR_BYTES, options);
    },
    async msmG2(bases, scalars) {
      return msmG2(bases, scalars, scalars.length / FR_BYTES, options);
    },
  };
}
