pragma circom 2.1.0;

// Account-tree paths (docs/protocol.md §3.2): a 4-ary Poseidon(4) tree of depth/2 levels over `depth` index
// bits. Bits 2i and 2i+1 of the index (LSB first) place the path's node among its parent's four children at
// level i: bit 2i within its pair (children 0, 1 or 2, 3), bit 2i+1 which pair. A proof gives three siblings
// per level: the node's pair-mate, then the other pair's two children in order. One template moves a leaf
// from an old to a new value along the same siblings and yields both roots, so a caller chains
// root → root through a batch.

include "circomlib/circuits/poseidon.circom";

// Siblings of one Merkle path over `depth` index bits.
function pathSiblings(depth) {
    return 3 * (depth \ 2);
}

// The four children of a path node's parent, from the node, its position bits and its three siblings.
// Three constraints: one selection within the pair, one per child of the pair for the pair's place.
template PlaceChild() {
    signal input node;               // the path's node
    signal input lowBit;             // its position within its pair (bit 2i of the index)
    signal input highBit;            // which pair (bit 2i+1 of the index)
    signal input siblings[3];        // pair-mate, then the other pair's two children
    signal output children[4];       // the parent's children in position order

    signal first;                    // child 0 of the node's pair: lowBit ? pair-mate : node
    signal low;                      // the parent's child 0: highBit ? other pair's first : first
    signal high;                     // the parent's child 1: highBit ? other pair's second : the pair's second
    first <== node + lowBit * (siblings[0] - node);
    var second = node + siblings[0] - first;
    low <== first + highBit * (siblings[1] - first);
    high <== second + highBit * (siblings[2] - second);
    children[0] <== low;
    children[1] <== high;
    children[2] <== siblings[1] + first - low;
    children[3] <== siblings[2] + second - high;
}

// Both roots of one leaf update: the root with `oldLeaf` and the root with `newLeaf` at the same index.
// NOTE: `indexBits` must be bits (the caller derives them with Num2Bits, which also bounds the index by
// 2^depth); `siblings` are free witness values, bound only by the caller comparing `oldRoot` with a known root.
// NOTE: `depth` must be even (docs/protocol.md §3.2); the chain parameters enforce it.
template MerkleUpdate(depth) {
    var levels = depth \ 2;
    signal input oldLeaf;            // leaf value before the update (0 for an empty leaf)
    signal input newLeaf;            // leaf value after the update
    signal input indexBits[depth];   // the leaf index, LSB first
    signal input siblings[pathSiblings(depth)]; // three per level from the leaf level up
    signal output oldRoot;           // root of the tree holding oldLeaf
    signal output newRoot;           // root of the same tree holding newLeaf

    signal oldNode[levels + 1];      // oldNode[i]: the old path's node at level i
    signal newNode[levels + 1];      // newNode[i]: the new path's node at level i
    component oldPlace[levels];
    component newPlace[levels];
    component oldHash[levels];
    component newHash[levels];

    oldNode[0] <== oldLeaf;
    newNode[0] <== newLeaf;
    for (var i = 0; i < levels; i++) {
        oldPlace[i] = PlaceChild();
        newPlace[i] = PlaceChild();
        oldPlace[i].node <== oldNode[i];
        newPlace[i].node <== newNode[i];
        oldPlace[i].lowBit <== indexBits[2 * i];
        newPlace[i].lowBit <== indexBits[2 * i];
        oldPlace[i].highBit <== indexBits[2 * i + 1];
        newPlace[i].highBit <== indexBits[2 * i + 1];
        for (var k = 0; k < 3; k++) {
            oldPlace[i].siblings[k] <== siblings[3 * i + k];
            newPlace[i].siblings[k] <== siblings[3 * i + k];
        }
        oldHash[i] = Poseidon(4);
        newHash[i] = Poseidon(4);
        for (var k = 0; k < 4; k++) {
            oldHash[i].inputs[k] <== oldPlace[i].children[k];
            newHash[i].inputs[k] <== newPlace[i].children[k];
        }
        oldNode[i + 1] <== oldHash[i].out;
        newNode[i + 1] <== newHash[i].out;
    }
    oldRoot <== oldNode[levels];
    newRoot <== newNode[levels];
}
