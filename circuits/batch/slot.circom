pragma circom 2.1.0;

// One slot of a batch (docs/protocol.md §7.2): a Deposit, ForcedExit, Transfer, Withdraw or Noop, applied to
// the state root with at most two leaf updates, A then B:
//
//   op          A (updated first)                  B (then, against the root after A)
//   Transfer    sender: −amount, −fee, nonce + 1   recipient: +amount
//   Withdraw    sender: −amount, −fee, nonce + 1   read only (any existing path)
//   Deposit     credited or created account        creating: index A − 1 (proves A = nextIndex) or,
//                                                  when the tree is full, index 2^depth − 1; else read only
//   ForcedExit  the exited account                 read only
//   Noop        read only                          read only
//
// The slot also advances the priority-queue running hash (§5.2) for Deposits and ForcedExits, adds the L2
// fee to the batch's collected fees, and outputs its data-availability element (§6.3).
//
// "Unknown account" (§3.2) is decided by the leaf: accounts are created at consecutive indexes and a leaf
// of an account is a Poseidon output, never 0, so an index below 2^depth is known iff its leaf is non-zero.

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "account.circom";
include "float.circom";
include "merkle.circom";

// Record sizes (§6.1) and the length marker 2^(8·bytes) of each record type at a tree depth.
function recordMarker(bits) {
    return 1 << (8 * ((bits + 7) \ 8));
}

