/**
 * Sealing the open batch (docs/protocol.md §7.3, model/applyBatch.ts closeBatch): credit the collected
 * fees to the fee account, then replay the batch's leaf writes in order over the tree, which still holds
 * the last sealed state. The replay yields everything the circuit needs per op: each write's siblings,
 * old and new leaf, and the root after each op; then the data hash and the public-input hash.
 * closeBatch makes the same credit and starts the next batch without the replay, for an engine that
 * only soft-confirms while a second one, replaying the same ops, seals.
 *
 * Leaf hashes were computed when the ops were applied and are not recomputed. Within one op, a write is
 * rehashed only up to the level just below where its path meets the op's later writes: above that the
 * later write recomputes the shared path anyway, and no root between an op's writes is needed. A
 * transfer between accounts whose paths meet at level L costs L − 1 paired and levels − L + 1 single
 * Poseidon(4), not 2·levels.
 */
import { BATCH_FEE_OVERFLOW, BATCH_UNKNOWN_FEE_ACCOUNT, BATCH_WRONG_NUMBER, OK } from "../generated/errors";
import { FR_BYTES, frCopy, frToBytes } from "../field/fr";
import { poseidonMont } from "../hash/poseidon";
import { accountAt, accountExists, balanceAt } from "./accounts";
import {
  batchNumber,
  batchPriorityOps,
  batchSize,
  chainId,
  feeAccount,
  finishBatch,
  O_DA,
  O_DA_LENGTH,
  O_FIRST,
  O_READ_A,
  O_READ_B,
  O_WRITES,
  NO_READ,
  opAt,
  opCount,
  readCount,
  pendingFees,
  priorityHash,
  startPriorityHash,
  W_AFTER,
  W_BEFORE,
  W_INDEX,
  W_LEAF,
  W_OP,
  writeAccount,
  writeAt,
  writeCount,
} from "./chain";
import { daElement, publicInputHash } from "./encode";
import {
  ACCOUNT_BYTES,
  BALANCE_BITS,
  CLOSED_BATCH_NUMBER,
  CLOSED_COLLECTED_FEES,
  CLOSED_FEE_ACCOUNT,
  CLOSED_OP_COUNT,
  CLOSED_PRIORITY_COUNT,
  DATA_HASH_CHUNK,
  FEE_TOKEN,
  READ_ACCOUNT,
  READ_BYTES,
  READ_INDEX,
  READ_LEAF,
  READ_OP,
  READ_PADDING_VALUE,
  READ_SLOT,
  READ_SLOT_A_VALUE,
  READ_SLOT_B_VALUE,
  SEAL_BATCH_NUMBER,
  SEAL_BYTES,
  SEAL_COLLECTED_FEES,
  SEAL_DATA_HASH,
  SEAL_DATA_LENGTH,
  SEAL_FEE_ACCOUNT,
  SEAL_NEW_PRIORITY_HASH,
  SEAL_NEW_ROOT,
  SEAL_OLD_PRIORITY_HASH,
  SEAL_OLD_ROOT,
  SEAL_OP_COUNT,
  SEAL_PRIORITY_COUNT,
  SEAL_PUBLIC_INPUT_HASH,
  SEAL_READ_COUNT,
  SEAL_WRITE_COUNT,
  WRITE_AFTER,
  WRITE_BEFORE,
  WRITE_BYTES,
  WRITE_INDEX,
  WRITE_NEW_LEAF,
  WRITE_OLD_LEAF,
  WRITE_OP,
} from "./generated/layout";
import {
  hashPath,
  hashPathsX2,
  levelSiblingsToBytes,
  nodeAt,
  nodeSlot,
  rootAt,
  SIBLINGS_PER_LEVEL,
  siblingsToBytes,
  treeLevels,
} from "./tree";
import { u128Add, u128Fits } from "./uint";

const FEE_RECORD: usize = memory.data(<i32>ACCOUNT_BYTES);
const OLD_ROOT: usize = memory.data(FR_BYTES);
const NEW_ROOT: usize = memory.data(FR_BYTES);
const DATA_HASH: usize = memory.data(FR_BYTES);
const PI_HASH: usize = memory.data(FR_BYTES);
const CHAIN: usize = memory.data(5 * FR_BYTES);

