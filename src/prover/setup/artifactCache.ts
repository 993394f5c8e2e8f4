/**
 * A directory of setup artifacts per cache key, with a meta.json listing every file and its size.
 * An entry is used only if its key and format match and every file is complete; anything else is
 * deleted and rebuilt. Entries are built in a temporary directory and renamed into place, so an
 * interrupted build never looks complete.
 */
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/** Bump when the layout or content of an entry changes: older entries are then rebuilt. */
export const CACHE_FORMAT = 1;

export interface CacheMeta {
  format: number;
  key: string;
  /** File name (inside the entry) → size in bytes. */
  files: Record<string, number>;
  [extra: string]: unknown;
}

function isValid(dir: string, key: string): CacheMeta | undefined {
  const metaFile = join(dir, "meta.json");
  if (!existsSync(metaFile)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as CacheMeta;
    if (meta.format !== CACHE_FORMAT || meta.key !== key) return undefined;
    for (const [name, size] of Object.entries(meta.files)) {
      const f = join(dir, name);
      if (!existsSync(f) || statSync(f).size !== size) return undefined;
    }
    return meta;
  } catch {
    return undefined;
  }
}

/** Deletes every complete entry other than `keep` that `match` selects. */
function prune(root: string, keep: string, match: (meta: CacheMeta) => boolean): void {
  for (const name of readdirSync(root)) {
    if (name === keep || name.includes(".tmp-")) continue;
    const metaFile = join(root, name, "meta.json");
    if (!existsSync(metaFile)) continue;
    try {
      if (match(JSON.parse(readFileSync(metaFile, "utf8")) as CacheMeta)) {
        rmSync(join(root, name), { recursive: true, force: true });
      }
    } catch {
      // an unreadable entry is not ours to judge
    }
  }
}

/**
 * Returns the entry for `key`, building it with `build(tmpDir)` if missing or stale. `build` writes
 * its files into tmpDir and returns the extra metadata; sizes are recorded here.
 */
export async function cachedEntry(
  root: string,
  key: string,
  build: (dir: string) => Promise<Record<string, unknown>>,
  options: {
    force?: boolean;
    /** Entries a fresh build replaces (e.g. the same circuit before its source changed): deleted after it. */
    supersedes?: (meta: CacheMeta) => boolean;
  } = {},
): Promise<{ dir: string; meta: CacheMeta; cached: boolean }> {
  const dir = join(root, key);
  if (!options.force) {
    const meta = isValid(dir, key);
    if (meta) return { dir, meta, cached: true };
  }
  const tmp = join(root, `${key}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const extra = await build(tmp);
    const files: Record<string, number> = {};
    const walk = (rel: string): void => {
      const p = join(tmp, rel);
      if (statSync(p).isDirectory()) {
        for (const name of readdirSync(p).sort()) walk(rel ? join(rel, name) : name);
      } else files[rel] = statSync(p).size;
    };
    walk("");
    const meta: CacheMeta = { format: CACHE_FORMAT, key, files, ...extra };
    writeFileSync(join(tmp, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
    // Another process (e.g. a parallel test file) may have finished the same entry meanwhile: keep
    // theirs rather than delete files under a reader's feet.
    const theirs = options.force ? undefined : isValid(dir, key);
    if (theirs) {
      rmSync(tmp, { recursive: true, force: true });
      return { dir, meta: theirs, cached: false };
    }
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(tmp, dir);
    } catch (e) {
      const raced = isValid(dir, key);
      if (!raced) throw e;
      rmSync(tmp, { recursive: true, force: true });
      return { dir, meta: raced, cached: false };
    }
    if (options.supersedes) prune(root, key, options.supersedes);
    return { dir, meta, cached: false };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