template Slot(depth) {
    // ---- batch context -------------------------------------------------------------------------
    signal input chainId;            // NOTE: range-checked to 32 bits once by Batch
    signal input rootIn;             // account-tree root before this slot
    signal output rootOut;           // account-tree root after this slot
    signal input priorityIn;         // priority-queue running hash before this slot
    signal output priorityOut;       // ... after it (advanced only by priority ops)
    signal input seenL2In;           // 1 if an earlier slot held an L2 tx (a bit, by induction from Batch)
    signal output seenL2Out;         // 1 if this or an earlier slot held an L2 tx
    signal input feesIn;             // GCC fees collected by earlier slots
    signal output feesOut;           // ... including this slot's fee
    signal output daElement;         // this slot's data-hash element: LE record + 2^(8·bytes), 0 for Noop

    // ---- which op (all 0: Noop) ------------------------------------------------------------------
    signal input isDeposit;          // bit
    signal input isForcedExit;       // bit
    signal input isTransfer;         // bit
    signal input isWithdraw;         // bit

    // ---- op fields -------------------------------------------------------------------------------
    signal input token;              // token id (2 bits), every op type; 0 for Noop
    signal input amount;             // Deposit: the amount; L2: the decoded compact amount; ForcedExit: 0
    signal input create;             // Deposit: 1 if to = null (creates the account at nextIndex)
    signal input account;            // priority ops: the queue's 32-bit account field (deposit `to`, FE account)
    signal input l1Address;          // priority ops: w1 (deposit owner, or forced-exit requester)
    signal input newAx;              // Deposit: w2, the created account's key x (0 otherwise)
    signal input newAy;              // Deposit: w3, the created account's key y (0 otherwise)
    signal input treeFull;           // creating Deposit: 1 if no index is free (the op is a no-op)
    signal input amountM;            // L2: compact amount mantissa (31 bits)
    signal input amountE;            // L2: compact amount exponent (5 bits)
    signal input feeM;               // L2: compact fee mantissa (11 bits)
    signal input feeE;               // L2: compact fee exponent (5 bits)
    signal input sigR8x;             // L2: signature point R8, x
    signal input sigR8y;             // L2: signature point R8, y
    signal input sigS;               // L2: signature scalar S (checked < subgroup order by the verifier)

    // ---- account A ---------------------------------------------------------------------------------
    signal input aIndex;             // leaf index of A (range-checked to depth bits)
    signal input aExists;            // 1 if A's leaf is non-empty before the slot
    signal input aAx;                // A's key x (0 if empty)
    signal input aAy;                // A's key y (0 if empty)
    signal input aL1Address;         // A's L1 owner (0 if empty)
    signal input aNonce;             // A's nonce (0 if empty)
    signal input aBalances[4];       // A's balances (0 if empty)
    signal input aSiblings[pathSiblings(depth)]; // A's Merkle siblings (three per level) in the tree before the slot

    // ---- account B ---------------------------------------------------------------------------------
    signal input bIndex;             // leaf index of B (range-checked to depth bits)
    signal input bExists;            // 1 if B's leaf is non-empty (after A's update)
    signal input bAx;                // B's key x
    signal input bAy;                // B's key y
    signal input bL1Address;         // B's L1 owner (NOTE: not range-checked, never read; see below)
    signal input bNonce;             // B's nonce (NOTE: not range-checked, never read; see below)
    signal input bBalances[4];       // B's balances (NOTE: only the pair holding `token` is range-checked; see below)
    signal input bSiblings[pathSiblings(depth)]; // B's Merkle siblings (three per level) in the tree after A's update

    // ---- op kind -----------------------------------------------------------------------------------
    isDeposit * (isDeposit - 1) === 0;
    isForcedExit * (isForcedExit - 1) === 0;
    isTransfer * (isTransfer - 1) === 0;
    isWithdraw * (isWithdraw - 1) === 0;
    signal isPriority;               // Deposit or ForcedExit
    signal isL2;                     // Transfer or Withdraw
    isPriority <== isDeposit + isForcedExit;
    isL2 <== isTransfer + isWithdraw;
    (isPriority + isL2) * (isPriority + isL2 - 1) === 0;    // at most one kind

    // Priority ops come before L2 txs (§11): an order the data hash alone would not fix.
    isPriority * seenL2In === 0;
    seenL2Out <== seenL2In + isL2 - seenL2In * isL2;

    // ---- token one-hot -----------------------------------------------------------------------------
    component tokenBits = Num2Bits(2);
    tokenBits.in <== token;
    signal tok3;                     // token = 3
    tok3 <== tokenBits.out[0] * tokenBits.out[1];
    signal tok[4];                   // tok[i] = 1 iff token = i
    tok[0] <== 1 - tokenBits.out[0] - tokenBits.out[1] + tok3;
    tok[1] <== tokenBits.out[0] - tok3;
    tok[2] <== tokenBits.out[1] - tok3;
    tok[3] <== tok3;

    // ---- amounts -----------------------------------------------------------------------------------
    component amountBits = Num2Bits(126);   // every amount is below 2^126 (TX_AMOUNT_RANGE)
    amountBits.in <== amount;
    component amountF = CompactFloat(31);
    amountF.mantissa <== amountM;
    amountF.exponent <== amountE;
    amountF.enabled <== isL2;
    component feeF = CompactFloat(11);
    feeF.mantissa <== feeM;
    feeF.exponent <== feeE;
    feeF.enabled <== isL2;
    isL2 * (amount - amountF.value) === 0;  // an L2 amount is its compact encoding's value
    signal fee;                      // the GCC fee this slot pays (0 unless L2); below 2^115, no range check needed
    fee <== isL2 * feeF.value;
    feesOut <== feesIn + fee;

    // ---- priority-queue fields -----------------------------------------------------------------------
    // The running hash binds these to ghostd's queue entry; the range checks make the packing of w0 injective.
    // NOTE: ghostd's enqueue checks (§5.2) are assumed: a creating deposit's key is a prime-order point,
    // a deposit to an existing index carries ax = ay = l1Address = 0, a forced exit has amount 0, create 0.
    create * (create - 1) === 0;
    component accountBits = Num2Bits(32);
    accountBits.in <== account;
    var accountLow = 0;              // account mod 2^depth
    for (var i = 0; i < depth; i++) accountLow += accountBits.out[i] * (1 << i);
    signal inTree;                   // account < 2^depth
    if (depth < 32) {
        var high = 0;
        for (var i = depth; i < 32; i++) high += accountBits.out[i] * (1 << (i - depth));
        component highZero = IsZero();
        highZero.in <== high;
        inTree <== highZero.out;
    } else {
        inTree <== 1;
    }
    component queueHash = Poseidon(5);
    queueHash.inputs[0] <== priorityIn;
    // w0 = type(2) | token(2) | create(1) | account(32) | amount(126); type: Deposit 0, ForcedExit 1
    queueHash.inputs[1] <== isForcedExit + token * 4 + create * 16 + account * 32 + amount * (1 << 37);
    queueHash.inputs[2] <== l1Address;
    queueHash.inputs[3] <== newAx;
    queueHash.inputs[4] <== newAy;
    priorityOut <== priorityIn + isPriority * (queueHash.out - priorityIn);

    // ---- account A: old leaf -----------------------------------------------------------------------
    component aIndexBits = Num2Bits(depth);
    aIndexBits.in <== aIndex;
    aExists * (aExists - 1) === 0;
    component aRanges = AccountRanges();
    aRanges.l1Address <== aL1Address;
    aRanges.nonce <== aNonce;
    for (var i = 0; i < 4; i++) aRanges.balances[i] <== aBalances[i];
    // An empty leaf has all fields 0, so a created account starts from zero balances and nonce.
    (1 - aExists) * aAx === 0;
    (1 - aExists) * aAy === 0;
    (1 - aExists) * (aL1Address + aNonce * (1 << 160)) === 0;
    (1 - aExists) * (aBalances[0] + aBalances[1] * (1 << 126)) === 0;
    (1 - aExists) * (aBalances[2] + aBalances[3] * (1 << 126)) === 0;
    signal aTokenTerms[4];           // tok[i] · A's balance i
    for (var i = 0; i < 4; i++) aTokenTerms[i] <== tok[i] * aBalances[i];
    signal aBalanceT;                // A's balance of `token`
    aBalanceT <== aTokenTerms[0] + aTokenTerms[1] + aTokenTerms[2] + aTokenTerms[3];

    // ---- what happens to A -------------------------------------------------------------------------
    // L2: the sender must exist (TX_UNKNOWN_ACCOUNT).
    isL2 * (1 - aExists) === 0;
    // Priority ops on an existing index: A is that index when it is inside the tree.
    signal depositCreate;            // Deposit with to = null
    depositCreate <== isDeposit * create;
    signal atIndex;                  // Deposit to an index, or ForcedExit, whose account field is < 2^depth
    atIndex <== (isPriority - depositCreate) * inTree;
    atIndex * (aIndex - accountLow) === 0;
    signal found;                    // ... and the account exists (else: no-op TX_UNKNOWN_ACCOUNT)
    found <== atIndex * aExists;
    // ForcedExit: effective only if the requester is A's L1 owner (else no-op PRIORITY_NOT_OWNER).
    component owner = IsEqual();
    owner.in[0] <== aL1Address;
    owner.in[1] <== l1Address;
    signal foundOwned;               // found and owned by the requester
    foundOwned <== found * owner.out;
    signal exitApplied;              // ForcedExit applied: A's balance of `token` goes to 0
    exitApplied <== isForcedExit * foundOwned;
    // One decomposition serves two checks: v = aBalanceT + amount − 2·(L2 amount) is the balance after an
    // L2 debit, or after a deposit's credit (a forced exit's queue amount is 0). It must fit 127 bits, which
    // a negative value (a huge field element) never does. L2: v < 2^126 (TX_INSUFFICIENT_BALANCE for the
    // amount). Deposit to an existing account: v ≥ 2^126 makes it a no-op (TX_BALANCE_OVERFLOW).
    signal l2Debit;                  // amount debited by an L2 tx
    l2Debit <== isL2 * amount;
    component afterAmount = Num2Bits(127);
    afterAmount.in <== aBalanceT + amount - 2 * l2Debit;
    isL2 * afterAmount.out[126] === 0;
    signal creditFits;               // a deposit's credit keeps the balance below 2^126
    creditFits <== 1 - afterAmount.out[126];
    signal depositFound;             // Deposit to an existing account
    depositFound <== found - isForcedExit * found;
    signal creditApplied;            // ... applied
    creditApplied <== depositFound * creditFits;
    // Creating deposit: at nextIndex unless the tree is full (no-op PRIORITY_TREE_FULL).
    treeFull * (treeFull - 1) === 0;
    treeFull * (1 - depositCreate) === 0;
    signal createApplied;            // a new account is created at A
    createApplied <== depositCreate * (1 - treeFull);
    createApplied * aExists === 0;   // A is empty ...
    component aIndexZero = IsZero();
    aIndexZero.in <== aIndex;
    signal needPrevious;             // ... and A = 0 or the leaf at A − 1 exists, so A = nextIndex
    needPrevious <== createApplied * (1 - aIndexZero.out);
    needPrevious * (bIndex + 1 - aIndex) === 0;
    needPrevious * (1 - bExists) === 0;
    // A full tree is shown by its last leaf existing (accounts are consecutive).
    treeFull * (bIndex - ((1 << depth) - 1)) === 0;
    treeFull * (1 - bExists) === 0;
    signal depositApplied;           // the deposit credits A
    depositApplied <== creditApplied + createApplied;

    // ---- account A: new leaf -----------------------------------------------------------------------
    signal depositCredit;            // amount credited by a deposit
    depositCredit <== depositApplied * amount;
    signal exitDebit;                // balance moved out by a forced exit (also its DA amount)
    exitDebit <== exitApplied * aBalanceT;
    signal aDelta;                   // change of A's balance of `token` (before the fee)
    aDelta <== depositCredit - l2Debit - exitDebit;
    signal aDeltaTerms[4];           // tok[i] · aDelta
    for (var i = 0; i < 4; i++) aDeltaTerms[i] <== tok[i] * aDelta;
    signal aNewBalances[4];          // A's balances after the slot: token changed, then the fee from GCC
    aNewBalances[0] <== aBalances[0] + aDeltaTerms[0] - fee;
    for (var i = 1; i < 4; i++) aNewBalances[i] <== aBalances[i] + aDeltaTerms[i];
    // TX_INSUFFICIENT_BALANCE: the token balance after the amount (checked above) and the GCC balance after
    // the fee stay in [0, 2^126); the other two are unchanged. A deposit's new balance is below 2^126 when it
    // is applied (creditFits); a forced exit only lowers a balance.
    component afterFee = Num2Bits(126);
    afterFee.in <== aNewBalances[0];
    signal aNewNonce;                // nonce + 1 after an L2 tx; must still fit 32 bits (TX_NONCE_EXHAUSTED)
    aNewNonce <== aNonce + isL2;
    component newNonceBits = Num2Bits(32);
    newNonceBits.in <== aNewNonce;
    component aOldLeaf = AccountLeaf();
    aOldLeaf.exists <== aExists;
    aOldLeaf.ax <== aAx;
    aOldLeaf.ay <== aAy;
    aOldLeaf.l1Address <== aL1Address;
    aOldLeaf.nonce <== aNonce;
    for (var i = 0; i < 4; i++) aOldLeaf.balances[i] <== aBalances[i];
    component aNewLeaf = AccountLeaf();
    aNewLeaf.exists <== aExists + createApplied;
    aNewLeaf.ax <== aAx + createApplied * newAx;
    aNewLeaf.ay <== aAy + createApplied * newAy;
    aNewLeaf.l1Address <== aL1Address + createApplied * l1Address;
    aNewLeaf.nonce <== aNewNonce;
    for (var i = 0; i < 4; i++) aNewLeaf.balances[i] <== aNewBalances[i];
    component aPath = MerkleUpdate(depth);
    aPath.oldLeaf <== aOldLeaf.leaf;
    aPath.newLeaf <== aNewLeaf.leaf;
    for (var i = 0; i < depth; i++) aPath.indexBits[i] <== aIndexBits.out[i];
    for (var i = 0; i < pathSiblings(depth); i++) aPath.siblings[i] <== aSiblings[i];
    aPath.oldRoot === rootIn;

    // ---- account B -----------------------------------------------------------------------------------
    component bIndexBits = Num2Bits(depth);
    bIndexBits.in <== bIndex;
    bExists * (bExists - 1) === 0;
    // Of B's fields only the credited balance is read. The packed element holding it (GCC|SPIRIT for tokens
    // 0-1, MANA|GHOST for 2-3) has both halves range-checked, so its split is unique and the read balance is
    // the real one. The other balance pair, the address and the nonce are only carried unchanged, each
    // inside one packed element, from the old leaf to the new one: any split of such an element gives the
    // same hash input, so they need no range check.
    signal bPairLow;                 // low half of the pair that holds `token` (balance 0 or 2)
    bPairLow <== bBalances[0] + tokenBits.out[1] * (bBalances[2] - bBalances[0]);
    signal bPairHigh;                // high half of that pair (balance 1 or 3)
    bPairHigh <== bBalances[1] + tokenBits.out[1] * (bBalances[3] - bBalances[1]);
    component bLowBits = Num2Bits(126);
    bLowBits.in <== bPairLow;
    component bHighBits = Num2Bits(126);
    bHighBits.in <== bPairHigh;
    isTransfer * (1 - bExists) === 0;       // TX_UNKNOWN_ACCOUNT
    component self = IsEqual();             // TX_SELF_TRANSFER
    self.in[0] <== aIndex;
    self.in[1] <== bIndex;
    isTransfer * self.out === 0;
    signal bCredit;                  // amount credited to B (Transfer only)
    bCredit <== isTransfer * amount;
    signal bCreditTerms[4];          // tok[i] · bCredit
    for (var i = 0; i < 4; i++) bCreditTerms[i] <== tok[i] * bCredit;
    signal bTokenTerms[4];           // tok[i] · B's balance i
    for (var i = 0; i < 4; i++) bTokenTerms[i] <== tok[i] * bBalances[i];
    component bAfter = Num2Bits(126);       // TX_BALANCE_OVERFLOW: the credited balance stays below 2^126
    bAfter.in <== bTokenTerms[0] + bTokenTerms[1] + bTokenTerms[2] + bTokenTerms[3] + bCredit;
    component bOldLeaf = AccountLeaf();
    bOldLeaf.exists <== bExists;
    bOldLeaf.ax <== bAx;
    bOldLeaf.ay <== bAy;
    bOldLeaf.l1Address <== bL1Address;
    bOldLeaf.nonce <== bNonce;
    for (var i = 0; i < 4; i++) bOldLeaf.balances[i] <== bBalances[i];
    component bNewLeaf = AccountLeaf();
    bNewLeaf.exists <== bExists;
    bNewLeaf.ax <== bAx;
    bNewLeaf.ay <== bAy;
    bNewLeaf.l1Address <== bL1Address;
    bNewLeaf.nonce <== bNonce;
    for (var i = 0; i < 4; i++) bNewLeaf.balances[i] <== bBalances[i] + bCreditTerms[i];
    component bPath = MerkleUpdate(depth);
    bPath.oldLeaf <== bOldLeaf.leaf;
    bPath.newLeaf <== bNewLeaf.leaf;
    for (var i = 0; i < depth; i++) bPath.indexBits[i] <== bIndexBits.out[i];
    for (var i = 0; i < pathSiblings(depth); i++) bPath.siblings[i] <== bSiblings[i];
    bPath.oldRoot === aPath.newRoot;
    rootOut <== bPath.newRoot;

    // ---- signature (§4.2) ----------------------------------------------------------------------------
    // packed = type(2) | chainId(32) | from(32) | to(32) | token(2) | amountF(36) | feeF(16) | nonce(32)
    // from and to are below 2^depth ≤ 2^32 (their bits above depth are 0); a Withdraw packs to = 0.
    signal msgTo;                    // the `to` field of the message
    msgTo <== isTransfer * bIndex;
    component msg = Poseidon(2);
    msg.inputs[0] <== 94917447068703095617589017818998732337;  // TX_DOMAIN = "GhostChain/tx/v1"
    msg.inputs[1] <== 2 + isWithdraw + chainId * (1 << 2) + aIndex * (1 << 34) + msgTo * (1 << 66)
        + token * (1 << 98) + amountF.packed * (1 << 100) + feeF.packed * (1 << 136) + aNonce * (1 << 152);
    // NOTE: EdDSAPoseidonVerifier does not check that (aAx, aAy) is in the prime-order subgroup: ghostd
    // checks it when the creating deposit is enqueued (§3.4) and keys never change.
    component sig = EdDSAPoseidonVerifier();
    sig.enabled <== isL2;
    sig.Ax <== aAx;
    sig.Ay <== aAy;
    sig.S <== sigS;
    sig.R8x <== sigR8x;
    sig.R8y <== sigR8y;
    sig.M <== msg.out;

    // ---- data-availability element (§6.1, §6.3) -----------------------------------------------------
    signal depositAccount;           // Deposit record's account: A if applied, else 0
    depositAccount <== depositApplied * aIndex;
    signal exitAccount;              // ForcedExit record's account: A if applied, else 0
    exitAccount <== exitApplied * aIndex;
    signal exitToken;                // ForcedExit record's token: if applied, else 0
    exitToken <== exitApplied * token;
    // Deposit:    tag 0 | applied(1) | account(D)                                  + 2^(8·bytes(3 + D))
    var depositRecord = depositApplied * 4 + depositAccount * 8;
    // ForcedExit: tag 1 | applied(1) | account(D) | token(2) | amount(126)         + 2^(8·bytes(131 + D))
    var exitRecord = exitApplied * 4 + exitAccount * 8 + exitToken * (1 << (3 + depth))
        + exitDebit * (1 << (5 + depth));
    // Transfer:   tag 2 | from(D) | to(D) | token(2) | amountF(36) | feeF(16)      + 2^(8·bytes(56 + 2D))
    var transferRecord = 2 + aIndex * 4 + bIndex * (1 << (2 + depth)) + token * (1 << (2 + 2 * depth))
        + amountF.packed * (1 << (4 + 2 * depth)) + feeF.packed * (1 << (40 + 2 * depth))
        + recordMarker(56 + 2 * depth);
    // Withdraw:   tag 3 | from(D) | token(2) | amountF(36) | feeF(16)              + 2^(8·bytes(56 + D))
    var withdrawRecord = 3 + aIndex * 4 + token * (1 << (2 + depth)) + amountF.packed * (1 << (4 + depth))
        + feeF.packed * (1 << (40 + depth)) + recordMarker(56 + depth);
    signal transferElement;          // isTransfer · transfer record element
    transferElement <== isTransfer * transferRecord;
    signal withdrawElement;          // isWithdraw · withdraw record element
    withdrawElement <== isWithdraw * withdrawRecord;
    daElement <== isDeposit * recordMarker(3 + depth) + depositRecord
        + isForcedExit * (1 + recordMarker(131 + depth)) + exitRecord
        + transferElement + withdrawElement;
}
