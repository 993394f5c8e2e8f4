/**
 * `npm run build:dist`: compiles src/ into dist/ with tsc (tsconfig.build.json), the JavaScript the
 * commands (`ghost`, `ghostd`, `ghostplane`) run with plain node.
 *
 * Content-keyed like the WASM build: a hash of every input (src/, the tsconfig files, the lockfile that
 * pins the type packages, the compiler's version) is kept in dist/.key, and tsc only runs when it changes,
 * so `npm run devnet` on a warm tree costs a hash of the sources, not a compile.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const keyFile = join(root, "dist", ".key");

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const require = createRequire(import.meta.url);
const tscVersion = (require("typescript/package.json") as { version: string }).version;
const inputs = [
  ...listFiles(join(root, "src")),
  ...["tsconfig.json", "tsconfig.build.json", "package-lock.json"].map((f) => join(root, f)),
].sort();
const hash = createHash("sha256").update(`tsc ${tscVersion}\n`);
for (const f of inputs) hash.update(`${relative(root, f)}\n`).update(readFileSync(f));
const key = hash.digest("hex");

if (existsSync(keyFile) && readFileSync(keyFile, "utf8") === key) {
  console.log("dist/ is up to date");
} else {
  const started = Date.now();
  // A stale key must not survive a failed or interrupted compile.
  rmSync(keyFile, { force: true });
  const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  writeFileSync(keyFile, key);
  console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
