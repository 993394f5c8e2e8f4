/**
 * The content keys of the two builds a node needs, computed without running either: a hash of every
 * input, kept beside the output, so "is it current?" costs reading the sources (tens of milliseconds)
 * and `npm run devnet` asks it in-process before starting any build.
 *
 * - The WASM modules' inputs (WASM_MODULES: ghost.wasm, the node's core, and groth16.wasm, the
 *   prover's curve arithmetic, each from its own folder of assembly/ and its own asconfig): the module's
 *   sources (its generated/ folders are outputs), the generators in scripts/build/, everything of src/
 *   they read (src/protocol/, src/bridge/layout/), the lockfile (assemblyscript's and circomlibjs'
 *   versions) and the target. A superset of what the output depends on: an unrelated change rebuilds,
 *   a relevant one is never missed.
 * - dist/'s: src/, the tsconfig files, the lockfile (the compiler and the type packages).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");

export function listFiles(dir: string, skip: (name: string) => boolean): string[] {
  const abs = join(PROJECT_ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    if (skip(name)) return [];
    const p = join(abs, name);
    return statSync(p).isDirectory()
      ? listFiles(relative(PROJECT_ROOT, p), skip)
      : [relative(PROJECT_ROOT, p)];
  });
}

export function hashFiles(header: string, files: readonly string[]): string {
  const hash = createHash("sha256").update(`${header}\n`);
  for (const f of [...files].sort()) hash.update(`${f}\n`).update(readFileSync(join(PROJECT_ROOT, f)));
  return hash.digest("hex");
}

const none = () => false;

/**
 * The WASM modules built from assembly/: each has its own entry, asconfig and source folders. ghost.wasm's
 * sources are assembly/ without the folders of the other modules, so that they never rebuild it;
 * groth16.wasm's are its folder and what it imports from outside it (assembly/field/: Fr for the NTT),
 * with that folder's generated files, which ghost.wasm's build writes first (WASM_MODULE_NAMES order).
 */
export const WASM_MODULES = {
  ghost: {
    config: "asconfig.json",
    entry: "assembly/index.ts",
    dirs: ["assembly"],
    exclude: ["assembly/groth16"],
  },
  groth16: {
    config: "asconfig.groth16.json",
    entry: "assembly/groth16/index.ts",
    dirs: ["assembly/groth16", "assembly/field"],
    exclude: [] as string[],
  },
} as const;

export type WasmModule = keyof typeof WASM_MODULES;
export const WASM_MODULE_NAMES = Object.keys(WASM_MODULES) as WasmModule[];

/** The files of a module's source folders; `withGenerated` includes the generators' outputs. */
export function wasmSources(module: WasmModule, withGenerated: boolean): string[] {
  const { dirs, exclude } = WASM_MODULES[module];
  return dirs
    .flatMap((dir) => listFiles(dir, (name) => !withGenerated && name === "generated"))
    .filter((f) => !exclude.some((e) => f === e || f.startsWith(`${e}/`)));
}

export function wasmOutFile(target: string, module: WasmModule = "ghost"): string {
  const configFile = WASM_MODULES[module].config;
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, configFile), "utf8")) as {
    targets: Record<string, { outFile: string }>;
  };
  const t = config.targets[target];
  if (t === undefined) throw new Error(`${configFile} has no target "${target}"`);
  return join(PROJECT_ROOT, t.outFile);
}

export function wasmSourceKey(target: string, module: WasmModule = "ghost"): string {
  // ghost.wasm's header stays "wasm <target>": its key did not change when groth16.wasm was added.
  return hashFiles(module === "ghost" ? `wasm ${target}` : `wasm ${module} ${target}`, [
    ...wasmSources(module, false),
    ...listFiles("scripts/build", none),
    ...listFiles("src/protocol", none),
    ...listFiles("src/bridge/layout", none),
    WASM_MODULES[module].config,
    "package-lock.json",
  ]);
}

export const DIST_KEY_FILE = join(PROJECT_ROOT, "dist", ".key");

export function distSourceKey(): string {
  return hashFiles("dist", [
    ...listFiles("src", none),
    "tsconfig.json",
    "tsconfig.build.json",
    "package-lock.json",
  ]);
}

/** True when `keyFile` holds `key` (and the output it describes exists). */
export function isCurrent(output: string, keyFile: string, key: string): boolean {
  return existsSync(output) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key;
}

export const wasmKeyFile = (target: string, module: WasmModule = "ghost") =>
  `${wasmOutFile(target, module)}.sources`;

export const wasmModuleIsCurrent = (target: string, module: WasmModule) =>
  isCurrent(wasmOutFile(target, module), wasmKeyFile(target, module), wasmSourceKey(target, module));

/** True when every WASM module of `target` is current. */
export const wasmIsCurrent = (target = "release") =>
  WASM_MODULE_NAMES.every((module) => wasmModuleIsCurrent(target, module));

export const distIsCurrent = () =>
  isCurrent(join(PROJECT_ROOT, "dist", "cli", "ghost.js"), DIST_KEY_FILE, distSourceKey());
