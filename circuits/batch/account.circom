pragma circom 2.1.0;

// The account leaf (docs/protocol.md §3.1):
//   leaf = Poseidon(ax, ay, l1Address(160) | nonce(32), GCC(126) | SPIRIT(126), MANA(126) | GHOST(126))
// and the empty leaf is 0. The packing is injective only when every field is within its width, so every
// field that is read or written goes through a range check somewhere (AccountRanges or the caller).

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// Leaf hash of an account, or 0 when `exists` is 0.
// NOTE: the fields' widths are not checked here; the caller range-checks them (AccountRanges) or derives
// them from range-checked values. `exists` must be a bit (checked by the caller).
template AccountLeaf() {
    signal input exists;             // 1 if the leaf holds an account, 0 for the empty leaf
    signal input ax;                 // Baby Jubjub public key, x
    signal input ay;                 // Baby Jubjub public key, y
    signal input l1Address;          // the L1 owner (160 bits)
    signal input nonce;              // 32 bits
    signal input balances[4];        // GCC, SPIRIT, MANA, GHOST (126 bits each)
    signal output leaf;              // exists ? Poseidon(packed fields) : 0

    component h = Poseidon(5);
    h.inputs[0] <== ax;
    h.inputs[1] <== ay;
    h.inputs[2] <== l1Address + nonce * (1 << 160);
    h.inputs[3] <== balances[0] + balances[1] * (1 << 126);
    h.inputs[4] <== balances[2] + balances[3] * (1 << 126);
    leaf <== exists * h.out;
}

// Range checks of every packed leaf field, so that a leaf's fields are the unique decomposition of its hash
// inputs (no "borrowing" between two balances packed in one element).
template AccountRanges() {
    signal input l1Address;          // must fit 160 bits
    signal input nonce;              // must fit 32 bits
    signal input balances[4];        // must fit 126 bits each

    component addr = Num2Bits(160);
    addr.in <== l1Address;
    component n = Num2Bits(32);
    n.in <== nonce;
    component b[4];
    for (var i = 0; i < 4; i++) {
        b[i] = Num2Bits(126);
        b[i].in <== balances[i];
    }
}
