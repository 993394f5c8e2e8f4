/**
 * tests/vectors/merkle.json: Merkle proofs of the 4-ary account tree (docs/protocol.md §3.2) at two depths:
 * the 3·D/2 siblings of a few accounts (first, last, in other subtrees, and an empty leaf), the root they
 * imply, and proofs with one wrong sibling or a wrong index that must not verify.
 */
import {
  type Account,
  createGenesis,
  l2KeyFromSeed,
  type MerkleProof,
  merkleProof,
  stateRoot,
  verifyMerkleProof,
} from "../../src/protocol/index.js";
import { accountJson, dec } from "./format.js";

function tree(depth: number, count: number, indexes: number[]) {
  const seeds = Array.from({ length: count }, (_, i) => `vector-merkle-${i}`);
  const accounts: Account[] = seeds.map((s, i) => ({
    ...l2KeyFromSeed(s).publicKey,
    l1Address: 0xcafe00n + BigInt(i),
    nonce: i,
    balances: [BigInt(i) * 1000n, 1n, 0n, BigInt(i)],
  }));
  const state = createGenesis({ chainId: 1, depth, batchSize: 4 }, accounts);
  const root = stateRoot(state);
  const json = (p: MerkleProof) => ({ index: p.index, leaf: dec(p.leaf), siblings: p.siblings.map(dec) });
  const proofs = indexes.map((i) => merkleProof(state.nodes, depth, i));
  const first = proofs[1]!;
  const wrongSibling = { ...first, siblings: first.siblings.map((s, k) => (k === 4 ? s + 1n : s)) };
  const wrongIndex = { ...first, index: first.index ^ 2 };
  for (const p of [wrongSibling, wrongIndex]) {
    if (verifyMerkleProof(root, p)) throw new Error("a wrong Merkle proof verifies");
  }
  return {
    depth,
    keySeeds: seeds,
    accounts: accounts.map(accountJson),
    root: dec(root),
    proofs: proofs.map((p) => ({ ...json(p), valid: verifyMerkleProof(root, p) })),
    invalid: [
      { name: "the fifth sibling plus one", ...json(wrongSibling), valid: false },
      { name: "the right siblings at another index", ...json(wrongIndex), valid: false },
    ],
  };
}

export function merkle() {
  return {
    about:
      "Genesis accounts at indexes 0..n-1 (chain id 1); each proof lists 3 siblings per level from the " +
      "leaves up: the pair-mate, then the other pair in order. valid: the proof implies the root.",
    trees: [tree(4, 6, [0, 5, 3, 15]), tree(8, 21, [0, 20, 17, 4, 255])],
  };
}
