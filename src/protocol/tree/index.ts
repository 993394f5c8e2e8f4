export { accountLeaf, accountLeafInputs, EMPTY_LEAF } from "./accountLeaf.js";
export {
  emptySubtreeHashes,
  type MerkleProof,
  merkleProof,
  rootFromProof,
  setLeaf,
  type TreeNodes,
  treeRoot,
  verifyMerkleProof,
} from "./merkle.js";
