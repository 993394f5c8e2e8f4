/**
 * The content keys of the two builds a node needs, computed without running either: a hash of every
 * input, kept beside the output, so "is it current?" costs reading the sources (tens of milliseconds)
 * and `npm run devnet` asks it in-process before starting any build.
 *
 * - The WASM core's inputs: assembly/ (its generated/ folders are outputs), the generators in
 *   scripts/build/, everything of src/ they read (src/protocol/, src/bridge/layout/), asconfig.json, the
 *   lockfile (assemblyscript's and circomlibjs' versions) and the target. A superset of what the output
 *   depends on: an unrelated change rebuilds, a relevant one is never missed.
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

export function wasmOutFile(target: string): string {
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, "asconfig.json"), "utf8")) as {
    targets: Record<string, { outFile: string }>;
  };
  const t = config.targets[target];
  if (t === undefined) throw new Error(`asconfig.json has no target "${target}"`);
  return join(PROJECT_ROOT, t.outFile);
}

export function wasmSourceKey(target: string): string {
  return hashFiles(`wasm ${target}`, [
    ...listFiles("assembly", (name) => name === "generated"),
    ...listFiles("scripts/build", none),
    ...listFiles("src/protocol", none),
    ...listFiles("src/bridge/layout", none),
    "asconfig.json",
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

export const wasmKeyFile = (target: string) => `${wasmOutFile(target)}.sources`;

export const wasmIsCurrent = (target = "release") =>
  isCurrent(wasmOutFile(target), wasmKeyFile(target), wasmSourceKey(target));

export const distIsCurrent = () =>
  isCurrent(join(PROJECT_ROOT, "dist", "cli", "ghost.js"), DIST_KEY_FILE, distSourceKey());