@inline function align8(n: usize): usize {
  return (n + 7) & ~(<usize>7);
}

function dataLength(): usize {
  let n: usize = 0;
  for (let k: u32 = 0; k < opCount; k++) n += <usize>load<u32>(opAt(k) + O_DA_LENGTH);
  return n;
}

/** Bytes of a path's siblings: SIBLINGS_PER_LEVEL per level, 32 each. */
function siblingBytes(): usize {
  return <usize>(treeLevels() * SIBLINGS_PER_LEVEL * 32);
}

function writeBytes(): usize {
  return WRITE_BYTES + siblingBytes();
}

function readBytes(): usize {
  return READ_BYTES + siblingBytes();
}

/** Bytes `sealBatch` writes for the open batch (the fee credit and the padding read included). */
export function sealSize(): usize {
  const records = <usize>(writeCount + 1) * writeBytes() + <usize>(readCount() + 1) * readBytes();
  return SEAL_BYTES + align8(dataLength()) + <usize>opCount * 32 + records;
}

const EMPTY_RECORD: usize = memory.data(<i32>ACCOUNT_BYTES);

/**
 * Account `index` as it stood after the batch's first `done` writes: the records hold the batch's end,
 * so the log says what it was (the last earlier write's `after`, else the first later write's `before`).
 */
function accountAsOf(index: u32, done: u32): usize {
  for (let w = <i64>done - 1; w >= 0; w--) {
    const e = writeAt(<u32>w);
    if (load<u32>(e + W_INDEX) == index) return e + W_AFTER;
  }
  for (let w = done; w < writeCount; w++) {
    const e = writeAt(w);
    if (load<u32>(e + W_INDEX) == index) return e + W_BEFORE;
  }
  return accountExists(index) ? accountAt(index) : EMPTY_RECORD;
}

/**
 * Records a read of leaf `index` by slot `slot` of op `op`, after the batch's first `done` writes, into
 * `out`; returns the next address.
 */
function recordRead(op: u32, slot: i32, index: u32, done: u32, out: usize): usize {
  store<u32>(out + READ_OP, op);
  store<u32>(out + READ_SLOT, <u32>slot);
  store<u32>(out + READ_INDEX, index);
  const leaf = nodeAt(0, index);
  frToBytes(out + READ_LEAF, leaf);
  memory.copy(out + READ_ACCOUNT, accountAsOf(index, done), ACCOUNT_BYTES);
  siblingsToBytes(out + READ_BYTES, index);
  return out + readBytes();
}

/** Level where the paths of leaves a and b meet (0 if a = b): two index bits per level. */
@inline function meetLevel(a: u32, b: u32): i32 {
  return a == b ? 0 : (33 - <i32>clz(a ^ b)) >> 1;
}

/** Records write `e` (log entry) into `out`: its op, leaf, accounts, and its siblings as they stand. */
function recordWrite(e: usize, out: usize): u32 {
  const index = load<u32>(e + W_INDEX);
  store<u32>(out + WRITE_OP, load<u32>(e + W_OP));
  store<u32>(out + WRITE_INDEX, index);
  frToBytes(out + WRITE_OLD_LEAF, nodeAt(0, index));
  frToBytes(out + WRITE_NEW_LEAF, e + W_LEAF);
  memory.copy(out + WRITE_BEFORE, e + W_BEFORE, ACCOUNT_BYTES);
  memory.copy(out + WRITE_AFTER, e + W_AFTER, ACCOUNT_BYTES);
  siblingsToBytes(out + WRITE_BYTES, index);
  frCopy(nodeSlot(0, index), e + W_LEAF);
  return index;
}

