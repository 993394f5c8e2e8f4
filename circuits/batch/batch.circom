pragma circom 2.1.0;

// The batch circuit (docs/protocol.md §7.3, §8): nSlots generic slots (Slot), each a Deposit, ForcedExit,
// Transfer, Withdraw or Noop, chained root → root, priority hash → priority hash; then the collected fees
// credited to the fee account in one leaf update; then the data hash over the slots' DA elements and the
// one public input, Poseidon(header, oldRoot, newRoot, oldPriorityHash, newPriorityHash, dataHash).
//
// The order of public signals is fixed here (one public input: publicInputHash) and mirrored by
// src/prover/publicSignals.ts, which the prover and the verifier import.
//
// NOTE (ghostd, §11): Noops come only after the last real op: a zero element in the middle of the data
// hash cannot match the hash ghostd recomputes from the published records (records first, then zeros).
// NOTE (ghostd): chainId, batchNumber, oldRoot and the two priority hashes in the public input are the
// chain's; the circuit only proves the transition between the values it is given.

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/poseidon.circom";
include "account.circom";
include "merkle.circom";
include "slot.circom";

template Batch(nSlots, depth) {
    // ---- the one public input ------------------------------------------------------------------------
    signal input publicInputHash;    // public: Poseidon(header, oldRoot, newRoot, oldPH, newPH, dataHash)

    // ---- batch header and chain state (private; bound through publicInputHash) ------------------------
    signal input chainId;            // 32 bits
    signal input batchNumber;        // 32 bits
    signal input feeAccount;         // index of the account credited with the fees (< 2^depth: it must exist)
    signal input oldRoot;            // account-tree root before the batch
    signal input oldPriorityHash;    // priority-queue running hash before the batch

    // ---- slots (see Slot for each field) ---------------------------------------------------------------
    signal input isDeposit[nSlots];
    signal input isForcedExit[nSlots];
    signal input isTransfer[nSlots];
    signal input isWithdraw[nSlots];
    signal input token[nSlots];
    signal input amount[nSlots];
    signal input create[nSlots];
    signal input account[nSlots];
    signal input l1Address[nSlots];
    signal input newAx[nSlots];
    signal input newAy[nSlots];
    signal input treeFull[nSlots];
    signal input amountM[nSlots];
    signal input amountE[nSlots];
    signal input feeM[nSlots];
    signal input feeE[nSlots];
    signal input sigR8x[nSlots];
    signal input sigR8y[nSlots];
    signal input sigS[nSlots];
    signal input aIndex[nSlots];
    signal input aExists[nSlots];
    signal input aAx[nSlots];
    signal input aAy[nSlots];
    signal input aL1Address[nSlots];
    signal input aNonce[nSlots];
    signal input aBalances[nSlots][4];
    signal input aSiblings[nSlots][pathSiblings(depth)];
    signal input bIndex[nSlots];
    signal input bExists[nSlots];
    signal input bAx[nSlots];
    signal input bAy[nSlots];
    signal input bL1Address[nSlots];
    signal input bNonce[nSlots];
    signal input bBalances[nSlots][4];
    signal input bSiblings[nSlots][pathSiblings(depth)];

    // ---- the fee account at the end of the batch ----------------------------------------------------
    signal input feeAx;              // its key x
    signal input feeAy;              // its key y
    signal input feeL1Address;       // its L1 owner
    signal input feeNonce;           // its nonce
    signal input feeBalances[4];     // its balances before the fees are credited
    signal input feeSiblings[pathSiblings(depth)]; // its Merkle siblings in the tree after the last slot

    component chainIdBits = Num2Bits(32);
    chainIdBits.in <== chainId;
    component batchNumberBits = Num2Bits(32);
    batchNumberBits.in <== batchNumber;

    // ---- slots, chained -----------------------------------------------------------------------------
    component slot[nSlots];
    for (var s = 0; s < nSlots; s++) {
        slot[s] = Slot(depth);
        slot[s].chainId <== chainId;
        slot[s].rootIn <== s == 0 ? oldRoot : slot[s - 1].rootOut;
        slot[s].priorityIn <== s == 0 ? oldPriorityHash : slot[s - 1].priorityOut;
        slot[s].seenL2In <== s == 0 ? 0 : slot[s - 1].seenL2Out;
        slot[s].feesIn <== s == 0 ? 0 : slot[s - 1].feesOut;
        slot[s].isDeposit <== isDeposit[s];
        slot[s].isForcedExit <== isForcedExit[s];
        slot[s].isTransfer <== isTransfer[s];
        slot[s].isWithdraw <== isWithdraw[s];
        slot[s].token <== token[s];
        slot[s].amount <== amount[s];
        slot[s].create <== create[s];
        slot[s].account <== account[s];
        slot[s].l1Address <== l1Address[s];
        slot[s].newAx <== newAx[s];
        slot[s].newAy <== newAy[s];
        slot[s].treeFull <== treeFull[s];
        slot[s].amountM <== amountM[s];
        slot[s].amountE <== amountE[s];
        slot[s].feeM <== feeM[s];
        slot[s].feeE <== feeE[s];
        slot[s].sigR8x <== sigR8x[s];
        slot[s].sigR8y <== sigR8y[s];
        slot[s].sigS <== sigS[s];
        slot[s].aIndex <== aIndex[s];
        slot[s].aExists <== aExists[s];
        slot[s].aAx <== aAx[s];
        slot[s].aAy <== aAy[s];
        slot[s].aL1Address <== aL1Address[s];
        slot[s].aNonce <== aNonce[s];
        slot[s].bIndex <== bIndex[s];
        slot[s].bExists <== bExists[s];
        slot[s].bAx <== bAx[s];
        slot[s].bAy <== bAy[s];
        slot[s].bL1Address <== bL1Address[s];
        slot[s].bNonce <== bNonce[s];
        for (var i = 0; i < 4; i++) {
            slot[s].aBalances[i] <== aBalances[s][i];
            slot[s].bBalances[i] <== bBalances[s][i];
        }
        for (var i = 0; i < pathSiblings(depth); i++) {
            slot[s].aSiblings[i] <== aSiblings[s][i];
            slot[s].bSiblings[i] <== bSiblings[s][i];
        }
    }

    // ---- close the batch: fees to the fee account (§7.3 step 5) -------------------------------------
    // The fee account exists: its leaf is a Poseidon output, never the empty leaf 0.
    component feeIndexBits = Num2Bits(depth);
    feeIndexBits.in <== feeAccount;
    component feeRanges = AccountRanges();
    feeRanges.l1Address <== feeL1Address;
    feeRanges.nonce <== feeNonce;
    for (var i = 0; i < 4; i++) feeRanges.balances[i] <== feeBalances[i];
    component feeCredited = Num2Bits(126);  // BATCH_FEE_OVERFLOW
    feeCredited.in <== feeBalances[0] + slot[nSlots - 1].feesOut;
    component feeOld = AccountLeaf();
    component feeNew = AccountLeaf();
    feeOld.exists <== 1;
    feeNew.exists <== 1;
    feeOld.ax <== feeAx;
    feeNew.ax <== feeAx;
    feeOld.ay <== feeAy;
    feeNew.ay <== feeAy;
    feeOld.l1Address <== feeL1Address;
    feeNew.l1Address <== feeL1Address;
    feeOld.nonce <== feeNonce;
    feeNew.nonce <== feeNonce;
    for (var i = 0; i < 4; i++) feeOld.balances[i] <== feeBalances[i];
    feeNew.balances[0] <== feeCredited.in;
    for (var i = 1; i < 4; i++) feeNew.balances[i] <== feeBalances[i];
    component feePath = MerkleUpdate(depth);
    feePath.oldLeaf <== feeOld.leaf;
    feePath.newLeaf <== feeNew.leaf;
    for (var i = 0; i < depth; i++) feePath.indexBits[i] <== feeIndexBits.out[i];
    for (var i = 0; i < pathSiblings(depth); i++) feePath.siblings[i] <== feeSiblings[i];
    feePath.oldRoot === slot[nSlots - 1].rootOut;
    signal newRoot;                  // account-tree root after the batch
    newRoot <== feePath.newRoot;

    // ---- data hash (§6.3): Poseidon(h, e0, e1, e2, e3) over the slots, padded with 0 to a multiple of 4 --
    var nChunks = (nSlots + 3) \ 4;
    component chunk[nChunks];
    for (var c = 0; c < nChunks; c++) {
        chunk[c] = Poseidon(5);
        chunk[c].inputs[0] <== c == 0 ? 0 : chunk[c - 1].out;
        for (var j = 0; j < 4; j++) {
            chunk[c].inputs[1 + j] <== 4 * c + j < nSlots ? slot[4 * c + j].daElement : 0;
        }
    }

    // ---- the public input (§8) ------------------------------------------------------------------------
    component pub = Poseidon(6);
    pub.inputs[0] <== chainId + batchNumber * (1 << 32) + feeAccount * (1 << 64);
    pub.inputs[1] <== oldRoot;
    pub.inputs[2] <== newRoot;
    pub.inputs[3] <== oldPriorityHash;
    pub.inputs[4] <== slot[nSlots - 1].priorityOut;
    pub.inputs[5] <== chunk[nChunks - 1].out;
    publicInputHash === pub.out;
}
