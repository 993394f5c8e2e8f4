/**
 * The account tree (docs/protocol.md §3.2) in linear memory: a binary Merkle tree of fixed depth over
 * Poseidon(left, right), leaves at level 0, the root at level `depth`.
 *
 * Storage is sparse in the way the protocol makes cheap: accounts are created at consecutive indexes
 * from 0, so the non-empty nodes of each level are a prefix. Level l stores its first `used[l]` nodes
 * (Montgomery form, 36 bytes) in a Chunked array; any node past the prefix is the precomputed empty
 * subtree hash Z[l] (Z[0] = 0, Z[l+1] = Poseidon(Z[l], Z[l])). 1M accounts cost ~2M stored nodes.
 */
import { FR_BYTES, frCopy, frSetZero } from "../field/fr";
import { poseidonMont } from "../hash/poseidon";
import { poseidonMontX2 } from "../hash/poseidonX2";
import { Chunked } from "./chunked";

/** Largest chunk: 4096 nodes (147 KB); upper levels, which never hold that many, get smaller chunks. */
const MAX_SHIFT: u32 = 12;

let depth: i32 = 0;
let levels: StaticArray<Chunked> = new StaticArray<Chunked>(0);
let used: StaticArray<u32> = new StaticArray<u32>(0);
/** Z[0..depth], Montgomery. */
let empty: usize = 0;
const PAIR: usize = memory.data(2 * FR_BYTES);

export function treeDepth(): i32 {
  return depth;
}

/** Sets up an empty tree of depth d (1..32). Called once per instance. */
export function treeInit(d: i32): void {
  depth = d;
  levels = new StaticArray<Chunked>(d + 1);
  used = new StaticArray<u32>(d + 1);
  empty = heap.alloc(<usize>(d + 1) * FR_BYTES);
  frSetZero(empty);
  for (let l = 0; l < d; l++) {
    const z = empty + <usize>l * FR_BYTES;
    frCopy(PAIR, z);
    frCopy(PAIR + FR_BYTES, z);
    poseidonMont(z + FR_BYTES, PAIR, 2);
  }
  for (let l = 0; l <= d; l++) {
    const shift = <u32>min(<i32>MAX_SHIFT, d - l);
    unchecked((levels[l] = new Chunked(FR_BYTES, shift)));
    unchecked((used[l] = 0));
  }
}

@inline export function emptyAt(level: i32): usize {
  return empty + <usize>level * FR_BYTES;
}

/** Nodes stored at a level (the non-empty prefix). */
export function usedAt(level: i32): u32 {
  return unchecked(used[level]);
}

/** Address of node (level, i), Montgomery; an empty subtree's hash past the stored prefix. */
export function nodeAt(level: i32, i: u32): usize {
  if (i >= unchecked(used[level])) return emptyAt(level);
  return unchecked(levels[level]).at(i);
}

/** Address to write node (level, i), extending the stored prefix (filled with Z[level]) if needed. */
export function nodeSlot(level: i32, i: u32): usize {
  const store = unchecked(levels[level]);
  let n = unchecked(used[level]);
  if (i >= n) {
    store.ensure(<u64>i + 1);
    const z = emptyAt(level);
    for (; n < i; n++) frCopy(store.at(n), z);
    unchecked((used[level] = i + 1));
  }
  return store.at(i);
}

/** The root (Montgomery). */
export function rootAt(): usize {
  return nodeAt(depth, 0);
}

/**
 * Rehashes the path of leaf `index` from level `from` up to level `to` (≤ depth): each parent from its
 * two children as they stand. One Poseidon(2) per level.
 */
export function hashPath(index: u32, from: i32, to: i32): void {
  for (let l = from; l < to; l++) {
    const i = index >> <u32>l;
    const left = i & ~1;
    frCopy(PAIR, nodeAt(l, left));
    frCopy(PAIR + FR_BYTES, nodeAt(l, left | 1));
    poseidonMont(nodeSlot(l + 1, i >> 1), PAIR, 2);
  }
}

const PAIR_B: usize = memory.data(2 * FR_BYTES);

/** Rebuilds every stored node above the leaves, level by level: each node hashed once, two at a time. */
export function rebuildAbove(): void {
  for (let l = 0; l < depth; l++) {
    const n = unchecked(used[l]);
    const parents = (n + 1) >> 1;
    let p: u32 = 0;
    for (; p + 1 < parents; p += 2) {
      frCopy(PAIR, nodeAt(l, p << 1));
      frCopy(PAIR + FR_BYTES, nodeAt(l, (p << 1) | 1));
      frCopy(PAIR_B, nodeAt(l, (p + 1) << 1));
      frCopy(PAIR_B + FR_BYTES, nodeAt(l, ((p + 1) << 1) | 1));
      const a = nodeSlot(l + 1, p);
      poseidonMontX2(a, nodeSlot(l + 1, p + 1), PAIR, PAIR_B, 2);
    }
    if (p < parents) {
      frCopy(PAIR, nodeAt(l, p << 1));
      frCopy(PAIR + FR_BYTES, nodeAt(l, (p << 1) | 1));
      poseidonMont(nodeSlot(l + 1, p), PAIR, 2);
    }
  }
}
