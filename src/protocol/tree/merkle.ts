/**
 * The account tree: a fixed-depth 4-ary Merkle tree over Poseidon(c0, c1, c2, c3), keyed by account
 * index (docs/protocol.md §3.2). The chain's depth D counts index bits; the tree has D/2 levels of
 * nodes above the leaves, and bits 2i, 2i+1 of the index (LSB first) give the position (0..3) of the
 * path's node among its parent's four children at level i.
 *
 * Only non-empty nodes are stored, keyed "level:index"; a missing node is the empty-subtree hash of its
 * level: Z[0] = 0, Z[i+1] = Poseidon(Z[i], Z[i], Z[i], Z[i]).
 */
import { MAX_TREE_DEPTH, MIN_TREE_DEPTH } from "../constants.js";
import { poseidon } from "../crypto/index.js";
import { EMPTY_LEAF } from "./accountLeaf.js";

export type TreeNodes = ReadonlyMap<string, bigint>;

/** Children per node. */
export const TREE_ARITY = 4;
/** Siblings per level of a Merkle proof: the node's three co-children. */
export const SIBLINGS_PER_LEVEL = TREE_ARITY - 1;

/** True for a valid chain depth: an even number of index bits in [MIN_TREE_DEPTH, MAX_TREE_DEPTH]. */
export function isTreeDepth(depth: unknown): depth is number {
  return (
    typeof depth === "number" &&
    Number.isInteger(depth) &&
    depth % 2 === 0 &&
    depth >= MIN_TREE_DEPTH &&
    depth <= MAX_TREE_DEPTH
  );
}

/** Node levels above the leaves of a tree of `depth` index bits. */
export function treeLevels(depth: number): number {
  return depth / 2;
}

const emptyCache: bigint[] = [EMPTY_LEAF];

function emptyAt(level: number): bigint {
  while (emptyCache.length <= level) {
    const z = emptyCache[emptyCache.length - 1]!;
    emptyCache.push(poseidon([z, z, z, z]));
  }
  return emptyCache[level]!;
}

/** Z[0..levels]: the hash of an empty subtree of each height. */
export function emptySubtreeHashes(levels: number): readonly bigint[] {
  emptyAt(levels);
  return emptyCache.slice(0, levels + 1);
}

function node(nodes: TreeNodes, level: number, index: number): bigint {
  return nodes.get(`${level}:${index}`) ?? emptyAt(level);
}

export function treeRoot(nodes: TreeNodes, depth: number): bigint {
  return node(nodes, treeLevels(depth), 0);
}

/** The four children of the parent of node `index` at `level`, with `value` at that node's place. */
function children(nodes: TreeNodes, level: number, index: number, value: bigint): bigint[] {
  const first = index - (index % TREE_ARITY);
  return Array.from({ length: TREE_ARITY }, (_, k) =>
    first + k === index ? value : node(nodes, level, first + k),
  );
}

/** A copy of `nodes` with leaf `index` set to `leaf` and its path rehashed: depth/2 Poseidon(4) calls. */
export function setLeaf(nodes: TreeNodes, depth: number, index: number, leaf: bigint): TreeNodes {
  const out = new Map(nodes);
  let h = leaf;
  let i = index;
  out.set(`0:${i}`, h);
  for (let level = 0; level < treeLevels(depth); level++) {
    h = poseidon(children(out, level, i, h));
    i = Math.floor(i / TREE_ARITY);
    out.set(`${level + 1}:${i}`, h);
  }
  return out;
}

export interface MerkleProof {
  readonly index: number;
  readonly leaf: bigint;
  /**
   * From the leaf level up, SIBLINGS_PER_LEVEL hashes per level: the path node's pair-mate (position
   * p XOR 1), then the two children of the other pair in position order. (Children 0, 1 and 2, 3 form
   * the pairs; this order lets the circuit place the node with one selection per index bit.)
   */
  readonly siblings: readonly bigint[];
}

/** The positions of a node's proof siblings, for its position p among four children. */
function siblingPositions(p: number): readonly [number, number, number] {
  const other = (p & 2) ^ 2;
  return [p ^ 1, other, other + 1];
}

export function merkleProof(nodes: TreeNodes, depth: number, index: number): MerkleProof {
  const siblings: bigint[] = [];
  let i = index;
  for (let level = 0; level < treeLevels(depth); level++) {
    const first = i - (i % TREE_ARITY);
    for (const k of siblingPositions(i % TREE_ARITY)) siblings.push(node(nodes, level, first + k));
    i = Math.floor(i / TREE_ARITY);
  }
  return { index, leaf: node(nodes, 0, index), siblings };
}

/** The root a proof implies; compare it with a known root to verify the proof. */
export function rootFromProof(proof: MerkleProof): bigint {
  let h = proof.leaf;
  let i = proof.index;
  for (let at = 0; at < proof.siblings.length; at += SIBLINGS_PER_LEVEL) {
    const p = i % TREE_ARITY;
    const kids = new Array<bigint>(TREE_ARITY);
    kids[p] = h;
    siblingPositions(p).forEach((k, j) => {
      kids[k] = proof.siblings[at + j]!;
    });
    h = poseidon(kids);
    i = Math.floor(i / TREE_ARITY);
  }
  return h;
}

export function verifyMerkleProof(root: bigint, proof: MerkleProof): boolean {
  return rootFromProof(proof) === root;
}
