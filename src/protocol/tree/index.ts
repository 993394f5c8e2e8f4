export { accountLeaf, accountLeafInputs, EMPTY_LEAF } from "./accountLeaf.js";
export {
  emptySubtreeHashes,
  isTreeDepth,
  type MerkleProof,
  merkleProof,
  rootFromProof,
  SIBLINGS_PER_LEVEL,
  setLeaf,
  TREE_ARITY,
  type TreeNodes,
  treeLevels,
  treeRoot,
  verifyMerkleProof,
} from "./merkle.js";
