/**
 * `npm run build:dist`: compiles src/ into dist/ with tsc (tsconfig.build.json), the JavaScript the
 * commands (`ghost`, `ghostd`, `ghostplane`) run with plain node.
 *
 * Content-keyed like the WASM build (scripts/build/sourceKeys.ts): a hash of every input (src/, the tsconfig
 * files, the lockfile that pins the compiler and the type packages) is kept in dist/.key, and tsc only runs
 * when it changes, so `npm run devnet` on a warm tree costs a hash of the sources, not a compile.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { DIST_KEY_FILE, distIsCurrent, distSourceKey, PROJECT_ROOT } from "./sourceKeys.js";

if (distIsCurrent()) {
  console.log("dist/ is up to date");
} else {
  const key = distSourceKey();
  const started = Date.now();
  // A stale key must not survive a failed or interrupted compile.
  rmSync(DIST_KEY_FILE, { force: true });
  const require = createRequire(import.meta.url);
  const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", join(PROJECT_ROOT, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  writeFileSync(DIST_KEY_FILE, key);
  console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
