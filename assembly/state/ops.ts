/**
 * The protocol's operations with exactly the reference model's rules, check order and error codes
 * (src/protocol/model/applyOp.ts, checks.ts, applyBatch.ts). Applying an op updates the account records
 * at once (soft confirmation) and logs its leaf writes and DA record for the batch's seal.
 *
 * Checks the model makes on JS types arrive as OP flags from the bridge (layout OP); every range,
 * width, representability and state check is made here, in the model's order. A rejected op changes
 * nothing: all checks run before the first write.
 *
 * Two checks are the engine's own, because it applies ops one at a time where the model judges a whole
 * batch: BATCH_FULL, and a priority op after an L2 tx (TX_MALFORMED, as applyBatch); and an L2 tx is
 * refused with BATCH_UNKNOWN_FEE_ACCOUNT or BATCH_FEE_OVERFLOW when the batch's fee account does not
 * exist or could not take its fee, the two ways closeBatch would reject the whole batch later.
 */
import {
  BATCH_FEE_OVERFLOW,
  BATCH_FULL,
  BATCH_PRIORITY_UNAVAILABLE,
  BATCH_UNKNOWN_FEE_ACCOUNT,
  OK,
  PRIORITY_NOT_OWNER,
  PRIORITY_TREE_FULL,
  TX_AMOUNT_NOT_REPRESENTABLE,
  TX_AMOUNT_RANGE,
  TX_BAD_PUBKEY,
  TX_BAD_SIGNATURE,
  TX_BALANCE_OVERFLOW,
  TX_FEE_NOT_REPRESENTABLE,
  TX_INSUFFICIENT_BALANCE,
  TX_MALFORMED,
  TX_NONCE_EXHAUSTED,
  TX_NONCE_MISMATCH,
  TX_SELF_TRANSFER,
  TX_UNKNOWN_ACCOUNT,
  TX_UNKNOWN_TOKEN,
} from "../generated/errors";
import { FR_BYTES } from "../field/fr";
import { arePublicKeysValidX2, isValidPublicKey } from "../curve/publicKey";
import { accountAt, accountCount, accountExists, balanceAt, nonceOf } from "./accounts";
import {
  batchSize,
  beginOp,
  chainId,
  checkSignatures,
  consumePriority,
  endOp,
  feeAccount,
  l2Seen,
  markL2,
  NO_READ,
  O_DA,
  O_DA_LENGTH,
  opCount,
  pendingFees,
  priorityCount,
  priorityHash,
  setReads,
  writeAccount,
  writeAccountAndConsume,
  writeAccounts2,
} from "./chain";
import { daDeposit, daForcedExit, daTransfer, daWithdraw, priorityInputs, txMessage } from "./encode";
import { poseidonMont } from "../hash/poseidon";
import {
  ACCOUNT_AX,
  ACCOUNT_AY,
  ACCOUNT_BYTES,
  ACCOUNT_L1_ADDRESS,
  ACCOUNT_NONCE,
  AMOUNT_EXPONENT_BITS,
  AMOUNT_MANTISSA_BITS,
  BALANCE_BITS,
  FEE_EXPONENT_BITS,
  FEE_MANTISSA_BITS,
  FEE_TOKEN,
  NO_ACCOUNT,
  OP_ACCOUNT,
  OP_AMOUNT,
  OP_AX,
  OP_AY,
  OP_DEPOSIT,
  OP_FEE,
  OP_FLAG_BAD_PUBKEY,
  OP_FLAG_CREATE,
  OP_FLAG_KEY_CHECKED,
  OP_FLAG_KEYS_MALFORMED,
  OP_FLAG_MALFORMED,
  OP_FLAG_SIG_CHECKED,
  OP_FLAG_SIG_VALID,
  OP_FLAGS,
  OP_FORCED_EXIT,
  OP_KIND,
  OP_KIND_NOOP,
  OP_L1_ADDRESS,
  OP_NONCE,
  OP_SIGNATURE,
  OP_TO,
  OP_TOKEN,
  OP_TRANSFER,
  OP_WITHDRAW,
  RECEIPT_ACCOUNT,
  RECEIPT_BYTES,
  RECEIPT_DA,
  RECEIPT_DA_LENGTH,
  RECEIPT_HAS_WITHDRAWAL,
  RECEIPT_REASON,
  RECEIPT_STATUS,
  RECEIPT_WITHDRAW_ACCOUNT,
  RECEIPT_WITHDRAW_AMOUNT,
  RECEIPT_WITHDRAW_L1_ADDRESS,
  RECEIPT_WITHDRAW_TOKEN,
  TOKEN_COUNT,
} from "./generated/layout";
import { verifySignature } from "./signature";
import { treeDepth } from "./tree";
import { encodeFloat, u128Add, u128Fits, u128Less, u128Sub, u256Fits } from "./uint";

