/**
 * Our Groth16 prover for snarkjs' .zkey / .wtns (proofs that snarkjs.groth16.verify accepts), with
 * pluggable NTT and MSM backends: ffjavascript's (snarkjs' own) and our WebAssembly ones.
 */
export type { MsmBackend, NttBackend, OffThreadMsmBases, OffThreadMsms, QapInput } from "./backends.js";
export { createFfjsMsm } from "./ffjsMsm.js";
export { createFfjsNtt } from "./ffjsNtt.js";
export { GROTH16_WASM_PATH, instantiateGroth16, loadGroth16Module } from "./groth16Module.js";
export {
  createWasmNtt,
  instantiateWasmNtt,
  NttForm,
  WasmNtt,
  type WasmNttOptions,
} from "./nttWasm.js";
export { createWasmNttWorker, type WasmNttWorker, type WasmNttWorkerOptions } from "./nttWasmWorker.js";
export { type Groth16ProveResult, type ProveGroth16Options, proveGroth16 } from "./proveGroth16.js";
export { firstNonCanonical, parseWtns, readWtns, type Wtns } from "./readWtns.js";
export { type Groth16Zkey, parseZkey, readZkey } from "./readZkey.js";
export { StepTimer, type StepTiming } from "./stepTimer.js";
export { createWasmMsm } from "./wasmMsm.js";