/** Replays writes first..end−1 of one op, recording each into `out`; returns the next output address. */
function replayOp(first: u32, end: u32, out: usize): usize {
  if (end - first == 2) return replayPair(writeAt(first), writeAt(first + 1), out);
  const levels = treeLevels();
  for (let w = first; w < end; w++) {
    const index = recordWrite(writeAt(w), out);
    let top = w + 1 == end ? levels : 0;
    for (let later = w + 1; later < end; later++) {
      top = max(top, meetLevel(index, load<u32>(writeAt(later) + W_INDEX)) - 1);
    }
    hashPath(index, 0, top);
    out += writeBytes();
  }
  return out;
}

/**
 * Two writes of one op (a transfer): below the level L where their paths meet, the two paths are
 * disjoint, so their nodes are hashed two at a time (one SIMD pass for both); from L up, the second
 * write's path is hashed alone. The second write's siblings at level L − 1 include the first write's
 * new node there, so they are recorded once that node exists.
 */
function replayPair(a: usize, b: usize, out: usize): usize {
  const levels = treeLevels();
  const ia = recordWrite(a, out);
  const outB = out + writeBytes();
  const ib = recordWrite(b, outB);
  const meet = meetLevel(ia, ib);
  if (meet == 0) {
    // The same leaf twice: the second write's path is everything.
    hashPath(ib, 0, levels);
    return outB + writeBytes();
  }
  hashPathsX2(ia, ib, 0, meet - 1);
  const level = meet - 1;
  levelSiblingsToBytes(outB + WRITE_BYTES + <usize>(level * SIBLINGS_PER_LEVEL * 32), ib, level);
  hashPath(ib, level, levels);
  return outB + writeBytes();
}

/** The data hash: a Poseidon(5) chain over batchSize record elements, four per link, Noop slots 0. */
function dataHash(out: usize): void {
  let slots = batchSize;
  while (slots % <u32>DATA_HASH_CHUNK != 0) slots++;
  memory.fill(out, 0, FR_BYTES);
  for (let s: u32 = 0; s < slots; s += <u32>DATA_HASH_CHUNK) {
    frCopy(CHAIN, out);
    for (let j: u32 = 0; j < <u32>DATA_HASH_CHUNK; j++) {
      const k = s + j;
      const el = CHAIN + <usize>(j + 1) * FR_BYTES;
      if (k < opCount) {
        const o = opAt(k);
        daElement(el, o + O_DA, <i32>load<u32>(o + O_DA_LENGTH));
      } else daElement(el, 0, 0);
    }
    poseidonMont(out, CHAIN, 5);
  }
}

/**
 * The checks every close of a batch makes (sealBatch and closeBatch alike), and the fee account's
 * record after the credit of the batch's fees, left in FEE_RECORD. Returns OK or why the batch cannot
 * close; changes nothing either way.
 */
function feeCredit(): i32 {
  // Batch numbers are 32 bits: after batch 2^32 − 1 there is no next one (never wrap to 0).
  if (batchNumber == 0xffffffff) return BATCH_WRONG_NUMBER;
  if (!accountExists(feeAccount)) return BATCH_UNKNOWN_FEE_ACCOUNT;
  memory.copy(FEE_RECORD, accountAt(feeAccount), ACCOUNT_BYTES);
  const gcc = balanceAt(FEE_RECORD, FEE_TOKEN);
  u128Add(gcc, gcc, pendingFees);
  // Unreachable: every L2 tx was refused if the fee account could not take its fee.
  if (!u128Fits(gcc, BALANCE_BITS)) return BATCH_FEE_OVERFLOW;
  return OK;
}

/**
 * Closes the open batch for the accounts only, writing layout CLOSED to `out`: the fee credit and the
 * next batch exactly as sealBatch makes them, without replaying the writes over the tree (that replay
 * is most of a seal's cost). The credit is stored without a log entry or a leaf hash, which only the
 * replay and a discard would read, and the log is emptied at once. The tree keeps the last sealed
 * state and no longer matches the accounts: the caller stops every use of it. Returns what sealBatch
 * would (BATCH_UNKNOWN_FEE_ACCOUNT, nothing changed, if the fee account does not exist).
 */
