/**
 * The LevelDB adapter (classic-level): thin on purpose. Keys and values are raw bytes; a batch is one
 * LevelDB write batch, synced to disk when asked.
 */
import { ClassicLevel } from "classic-level";
import { GhostError } from "../protocol/errors.js";
import type { DbOp, KvRange, KvStore } from "./kvStore.js";

export async function openLevelStore(path: string): Promise<KvStore> {
  if (typeof path !== "string" || path.length === 0) {
    throw new GhostError("WASM_BAD_ARGUMENT", '"path" expected a directory path');
  }
  const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: "view", valueEncoding: "view" });
  await db.open();
  let closed: Promise<void> | undefined;
  return {
    async get(key) {
      return (await db.get(key)) ?? undefined;
    },
    async *entries(range: KvRange = {}) {
      const options = { ...(range.gte ? { gte: range.gte } : {}), ...(range.lt ? { lt: range.lt } : {}) };
      for await (const entry of db.iterator(options)) yield entry;
    },
    async batch(ops: readonly DbOp[], options = {}) {
      if (ops.length === 0) return;
      await db.batch(ops as DbOp[], { sync: options.sync ?? true });
    },
    close() {
      closed ??= db.close();
      return closed;
    },
  };
}
