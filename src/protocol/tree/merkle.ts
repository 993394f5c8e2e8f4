/**
 * The account tree: a fixed-depth binary Merkle tree over Poseidon(left, right), keyed by account index
 * (docs/protocol.md §3.2). Bit i of the index (LSB first) says whether the path at level i goes right.
 *
 * Only non-empty nodes are stored, keyed "level:index"; a missing node is the empty-subtree hash of its
 * level: Z[0] = 0, Z[i+1] = Poseidon(Z[i], Z[i]).
 */
import { poseidon } from "../crypto/index.js";
import { EMPTY_LEAF } from "./accountLeaf.js";

export type TreeNodes = ReadonlyMap<string, bigint>;

const emptyCache: bigint[] = [EMPTY_LEAF];

function emptyAt(level: number): bigint {
  while (emptyCache.length <= level) {
    const z = emptyCache[emptyCache.length - 1]!;
    emptyCache.push(poseidon([z, z]));
  }
  return emptyCache[level]!;
}

/** Z[0..depth]: the hash of an empty subtree of each height. */
export function emptySubtreeHashes(depth: number): readonly bigint[] {
  emptyAt(depth);
  return emptyCache.slice(0, depth + 1);
}

function node(nodes: TreeNodes, level: number, index: number): bigint {
  return nodes.get(`${level}:${index}`) ?? emptyAt(level);
}

export function treeRoot(nodes: TreeNodes, depth: number): bigint {
  return node(nodes, depth, 0);
}

/** A copy of `nodes` with leaf `index` set to `leaf` and its path rehashed: depth Poseidon(2) calls. */
export function setLeaf(nodes: TreeNodes, depth: number, index: number, leaf: bigint): TreeNodes {
  const out = new Map(nodes);
  let h = leaf;
  let i = index;
  out.set(`0:${i}`, h);
  for (let level = 0; level < depth; level++) {
    const sibling = node(out, level, i ^ 1);
    h = i % 2 === 0 ? poseidon([h, sibling]) : poseidon([sibling, h]);
    i = Math.floor(i / 2);
    out.set(`${level + 1}:${i}`, h);
  }
  return out;
}

export interface MerkleProof {
  readonly index: number;
  readonly leaf: bigint;
  /** Sibling hashes from the leaf level up to just below the root. */
  readonly siblings: readonly bigint[];
}

export function merkleProof(nodes: TreeNodes, depth: number, index: number): MerkleProof {
  const siblings: bigint[] = [];
  let i = index;
  for (let level = 0; level < depth; level++) {
    siblings.push(node(nodes, level, i ^ 1));
    i = Math.floor(i / 2);
  }
  return { index, leaf: node(nodes, 0, index), siblings };
}

/** The root a proof implies; compare it with a known root to verify the proof. */
export function rootFromProof(proof: MerkleProof): bigint {
  let h = proof.leaf;
  let i = proof.index;
  for (const sibling of proof.siblings) {
    h = i % 2 === 0 ? poseidon([h, sibling]) : poseidon([sibling, h]);
    i = Math.floor(i / 2);
  }
  return h;
}

export function verifyMerkleProof(root: bigint, proof: MerkleProof): boolean {
  return rootFromProof(proof) === root;
}