/** New records of the accounts an op writes, built before anything is stored. */
const A: usize = memory.data(<i32>ACCOUNT_BYTES);
const B: usize = memory.data(<i32>ACCOUNT_BYTES);
const SUM: usize = memory.data(16);
const ZERO: usize = memory.data(32);
const MSG: usize = memory.data(FR_BYTES);

const STATUS_APPLIED: u32 = 0;
const STATUS_NOOP: u32 = 1;

/** A creating deposit whose key still needs the §3.4 check (its other key fields passed). */
function keyToCheck(op: usize): bool {
  if (load<u32>(op + OP_KIND) != <u32>OP_DEPOSIT) return false;
  const flags = load<u32>(op + OP_FLAGS) & ~(<u32>OP_FLAG_KEY_CHECKED);
  store<u32>(op + OP_FLAGS, flags);
  const bad = <u32>(OP_FLAG_MALFORMED | OP_FLAG_KEYS_MALFORMED | OP_FLAG_BAD_PUBKEY);
  return (flags & <u32>OP_FLAG_CREATE) != 0 && (flags & bad) == 0;
}

function markKey(op: usize, valid: bool): void {
  const flags = load<u32>(op + OP_FLAGS);
  store<u32>(op + OP_FLAGS, flags | (valid ? <u32>OP_FLAG_KEY_CHECKED : <u32>OP_FLAG_BAD_PUBKEY));
}

/**
 * Checks the keys of a list's creating deposits before any is applied, two per SIMD pass, and records
 * each verdict in the op's flags. The check needs no state, so its verdict is the one applyDeposit would
 * reach at its place in the order; a key left unpaired is checked there.
 */
export function checkCreatedKeys(count: u32, ops: usize, opBytes: usize): void {
  let pending: usize = 0;
  for (let i: u32 = 0; i < count; i++) {
    const op = ops + <usize>i * opBytes;
    if (!keyToCheck(op)) continue;
    if (pending == 0) {
      pending = op;
      continue;
    }
    const valid = arePublicKeysValidX2(pending + OP_AX, pending + OP_AY, op + OP_AX, op + OP_AY);
    markKey(pending, (valid & 1) != 0);
    markKey(op, (valid & 2) != 0);
    pending = 0;
  }
}

/** Applies the op at `op` (layout OP), writing its receipt at `receipt` (layout RECEIPT). */
export function applyOp(op: usize, receipt: usize): i32 {
  memory.fill(receipt, 0, RECEIPT_BYTES);
  store<u32>(receipt + RECEIPT_ACCOUNT, NO_ACCOUNT);
  const kind = load<u32>(op + OP_KIND);
  if (kind == <u32>OP_KIND_NOOP) return OK;
  if (kind > <u32>OP_KIND_NOOP) return TX_MALFORMED;
  if (opCount >= batchSize) return BATCH_FULL;
  const priority = kind == <u32>OP_DEPOSIT || kind == <u32>OP_FORCED_EXIT;
  if (priority && l2Seen) return TX_MALFORMED;
  // The queue counter is 32 bits: the op after entry 2^32 − 1 cannot be consumed, never wrapped to 0.
  if (priority && priorityCount == 0xffffffff) return BATCH_PRIORITY_UNAVAILABLE;
  if ((load<u32>(op + OP_FLAGS) & <u32>OP_FLAG_MALFORMED) != 0) return TX_MALFORMED;
  if (load<u32>(op + OP_TOKEN) >= <u32>TOKEN_COUNT) return TX_UNKNOWN_TOKEN;
  if (kind == <u32>OP_DEPOSIT) return applyDeposit(op, receipt);
  if (kind == <u32>OP_FORCED_EXIT) return applyForcedExit(op, receipt);
  return applyL2(op, receipt, kind == <u32>OP_TRANSFER);
}

