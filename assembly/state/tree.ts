/**
 * The account tree (docs/protocol.md §3.2) in linear memory: a 4-ary Merkle tree over
 * Poseidon(c0, c1, c2, c3). The chain's depth counts index bits; the tree has depth/2 node levels,
 * leaves at level 0 and the root at level `levels`. Bits 2l and 2l + 1 of a leaf's index give its
 * path's position among four children at level l.
 *
 * Storage is sparse in the way the protocol makes cheap: accounts are created at consecutive indexes
 * from 0, so the non-empty nodes of each level are a prefix. Level l stores its first `used[l]` nodes
 * (Montgomery form, 36 bytes) in a Chunked array; any node past the prefix is the precomputed empty
 * subtree hash Z[l] (Z[0] = 0, Z[l+1] = Poseidon(Z[l], Z[l], Z[l], Z[l])). 1M accounts cost ~1.33M
 * stored nodes.
 */
import { FR_BYTES, frCopy, frSetZero, frToBytes } from "../field/fr";
import { poseidonMont } from "../hash/poseidon";
import { poseidonMontX2 } from "../hash/poseidonX2";
import { Chunked } from "./chunked";

export const ARITY: i32 = 4;
/** Co-children recorded per level of a path (its Merkle proof). */
export const SIBLINGS_PER_LEVEL: i32 = ARITY - 1;
/** Largest chunk: 4096 nodes (147 KB); upper levels, which never hold that many, get smaller chunks. */
const MAX_SHIFT: i32 = 12;

let depth: i32 = 0;
let levels: i32 = 0;
let stores: StaticArray<Chunked> = new StaticArray<Chunked>(0);
let used: StaticArray<u32> = new StaticArray<u32>(0);
/** Z[0..levels], Montgomery. */
let empty: usize = 0;
const KIDS: usize = memory.data(ARITY * FR_BYTES);
const KIDS_B: usize = memory.data(ARITY * FR_BYTES);

/** Index bits (the chain's depth). */
export function treeDepth(): i32 {
  return depth;
}

/** Node levels above the leaves: depth / 2. */
export function treeLevels(): i32 {
  return levels;
}

/** Sets up an empty tree of d index bits (even, 2..32). Called once per instance. */
export function treeInit(d: i32): void {
  depth = d;
  levels = d >> 1;
  stores = new StaticArray<Chunked>(levels + 1);
  used = new StaticArray<u32>(levels + 1);
  empty = heap.alloc(<usize>(levels + 1) * FR_BYTES);
  frSetZero(empty);
  for (let l = 0; l < levels; l++) {
    const z = empty + <usize>l * FR_BYTES;
    for (let k = 0; k < ARITY; k++) frCopy(KIDS + <usize>(k * FR_BYTES), z);
    poseidonMont(z + FR_BYTES, KIDS, ARITY);
  }
  for (let l = 0; l <= levels; l++) {
    // Level l holds at most 4^(levels − l) nodes.
    const shift = <u32>min(MAX_SHIFT, 2 * (levels - l));
    unchecked((stores[l] = new Chunked(FR_BYTES, shift)));
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
  return unchecked(stores[level]).at(i);
}

/** Address to write node (level, i), extending the stored prefix (filled with Z[level]) if needed. */
export function nodeSlot(level: i32, i: u32): usize {
  const store = unchecked(stores[level]);
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
  return nodeAt(levels, 0);
}

/** Copies the four children of the parent of node (level, i) to `to`, in position order. */
function gather(to: usize, level: i32, i: u32): void {
  const first = i & ~(<u32>(ARITY - 1));
  for (let k = 0; k < ARITY; k++) frCopy(to + <usize>(k * FR_BYTES), nodeAt(level, first + <u32>k));
}

/** Node of leaf `index`'s path at `level`. */
@inline export function pathNode(index: u32, level: i32): u32 {
  return <u32>(<u64>index >> <u64>(2 * level));
}

/**
 * Rehashes the path of leaf `index` from level `from` up to level `to` (≤ levels): each parent from its
 * four children as they stand. One Poseidon(4) per level.
 */
export function hashPath(index: u32, from: i32, to: i32): void {
  for (let l = from; l < to; l++) {
    const i = pathNode(index, l);
    gather(KIDS, l, i);
    poseidonMont(nodeSlot(l + 1, i >> 2), KIDS, ARITY);
  }
}

/**
 * Rehashes the paths of leaves a and b from level `from` up to level `to`, where they are disjoint
 * (their parents differ below `to`): the two parents of each level in one two-lane SIMD pass.
 */
export function hashPathsX2(a: u32, b: u32, from: i32, to: i32): void {
  for (let l = from; l < to; l++) {
    const ia = pathNode(a, l);
    const ib = pathNode(b, l);
    gather(KIDS, l, ia);
    gather(KIDS_B, l, ib);
    const pa = nodeSlot(l + 1, ia >> 2);
    poseidonMontX2(pa, nodeSlot(l + 1, ib >> 2), KIDS, KIDS_B, ARITY);
  }
}

/**
 * Writes leaf `index`'s siblings at `level` as 32-byte canonical elements, in the protocol's order
 * (src/protocol/tree/merkle.ts): the path node's pair-mate, then the other pair's two children.
 */
export function levelSiblingsToBytes(out: usize, index: u32, level: i32): void {
  const i = pathNode(index, level);
  const first = i & ~(<u32>(ARITY - 1));
  const p = i & <u32>(ARITY - 1);
  const other = (p & 2) ^ 2;
  frToBytes(out, nodeAt(level, first + (p ^ 1)));
  frToBytes(out + 32, nodeAt(level, first + other));
  frToBytes(out + 64, nodeAt(level, first + other + 1));
}

/** Writes leaf `index`'s Merkle proof siblings, SIBLINGS_PER_LEVEL per level from the leaves up. */
export function siblingsToBytes(out: usize, index: u32): void {
  for (let l = 0; l < levels; l++) levelSiblingsToBytes(out + <usize>(l * SIBLINGS_PER_LEVEL * 32), index, l);
}

/** Rebuilds every stored node above the leaves, level by level: each node hashed once, two at a time. */
export function rebuildAbove(): void {
  for (let l = 0; l < levels; l++) {
    const n = unchecked(used[l]);
    const parents = (n + <u32>(ARITY - 1)) >> 2;
    let p: u32 = 0;
    for (; p + 1 < parents; p += 2) {
      gather(KIDS, l, p << 2);
      gather(KIDS_B, l, (p + 1) << 2);
      const a = nodeSlot(l + 1, p);
      poseidonMontX2(a, nodeSlot(l + 1, p + 1), KIDS, KIDS_B, ARITY);
    }
    if (p < parents) {
      gather(KIDS, l, p << 2);
      poseidonMont(nodeSlot(l + 1, p), KIDS, ARITY);
    }
  }
}
