/**
 * The build of one WASM module (`npm run build:wasm` calls it when scripts/build/sourceKeys.ts says the
 * module's inputs changed): its generated tables rewritten where they differ, then asc, itself skipped
 * when the compiler's own inputs (the module's sources with their generated files, its asconfig, the
 * compiler version) hash to the stored key.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FIELD_MODULUS } from "../../src/protocol/constants.js";
import { generateBabyJubConstants, loadBabyJubParams } from "./gen/babyjubConstants.js";
import { BN254_BASE_MODULUS, generateBn254Constants } from "./gen/bn254Curve.js";
import { generateErrorIds } from "./gen/errorIds.js";
import { generateMontgomery } from "./gen/montgomery.js";
import { generateMontgomeryX2 } from "./gen/montgomeryX2.js";
import { generatePoseidonConstants } from "./gen/poseidonConstants.js";
import { generateStateLayout } from "./gen/stateLayout.js";
import {
  hashFiles,
  isCurrent,
  WASM_MODULES,
  type WasmModule,
  wasmOutFile,
  wasmSources,
} from "./sourceKeys.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

function writeIfChanged(path: string, content: string): void {
  const abs = join(root, path);
  if (existsSync(abs) && readFileSync(abs, "utf8") === content) return;
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  console.log(`generated ${path}`);
}

async function generateGhostTables(): Promise<void> {
  writeIfChanged("assembly/field/generated/frMontgomery.ts", generateMontgomery(FIELD_MODULUS, "BN254 Fr"));
  writeIfChanged(
    "assembly/field/generated/frMontgomeryX2.ts",
    generateMontgomeryX2(FIELD_MODULUS, "BN254 Fr"),
  );
  writeIfChanged("assembly/hash/generated/poseidonConstants.ts", generatePoseidonConstants(FIELD_MODULUS));
  writeIfChanged("assembly/generated/errors.ts", generateErrorIds());
  writeIfChanged(
    "assembly/curve/generated/babyjubConstants.ts",
    generateBabyJubConstants(FIELD_MODULUS, await loadBabyJubParams()),
  );
  writeIfChanged("assembly/state/generated/layout.ts", generateStateLayout());
}

function generateGroth16Tables(): void {
  writeIfChanged(
    "assembly/groth16/generated/fqMontgomery.ts",
    generateMontgomery(BN254_BASE_MODULUS, "BN254 Fq", { linear: true }),
  );
  writeIfChanged("assembly/groth16/generated/bn254Constants.ts", generateBn254Constants());
}

export async function buildWasm(target: string, module: WasmModule = "ghost"): Promise<void> {
  if (module === "ghost") await generateGhostTables();
  else generateGroth16Tables();

  const { config, entry } = WASM_MODULES[module];
  const require = createRequire(import.meta.url);
  const ascVersion = (require("assemblyscript/package.json") as { version: string }).version;
  const key = hashFiles(`asc ${ascVersion} ${target}`, [...wasmSources(module, true), config]);
  const outFile = wasmOutFile(target, module);
  const keyFile = `${outFile}.key`;
  if (isCurrent(outFile, keyFile, key)) {
    console.log(`${relative(root, outFile)} is up to date`);
  } else {
    const asc = await import("assemblyscript/asc");
    const started = Date.now();
    const { error, stderr } = await asc.main([entry, "--config", config, "--target", target], {
      stdout: process.stdout,
      stderr: process.stderr,
    });
    if (error) {
      console.error(stderr.toString());
      throw error;
    }
    writeFileSync(keyFile, key);
    console.log(
      `built ${relative(root, outFile)} (${target}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