function copyDa(receipt: usize, entry: usize): void {
  const n = load<u32>(entry + O_DA_LENGTH);
  store<u32>(receipt + RECEIPT_DA_LENGTH, n);
  memory.copy(receipt + RECEIPT_DA, entry + O_DA, n);
}

function setDa(entry: usize, length: i32): void {
  store<u32>(entry + O_DA_LENGTH, <u32>length);
}

/** The five inputs of a priority op's queue step (encode.ts priorityInputs), at static scratch. */
function queueInputs(op: usize, deposit: bool): usize {
  const token = <i32>load<u32>(op + OP_TOKEN);
  if (deposit) {
    const create = (load<u32>(op + OP_FLAGS) & <u32>OP_FLAG_CREATE) != 0;
    const account = create ? 0 : load<u32>(op + OP_ACCOUNT);
    return priorityInputs(
      priorityHash,
      OP_DEPOSIT,
      token,
      create,
      account,
      op + OP_AMOUNT,
      op + OP_L1_ADDRESS,
      op + OP_AX,
      op + OP_AY,
    );
  }
  return priorityInputs(
    priorityHash,
    OP_FORCED_EXIT,
    token,
    false,
    load<u32>(op + OP_ACCOUNT),
    ZERO,
    op + OP_L1_ADDRESS,
    ZERO,
    ZERO,
  );
}

/** A priority op's queue step, applied or not: Q ← Poseidon(Q, w0..w3). */
function consume(op: usize, deposit: bool): void {
  poseidonMont(priorityHash, queueInputs(op, deposit), 5);
  consumePriority();
}

/** Stores a priority op's one write and takes its queue step, the two hashes in one SIMD pass. */
function writeAndConsume(op: usize, deposit: bool, index: u32, record: usize, entry: usize): void {
  writeAccountAndConsume(index, record, opCount, entry, queueInputs(op, deposit));
}

/** Leaf a priority op's account field names, or 0 when the field is outside the tree (slot A reads it). */
function namedLeaf(op: usize): u32 {
  const index = load<u32>(op + OP_ACCOUNT);
  return <u64>index < <u64>1 << <u64>treeDepth() ? index : 0;
}

/**
 * A priority op the state does not allow: processed as a no-op with a reason, still consuming. Both
 * circuit slots read: the named leaf (or, when the tree is full, its last leaf, which proves it; at
 * depth 32 that index would be NO_READ, but a full 2^32-leaf tree cannot fit in linear memory).
 */
function priorityNoop(op: usize, receipt: usize, entry: usize, deposit: bool, reason: i32): i32 {
  const read = reason == PRIORITY_TREE_FULL ? <u32>((<u64>1 << <u64>treeDepth()) - 1) : namedLeaf(op);
  setReads(entry, read, read);
  setDa(entry, deposit ? daDeposit(entry + O_DA, false, 0) : daForcedExit(entry + O_DA, false, 0, 0, ZERO));
  consume(op, deposit);
  endOp();
  store<u32>(receipt + RECEIPT_STATUS, STATUS_NOOP);
  store<u32>(receipt + RECEIPT_REASON, <u32>reason);
  copyDa(receipt, entry);
  return OK;
}