export function closeBatch(out: usize): i32 {
  const status = feeCredit();
  if (status != OK) return status;
  memory.copy(accountAt(feeAccount), FEE_RECORD, ACCOUNT_BYTES);
  store<u32>(out + CLOSED_BATCH_NUMBER, batchNumber + 1);
  store<u32>(out + CLOSED_FEE_ACCOUNT, feeAccount);
  store<u32>(out + CLOSED_OP_COUNT, opCount);
  store<u32>(out + CLOSED_PRIORITY_COUNT, batchPriorityOps());
  memory.copy(out + CLOSED_COLLECTED_FEES, pendingFees, 16);
  finishBatch();
  return OK;
}

/**
 * Seals the open batch into `out` (sealSize() bytes, layout SEAL and what follows it). Returns
 * BATCH_UNKNOWN_FEE_ACCOUNT (nothing changed) if the fee account does not exist.
 */
export function sealBatch(out: usize): i32 {
  const status = feeCredit();
  if (status != OK) return status;
  const ops = opCount;
  writeAccount(feeAccount, FEE_RECORD, ops, 0);

  const dataLen = dataLength();
  memory.fill(out, 0, SEAL_BYTES);
  store<u32>(out + SEAL_BATCH_NUMBER, batchNumber + 1);
  store<u32>(out + SEAL_FEE_ACCOUNT, feeAccount);
  store<u32>(out + SEAL_OP_COUNT, ops);
  store<u32>(out + SEAL_WRITE_COUNT, writeCount);
  const reads = readCount() + 1;
  store<u32>(out + SEAL_READ_COUNT, reads);
  store<u32>(out + SEAL_DATA_LENGTH, <u32>dataLen);
  store<u32>(out + SEAL_PRIORITY_COUNT, batchPriorityOps());
  memory.copy(out + SEAL_COLLECTED_FEES, pendingFees, 16);
  frCopy(OLD_ROOT, rootAt());

  let at = out + SEAL_BYTES;
  const data = at;
  for (let k: u32 = 0; k < ops; k++) {
    const o = opAt(k);
    const n = <usize>load<u32>(o + O_DA_LENGTH);
    memory.copy(at, o + O_DA, n);
    at += n;
  }
  memory.fill(at, 0, align8(dataLen) - dataLen);
  const roots = data + align8(dataLen);
  let writesOut = roots + <usize>ops * 32;
  let readsOut = writesOut + <usize>writeCount * writeBytes();
  for (let k: u32 = 0; k < ops; k++) {
    const o = opAt(k);
    const first = load<u32>(o + O_FIRST);
    const end = first + load<u32>(o + O_WRITES);
    const readA = load<u32>(o + O_READ_A);
    if (readA != NO_READ) readsOut = recordRead(k, READ_SLOT_A_VALUE, readA, first, readsOut);
    writesOut = replayOp(first, end, writesOut);
    const readB = load<u32>(o + O_READ_B);
    if (readB != NO_READ) readsOut = recordRead(k, READ_SLOT_B_VALUE, readB, end, readsOut);
    frToBytes(roots + <usize>k * 32, rootAt());
  }
  recordRead(ops, READ_PADDING_VALUE, 0, writeCount - 1, readsOut);
  replayOp(writeCount - 1, writeCount, writesOut);
  frCopy(NEW_ROOT, rootAt());

  dataHash(DATA_HASH);
  publicInputHash(
    PI_HASH,
    chainId,
    batchNumber + 1,
    feeAccount,
    OLD_ROOT,
    NEW_ROOT,
    startPriorityHash,
    priorityHash,
    DATA_HASH,
  );
  frToBytes(out + SEAL_OLD_ROOT, OLD_ROOT);
  frToBytes(out + SEAL_NEW_ROOT, NEW_ROOT);
  frToBytes(out + SEAL_OLD_PRIORITY_HASH, startPriorityHash);
  frToBytes(out + SEAL_NEW_PRIORITY_HASH, priorityHash);
  frToBytes(out + SEAL_DATA_HASH, DATA_HASH);
  frToBytes(out + SEAL_PUBLIC_INPUT_HASH, PI_HASH);
  finishBatch();
  return OK;
}
