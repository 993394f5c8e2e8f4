/**
 * `npm run build:wasm [-- --target debug]`: generates the WASM core's tables from their sources
 * (Montgomery arithmetic, Poseidon constants from circomlibjs, error ids from src/protocol/errors.ts)
 * into assembly/**\/generated/, then compiles assembly/ with asc into build/wasm/.
 *
 * The build is content-keyed: a hash of every input (sources, generators, asconfig, compiler version)
 * is stored beside the output, and the compiler only runs when that hash changes. A stale module is
 * rebuilt, never used.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FIELD_MODULUS } from "../../src/protocol/constants.js";
import { generateBabyJubConstants, loadBabyJubParams } from "./gen/babyjubConstants.js";
import { generateErrorIds } from "./gen/errorIds.js";
import { generateMontgomery } from "./gen/montgomery.js";
import { generateMontgomeryX2 } from "./gen/montgomeryX2.js";
import { generatePoseidonConstants } from "./gen/poseidonConstants.js";
import { generateStateLayout } from "./gen/stateLayout.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const target = process.argv.includes("--target")
  ? process.argv[process.argv.indexOf("--target") + 1]!
  : "release";

function writeIfChanged(path: string, content: string): void {
  const abs = join(root, path);
  if (existsSync(abs) && readFileSync(abs, "utf8") === content) return;
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  console.log(`generated ${path}`);
}

function listFiles(dir: string): string[] {
  const abs = join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const p = join(abs, name);
    return statSync(p).isDirectory() ? listFiles(relative(root, p)) : [relative(root, p)];
  });
}

writeIfChanged("assembly/field/generated/frMontgomery.ts", generateMontgomery(FIELD_MODULUS, "BN254 Fr"));
writeIfChanged("assembly/field/generated/frMontgomeryX2.ts", generateMontgomeryX2(FIELD_MODULUS, "BN254 Fr"));
writeIfChanged("assembly/hash/generated/poseidonConstants.ts", generatePoseidonConstants(FIELD_MODULUS));
writeIfChanged("assembly/generated/errors.ts", generateErrorIds());
writeIfChanged(
  "assembly/curve/generated/babyjubConstants.ts",
  generateBabyJubConstants(FIELD_MODULUS, await loadBabyJubParams()),
);
writeIfChanged("assembly/state/generated/layout.ts", generateStateLayout());

const require = createRequire(import.meta.url);
const ascVersion = (require("assemblyscript/package.json") as { version: string }).version;
const inputs = [...listFiles("assembly"), "asconfig.json"].sort();
const hash = createHash("sha256").update(`asc ${ascVersion} ${target}\n`);
for (const f of inputs) hash.update(`${f}\n`).update(readFileSync(join(root, f)));
const key = hash.digest("hex");

const config = JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")) as {
  targets: Record<string, { outFile: string }>;
};
const outFile = join(root, config.targets[target]!.outFile);
const keyFile = `${outFile}.key`;
if (existsSync(outFile) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key) {
  console.log(`${relative(root, outFile)} is up to date`);
} else {
  const asc = await import("assemblyscript/asc");
  const started = Date.now();
  const { error, stderr } = await asc.main(
    ["assembly/index.ts", "--config", "asconfig.json", "--target", target],
    {
      stdout: process.stdout,
      stderr: process.stderr,
    },
  );
  if (error) {
    console.error(stderr.toString());
    throw error;
  }
  writeFileSync(keyFile, key);
  console.log(
    `built ${relative(root, outFile)} (${target}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