function applyDeposit(op: usize, receipt: usize): i32 {
  const amount = op + OP_AMOUNT;
  if (!u256Fits(amount, BALANCE_BITS)) return TX_AMOUNT_RANGE;
  const flags = load<u32>(op + OP_FLAGS);
  if ((flags & <u32>OP_FLAG_KEYS_MALFORMED) != 0) return TX_MALFORMED;
  if ((flags & <u32>OP_FLAG_BAD_PUBKEY) != 0) return TX_BAD_PUBKEY;
  const unchecked = (flags & <u32>(OP_FLAG_CREATE | OP_FLAG_KEY_CHECKED)) == <u32>OP_FLAG_CREATE;
  if (unchecked && !isValidPublicKey(op + OP_AX, op + OP_AY)) return TX_BAD_PUBKEY;
  const token = <i32>load<u32>(op + OP_TOKEN);
  const entry = beginOp();
  let index: u32;
  if ((flags & <u32>OP_FLAG_CREATE) != 0) {
    index = accountCount();
    if (<u64>index >= <u64>1 << <u64>treeDepth()) {
      return priorityNoop(op, receipt, entry, true, PRIORITY_TREE_FULL);
    }
    memory.fill(A, 0, ACCOUNT_BYTES);
    memory.copy(A + ACCOUNT_AX, op + OP_AX, 32);
    memory.copy(A + ACCOUNT_AY, op + OP_AY, 32);
    memory.copy(A + ACCOUNT_L1_ADDRESS, op + OP_L1_ADDRESS, 32);
  } else {
    index = load<u32>(op + OP_ACCOUNT);
    if (!accountExists(index)) return priorityNoop(op, receipt, entry, true, TX_UNKNOWN_ACCOUNT);
    memory.copy(A, accountAt(index), ACCOUNT_BYTES);
  }
  const balance = balanceAt(A, token);
  u128Add(SUM, balance, amount);
  if (!u128Fits(SUM, BALANCE_BITS)) return priorityNoop(op, receipt, entry, true, TX_BALANCE_OVERFLOW);
  memory.copy(balance, SUM, 16);
  writeAndConsume(op, true, index, A, entry);
  // Slot B: a created account's predecessor (proving index = nextIndex), else the account itself.
  const created = (flags & <u32>OP_FLAG_CREATE) != 0;
  setReads(entry, NO_READ, created && index > 0 ? index - 1 : index);
  setDa(entry, daDeposit(entry + O_DA, true, index));
  endOp();
  store<u32>(receipt + RECEIPT_STATUS, STATUS_APPLIED);
  store<u32>(receipt + RECEIPT_ACCOUNT, index);
  copyDa(receipt, entry);
  return OK;
}

function applyForcedExit(op: usize, receipt: usize): i32 {
  const token = <i32>load<u32>(op + OP_TOKEN);
  const index = load<u32>(op + OP_ACCOUNT);
  const entry = beginOp();
  if (!accountExists(index)) return priorityNoop(op, receipt, entry, false, TX_UNKNOWN_ACCOUNT);
  const current = accountAt(index);
  if (memory.compare(current + ACCOUNT_L1_ADDRESS, op + OP_L1_ADDRESS, 32) != 0) {
    return priorityNoop(op, receipt, entry, false, PRIORITY_NOT_OWNER);
  }
  memory.copy(A, current, ACCOUNT_BYTES);
  const balance = balanceAt(A, token);
  // The receipt keeps the amount before the balance is zeroed.
  memory.copy(receipt + RECEIPT_WITHDRAW_AMOUNT, balance, 16);
  memory.fill(balance, 0, 16);
  writeAndConsume(op, false, index, A, entry);
  setReads(entry, NO_READ, index);
  setDa(entry, daForcedExit(entry + O_DA, true, index, token, receipt + RECEIPT_WITHDRAW_AMOUNT));
  endOp();
  store<u32>(receipt + RECEIPT_STATUS, STATUS_APPLIED);
  store<u32>(receipt + RECEIPT_HAS_WITHDRAWAL, 1);
  store<u32>(receipt + RECEIPT_WITHDRAW_ACCOUNT, index);
  store<u32>(receipt + RECEIPT_WITHDRAW_TOKEN, <u32>token);
  memory.copy(receipt + RECEIPT_WITHDRAW_L1_ADDRESS, current + ACCOUNT_L1_ADDRESS, 32);
  copyDa(receipt, entry);
  return OK;
}

