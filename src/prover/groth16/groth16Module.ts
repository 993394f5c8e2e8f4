/**
 * build/wasm/groth16.wasm (assembly/groth16/: Fq, G1, G2, the MSMs and the NTT): where it is, compiled
 * once per process, and instantiated with the one import it needs. The MSM side (curveWasm.ts) and the
 * NTT side (nttWasm.ts, and its worker thread, which receives the compiled module) all load it here.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GhostError } from "../../protocol/errors.js";

export const GROTH16_WASM_PATH = fileURLToPath(new URL("../../../build/wasm/groth16.wasm", import.meta.url));

let compiled: WebAssembly.Module | undefined;

/** The compiled module: `source` when it is one, else the file at `source` or GROTH16_WASM_PATH. */
export function loadGroth16Module(source?: WebAssembly.Module | string): WebAssembly.Module {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined && compiled !== undefined) return compiled;
  const path = source ?? GROTH16_WASM_PATH;
  if (!existsSync(path)) {
    throw new GhostError(
      "WASM_NOT_BUILT",
      `the Groth16 WebAssembly module is not built (${path}): run npm run build:wasm`,
    );
  }
  const module = new WebAssembly.Module(readFileSync(path));
  if (source === undefined) compiled = module;
  return module;
}

function abort(): never {
  throw new GhostError("WASM_ABORT", "the Groth16 WebAssembly module aborted");
}

/** A new instance (its own memory): the module's only import is `env.abort`. */
export function instantiateGroth16(module: WebAssembly.Module): WebAssembly.Instance {
  return new WebAssembly.Instance(module, { env: { abort } });
}
