/**
 * The L1 state as a set of (key, value) byte entries held in memory (docs/l1.md §5.1): exactly what the
 * node stores in LevelDB, with
 *
 * - checkpoint / commit / revert (a journal per checkpoint: a failing transaction's changes are undone,
 *   as ethereumjs' runTx does);
 * - the changes since a mark as DBOps, so the node writes a block in one LevelDB batch;
 * - the bucketed state root, rehashed incrementally;
 * - prefix scans in key order.
 *
 * Keys are held as lowercase hex strings (hex order is byte order). Values are never mutated in place: a
 * caller that changes an entry puts new bytes.
 */
import { bytesEqual, fromHex, toHex } from "../encoding/index.js";
import { BucketRoot } from "./bucketRoot.js";
import { SortedKeys } from "./sortedKeys.js";

/** One change for the node's LevelDB batch (the shape of abstract-level's batch operations). */
export type DBOp =
  | { readonly type: "put"; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: "del"; readonly key: Uint8Array };

type Journal = Map<string, Uint8Array | undefined>;

export class KvState {
  private readonly values = new Map<string, Uint8Array>();
  private readonly sorted = new SortedKeys();
  private readonly buckets = new BucketRoot();
  private readonly journals: Journal[] = [];
  /** Values at the last mark of the keys changed since (undefined: absent at the mark). */
  private marked: Journal = new Map();

  /** A state holding these entries (what the node loads from LevelDB at start), with a mark set. */
  static fromEntries(entries: Iterable<readonly [Uint8Array, Uint8Array]>): KvState {
    const s = new KvState();
    for (const [k, v] of entries) s.write(toHex(k), v);
    return s;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.values.get(toHex(key));
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.change(toHex(key), value);
  }

  del(key: Uint8Array): void {
    const hex = toHex(key);
    if (this.values.has(hex)) this.change(hex, undefined);
  }

  /** Entries whose key starts with `prefix`, in increasing key order. */
  scan(prefix: Uint8Array): [Uint8Array, Uint8Array][] {
    return this.sorted.withPrefix(toHex(prefix)).map((k) => [fromHex(k), this.values.get(k)!]);
  }

  /** Every entry in key order. */
  entries(): [Uint8Array, Uint8Array][] {
    return this.scan(new Uint8Array());
  }

  get size(): number {
    return this.values.size;
  }

  /** The state root of §5.1. */
  root(): Uint8Array {
    return this.buckets.root();
  }

  checkpoint(): void {
    this.journals.push(new Map());
  }

  /** Keeps the changes since the last checkpoint (they join the enclosing one, if any). */
  commit(): void {
    const j = this.journals.pop();
    if (j === undefined) throw new Error("KvState.commit without checkpoint");
    const parent = this.journals[this.journals.length - 1];
    if (parent === undefined) return;
    for (const [k, v] of j) if (!parent.has(k)) parent.set(k, v);
  }

  /** Undoes every change since the last checkpoint. */
  revert(): void {
    const j = this.journals.pop();
    if (j === undefined) throw new Error("KvState.revert without checkpoint");
    for (const [k, v] of j) this.write(k, v);
  }

  get depth(): number {
    return this.journals.length;
  }

  /** Starts collecting changes afresh (after the node has written the previous ones). */
  mark(): void {
    this.marked = new Map();
  }

  /** The changes since the mark, in key order; entries changed and changed back are left out. */
  ops(): DBOp[] {
    const out: DBOp[] = [];
    for (const k of [...this.marked.keys()].sort()) {
      const before = this.marked.get(k);
      const now = this.values.get(k);
      if (now === undefined) {
        if (before !== undefined) out.push({ type: "del", key: fromHex(k) });
      } else if (before === undefined || !bytesEqual(before, now)) {
        out.push({ type: "put", key: fromHex(k), value: now });
      }
    }
    return out;
  }

  private change(hex: string, value: Uint8Array | undefined): void {
    const old = this.values.get(hex);
    const j = this.journals[this.journals.length - 1];
    if (j !== undefined && !j.has(hex)) j.set(hex, old);
    if (!this.marked.has(hex)) this.marked.set(hex, old);
    this.write(hex, value);
  }

  private write(hex: string, value: Uint8Array | undefined): void {
    if (value === undefined) {
      this.values.delete(hex);
      this.sorted.delete(hex);
    } else {
      if (!this.values.has(hex)) this.sorted.add(hex);
      this.values.set(hex, value);
    }
    this.buckets.set(hex, fromHex(hex), value);
  }
}
