/**
 * `npm run build:wasm [-- --target debug]`: generates the WASM core's tables from their sources
 * (Montgomery arithmetic, Poseidon constants from circomlibjs, error ids from src/protocol/errors.ts)
 * into assembly/**\/generated/, then compiles assembly/ with asc into build/wasm/.
 *
 * The build is content-keyed twice: a hash of every input of the generators and the compiler
 * (scripts/build/sourceKeys.ts) decides, before anything is loaded, whether to build at all; inside the
 * build, a hash of what asc reads decides whether to compile. A stale module is rebuilt, never used.
 */
import { writeFileSync } from "node:fs";
import { wasmIsCurrent, wasmKeyFile, wasmSourceKey } from "./sourceKeys.js";

const target = process.argv.includes("--target")
  ? process.argv[process.argv.indexOf("--target") + 1]!
  : "release";

if (wasmIsCurrent(target)) {
  console.log(`build/wasm (${target}) is up to date`);
} else {
  const key = wasmSourceKey(target);
  const { buildWasm } = await import("./wasmBuild.js");
  await buildWasm(target);
  writeFileSync(wasmKeyFile(target), key);
}
