/**
 * `npm run build:wasm [-- --target debug]`: generates the WASM core's tables from their sources
 * (Montgomery arithmetic, Poseidon constants from circomlibjs, error ids from src/protocol/errors.ts)
 * into assembly/**\/generated/, then compiles each WASM module (sourceKeys.ts WASM_MODULES: ghost.wasm from
 * assembly/, groth16.wasm from assembly/groth16/) with asc into build/wasm/.
 *
 * The build is content-keyed twice: a hash of every input of the generators and the compiler
 * (scripts/build/sourceKeys.ts) decides, before anything is loaded, whether to build at all; inside the
 * build, a hash of what asc reads decides whether to compile. A stale module is rebuilt, never used.
 */
import { writeFileSync } from "node:fs";
import { WASM_MODULE_NAMES, wasmKeyFile, wasmModuleIsCurrent, wasmSourceKey } from "./sourceKeys.js";

const target = process.argv.includes("--target")
  ? process.argv[process.argv.indexOf("--target") + 1]!
  : "release";

for (const module of WASM_MODULE_NAMES) {
  if (wasmModuleIsCurrent(target, module)) {
    console.log(`build/wasm ${module} (${target}) is up to date`);
    continue;
  }
  const key = wasmSourceKey(target, module);
  const { buildWasm } = await import("./wasmBuild.js");
  await buildWasm(target, module);
  writeFileSync(wasmKeyFile(target, module), key);
}
