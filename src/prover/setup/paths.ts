/**
 * Where the setup finds the project, its compiler and its cache. Everything generated lives under the
 * ignored `.cache/setup/`: one directory per cache key, plus the generator tables.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const NODE_MODULES = join(PROJECT_ROOT, "node_modules");
export const DEFAULT_CACHE_DIR = join(PROJECT_ROOT, ".cache", "setup");

export function compilerVersion(): string {
  return (
    JSON.parse(readFileSync(join(NODE_MODULES, "circom2", "package.json"), "utf8")) as { version: string }
  ).version;
}
