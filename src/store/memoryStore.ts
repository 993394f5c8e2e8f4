/**
 * An in-memory KvStore for tests where durability is not what is tested: the same ordering and batch
 * semantics as the LevelDB adapter, nothing on disk.
 */
import type { DbOp, KvRange, KvStore } from "./kvStore.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export function memoryStore(): KvStore {
  const map = new Map<string, Uint8Array>();
  return {
    async get(key) {
      return map.get(hex(key));
    },
    async *entries(range: KvRange = {}) {
      const gte = range.gte ? hex(range.gte) : undefined;
      const lt = range.lt ? hex(range.lt) : undefined;
      // Hex strings of bytes sort as the bytes do.
      const keys = [...map.keys()].filter(
        (k) => (gte === undefined || k >= gte) && (lt === undefined || k < lt),
      );
      for (const k of keys.sort()) yield [Uint8Array.from(Buffer.from(k, "hex")), map.get(k)!];
    },
    async batch(ops: readonly DbOp[]) {
      for (const op of ops) {
        if (op.type === "put") map.set(hex(op.key), Uint8Array.from(op.value));
        else map.delete(hex(op.key));
      }
    },
    async close() {},
  };
}
