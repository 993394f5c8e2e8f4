/**
 * The storage interface both nodes are written against: a byte-keyed map read one key or one range at a
 * time and written only in atomic batches. A block (ghostd) or a group of acknowledged txs (the
 * sequencer) is one batch, so a crash never leaves half of one on disk.
 */

export type DbOp =
  | { readonly type: "put"; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: "del"; readonly key: Uint8Array };

export interface KvRange {
  /** Inclusive lower bound. */
  readonly gte?: Uint8Array;
  /** Exclusive upper bound. */
  readonly lt?: Uint8Array;
}

export interface KvStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Entries in increasing key order within the range. */
  entries(range?: KvRange): AsyncIterable<[Uint8Array, Uint8Array]>;
  /** All ops or none. `sync` waits until the write is on disk (fsync), as acknowledging requires. */
  batch(ops: readonly DbOp[], options?: { sync?: boolean }): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** The range of every key that starts with `prefix`. */
export function prefixRange(prefix: Uint8Array): KvRange {
  const lt = Uint8Array.from(prefix);
  for (let i = lt.length - 1; i >= 0; i--) {
    if (lt[i]! < 0xff) {
      lt[i]! += 1;
      return { gte: prefix, lt: lt.subarray(0, i + 1) };
    }
  }
  return { gte: prefix };
}
