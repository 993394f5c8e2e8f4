pragma circom 2.1.0;

// Account-tree paths (docs/protocol.md §3.2): a binary Poseidon(2) tree, bit i of the index (LSB first)
// says whether the node at level i is a right child. One template moves a leaf from an old to a new
// value along the same siblings and yields both roots, so a caller chains root → root through a batch.

include "circomlib/circuits/poseidon.circom";

// Both roots of one leaf update: the root with `oldLeaf` and the root with `newLeaf` at the same index.
// NOTE: `indexBits` must be bits (the caller derives them with Num2Bits, which also bounds the index by
// 2^depth); `siblings` are free witness values, bound only by the caller comparing `oldRoot` with a known root.
template MerkleUpdate(depth) {
    signal input oldLeaf;            // leaf value before the update (0 for an empty leaf)
    signal input newLeaf;            // leaf value after the update
    signal input indexBits[depth];   // the leaf index, LSB first: 1 = the path node is a right child
    signal input siblings[depth];    // sibling hashes from the leaf level up
    signal output oldRoot;           // root of the tree holding oldLeaf
    signal output newRoot;           // root of the same tree holding newLeaf

    signal oldNode[depth + 1];       // oldNode[i]: the old path's node at level i
    signal newNode[depth + 1];       // newNode[i]: the new path's node at level i
    signal oldLeft[depth];           // left input of the old path's hash at level i
    signal newLeft[depth];           // left input of the new path's hash at level i
    component oldHash[depth];
    component newHash[depth];

    oldNode[0] <== oldLeaf;
    newNode[0] <== newLeaf;
    for (var i = 0; i < depth; i++) {
        // left = bit ? sibling : node; right = node + sibling - left (one constraint per path and level)
        oldLeft[i] <== oldNode[i] + indexBits[i] * (siblings[i] - oldNode[i]);
        newLeft[i] <== newNode[i] + indexBits[i] * (siblings[i] - newNode[i]);
        oldHash[i] = Poseidon(2);
        oldHash[i].inputs[0] <== oldLeft[i];
        oldHash[i].inputs[1] <== oldNode[i] + siblings[i] - oldLeft[i];
        newHash[i] = Poseidon(2);
        newHash[i].inputs[0] <== newLeft[i];
        newHash[i].inputs[1] <== newNode[i] + siblings[i] - newLeft[i];
        oldNode[i + 1] <== oldHash[i].out;
        newNode[i + 1] <== newHash[i].out;
    }
    oldRoot <== oldNode[depth];
    newRoot <== newNode[depth];
}
