/**
 * The bucketed state root of docs/l1.md §5.1, kept incrementally:
 *
 *   leaf(key, value) = SHA3(u32 len(key) ‖ key ‖ value)
 *   bucket b         = the entries whose SHA3(key)[0] = b, in increasing key order
 *   bucketHash(b)    = SHA3(leaf ‖ leaf ‖ …)           (SHA3 of nothing when empty)
 *   stateRoot        = SHA3(bucketHash(0) ‖ … ‖ bucketHash(255))
 *
 * A change recomputes one leaf and marks its bucket; the root rehashes only marked buckets, so a block
 * touching a few accounts costs a few buckets, not the whole state.
 */
import { sha3 } from "../encoding/index.js";

export const BUCKETS = 256;

export function bucketOf(key: Uint8Array): number {
  return sha3(key)[0]!;
}

export function entryLeaf(key: Uint8Array, value: Uint8Array): Uint8Array {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, key.length);
  return sha3(len, key, value);
}

export class BucketRoot {
  /** Per bucket: hex key → leaf. */
  private readonly leaves: Map<string, Uint8Array>[] = Array.from({ length: BUCKETS }, () => new Map());
  private readonly hashes: Uint8Array[] = Array.from({ length: BUCKETS }, () => sha3());
  private readonly dirty = new Set<number>();
  private cached: Uint8Array | undefined;

  set(hexKey: string, key: Uint8Array, value: Uint8Array | undefined): void {
    const b = bucketOf(key);
    if (value === undefined) this.leaves[b]!.delete(hexKey);
    else this.leaves[b]!.set(hexKey, entryLeaf(key, value));
    this.dirty.add(b);
    this.cached = undefined;
  }

  root(): Uint8Array {
    if (this.cached !== undefined) return this.cached;
    for (const b of this.dirty) {
      const bucket = this.leaves[b]!;
      const keys = [...bucket.keys()].sort();
      this.hashes[b] = sha3(...keys.map((k) => bucket.get(k)!));
    }
    this.dirty.clear();
    this.cached = sha3(...this.hashes);
    return this.cached;
  }
}
