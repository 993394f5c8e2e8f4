/**
 * The cache key of a circuit's setup artifacts: a hash of the circuit's source and of every file it
 * includes (resolved as circom does with `-l node_modules`) and of the parameters (setup mode, compiler
 * version, artifact format). Any change to any of them gives a new key, so a stale artifact is never picked up.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const INCLUDE = /^\s*include\s+"([^"]+)"\s*;/gm;

/** The main file and every file it includes, transitively, as absolute paths in a stable order. */
export function circuitSources(mainFile: string, libDirs: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(INCLUDE)) {
      const spec = m[1]!;
      const candidates = [resolve(dirname(file), spec), ...libDirs.map((d) => resolve(d, spec))];
      const found = candidates.find((c) => existsSync(c));
      // A missing include is left for the compiler to report with its own message.
      if (found) visit(found);
    }
  };
  visit(resolve(mainFile));
  return [...seen];
}

export function circuitKey(mainFile: string, libDirs: string[], params: Record<string, unknown>): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(params));
  for (const file of circuitSources(mainFile, libDirs)) {
    h.update("\0file\0");
    h.update(readFileSync(file));
  }
  return h.digest("hex").slice(0, 32);
}