/** Transfer and Withdraw: static checks, then unknown accounts, nonce, signature, balance, overflow. */
function applyL2(op: usize, receipt: usize, transfer: bool): i32 {
  const amount = op + OP_AMOUNT;
  const fee = op + OP_FEE;
  if (!u256Fits(amount, BALANCE_BITS) || !u256Fits(fee, BALANCE_BITS)) return TX_AMOUNT_RANGE;
  const amountF = encodeFloat(amount, AMOUNT_MANTISSA_BITS, AMOUNT_EXPONENT_BITS);
  if (amountF < 0) return TX_AMOUNT_NOT_REPRESENTABLE;
  const feeF = encodeFloat(fee, FEE_MANTISSA_BITS, FEE_EXPONENT_BITS);
  if (feeF < 0) return TX_FEE_NOT_REPRESENTABLE;
  const from = load<u32>(op + OP_ACCOUNT);
  const to = transfer ? load<u32>(op + OP_TO) : 0;
  if (transfer && from == to) return TX_SELF_TRANSFER;
  const nonce = load<u32>(op + OP_NONCE);
  if (nonce == 0xffffffff) return TX_NONCE_EXHAUSTED;
  if (!accountExists(from)) return TX_UNKNOWN_ACCOUNT;
  if (transfer && !accountExists(to)) return TX_UNKNOWN_ACCOUNT;
  const sender = accountAt(from);
  if (nonce != nonceOf(sender)) return TX_NONCE_MISMATCH;
  const token = <i32>load<u32>(op + OP_TOKEN);
  if (checkSignatures) {
    const flags = load<u32>(op + OP_FLAGS);
    // A verdict from the bridge's worker pool counts only for the key it was made with (ax ‖ ay).
    const checked =
      (flags & <u32>OP_FLAG_SIG_CHECKED) != 0 && memory.compare(sender + ACCOUNT_AX, op + OP_AX, 64) == 0;
    if (checked) {
      if ((flags & <u32>OP_FLAG_SIG_VALID) == 0) return TX_BAD_SIGNATURE;
    } else {
      const type = transfer ? OP_TRANSFER : OP_WITHDRAW;
      txMessage(MSG, type, chainId, from, to, token, <u64>amountF, <u64>feeF, nonce);
      if (!verifySignature(MSG, op + OP_SIGNATURE, sender)) return TX_BAD_SIGNATURE;
    }
  }
  // Debit the token, then the fee, from the running balances (one balance when token = GCC).
  memory.copy(A, sender, ACCOUNT_BYTES);
  const debited = balanceAt(A, token);
  if (u128Less(debited, amount)) return TX_INSUFFICIENT_BALANCE;
  u128Sub(debited, debited, amount);
  const gcc = balanceAt(A, FEE_TOKEN);
  if (u128Less(gcc, fee)) return TX_INSUFFICIENT_BALANCE;
  u128Sub(gcc, gcc, fee);
  store<u32>(A + ACCOUNT_NONCE, nonce + 1);
  if (transfer) {
    memory.copy(B, accountAt(to), ACCOUNT_BYTES);
    const credited = balanceAt(B, token);
    u128Add(credited, credited, amount);
    if (!u128Fits(credited, BALANCE_BITS)) return TX_BALANCE_OVERFLOW;
  }
  // The batch must be able to close: its fee account exists and can take every fee collected so far.
  if (!accountExists(feeAccount)) return BATCH_UNKNOWN_FEE_ACCOUNT;
  const feeRecord = feeAccount == from ? A : transfer && feeAccount == to ? B : accountAt(feeAccount);
  u128Add(SUM, balanceAt(feeRecord, FEE_TOKEN), pendingFees);
  u128Add(SUM, SUM, fee);
  if (!u128Fits(SUM, BALANCE_BITS)) return BATCH_FEE_OVERFLOW;

  const entry = beginOp();
  if (transfer) writeAccounts2(from, A, to, B, opCount, entry);
  else {
    writeAccount(from, A, opCount, entry);
    setReads(entry, NO_READ, from);
  }
  u128Add(pendingFees, pendingFees, fee);
  const da = entry + O_DA;
  setDa(entry, transfer ? daTransfer(da, from, to, token, amountF, feeF) : daWithdraw(da, from, token, amountF, feeF));
  markL2();
  endOp();
  store<u32>(receipt + RECEIPT_STATUS, STATUS_APPLIED);
  if (!transfer) {
    store<u32>(receipt + RECEIPT_HAS_WITHDRAWAL, 1);
    store<u32>(receipt + RECEIPT_WITHDRAW_ACCOUNT, from);
    store<u32>(receipt + RECEIPT_WITHDRAW_TOKEN, <u32>token);
    memory.copy(receipt + RECEIPT_WITHDRAW_L1_ADDRESS, sender + ACCOUNT_L1_ADDRESS, 32);
    memory.copy(receipt + RECEIPT_WITHDRAW_AMOUNT, amount, 16);
  }
  copyDa(receipt, entry);
  return OK;
}
