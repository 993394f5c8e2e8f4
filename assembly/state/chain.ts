/**
 * The engine's chain state besides accounts and tree: parameters fixed at creation, the priority queue's
 * running hash, the batch counter, and the open batch (its ops, its leaf writes, its collected fees).
 *
 * The open batch is a log: every applied op appends an op entry (its DA record and its range of leaf
 * writes), every account write appends a write entry (the account before and after, and the new leaf
 * hash, computed once here so sealing never hashes a leaf again). Sealing replays the writes over the
 * tree; discarding restores the `before` records in reverse.
 */
import { FR_BYTES, frCopy, frFromBytes, frSetZero, frToBytes } from "../field/fr";
import { accountAt, accountCount, accountLeaf, accountLeafBeside, accountLeafX2, setAccountCount } from "./accounts";
import { Chunked } from "./chunked";
import {
  ACCOUNT_BYTES,
  CHECKPOINT_ACCOUNT_COUNT,
  CHECKPOINT_BATCH_NUMBER,
  CHECKPOINT_L2_SEEN,
  CHECKPOINT_OP_COUNT,
  CHECKPOINT_PENDING_FEES,
  CHECKPOINT_PRIORITY_COUNT,
  CHECKPOINT_PRIORITY_HASH,
  CHECKPOINT_WRITE_COUNT,
} from "./generated/layout";

// Parameters.
export let chainId: u32 = 0;
export let batchSize: u32 = 0;
export let checkSignatures: bool = false;

// Committed chain state.
export let batchNumber: u32 = 0;
export let priorityCount: u32 = 0;
/** Q, Montgomery. */
export const priorityHash: usize = memory.data(FR_BYTES);

// The open batch.
export let feeAccount: u32 = 0;
export let opCount: u32 = 0;
export let writeCount: u32 = 0;
export let l2Seen: bool = false;
/** GCC fees collected by the open batch (u128). */
export const pendingFees: usize = memory.data(16);
// Values at the start of the open batch, for sealing (old hashes) and discarding.
let startAccounts: u32 = 0;
let startPriorityCount: u32 = 0;
export const startPriorityHash: usize = memory.data(FR_BYTES);

/*
 * Write log entry (internal):  0 index u32 | 4 op u32 | 8 leaf (36, Montgomery) | 48 before | 216 after
 * Op log entry (internal):     0 firstWrite u32 | 4 writes u32 | 8 daLength u32 | 12 da (24 bytes) |
 *                              36 readA u32 | 40 readB u32   (leaves read, not written: NO_READ if none)
 */
export const W_INDEX: usize = 0;
export const W_OP: usize = 4;
export const W_LEAF: usize = 8;
export const W_BEFORE: usize = 48;
export const W_AFTER: usize = W_BEFORE + ACCOUNT_BYTES;
const W_BYTES: usize = W_AFTER + ACCOUNT_BYTES;
export const O_FIRST: usize = 0;
export const O_WRITES: usize = 4;
export const O_DA_LENGTH: usize = 8;
export const O_DA: usize = 12;
export const O_READ_A: usize = 36;
export const O_READ_B: usize = 40;
const O_BYTES: usize = 48;
export const NO_READ: u32 = 0xffffffff;

/**
 * Off once the engine closes its batches without the tree (engine.ts treeStale): a write's leaf hash is
 * read only by a seal's replay, which such an engine never makes, so apply stops computing it.
 */
let hashLeaves: bool = true;

/** Stops hashing the leaves of later writes (engine.ts stateClose). */
export function stopHashingLeaves(): void {
  hashLeaves = false;
}

const writes = new Chunked(W_BYTES, 10);
const ops = new Chunked(O_BYTES, 10);

export function chainInit(id: u32, size: u32, signatures: bool): void {
  chainId = id;
  batchSize = size;
  checkSignatures = signatures;
  frSetZero(priorityHash);
  resetBatch();
}

export function setChainCounters(batch: u32, priorities: u32, qHash: usize): void {
  batchNumber = batch;
  priorityCount = priorities;
  frCopy(priorityHash, qHash);
  resetBatch();
}

/** Empties the batch log and marks the current state as the batch's start. */
export function resetBatch(): void {
  opCount = 0;
  writeCount = 0;
  l2Seen = false;
  memory.fill(pendingFees, 0, 16);
  startAccounts = accountCount();
  startPriorityCount = priorityCount;
  frCopy(startPriorityHash, priorityHash);
}

export function setFeeAccount(i: u32): void {
  feeAccount = i;
}

export function markL2(): void {
  l2Seen = true;
}

/** Advances the priority queue counter; the caller has updated `priorityHash`. */
export function consumePriority(): void {
  priorityCount++;
}

export function writeAt(w: u32): usize {
  return writes.at(w);
}

export function opAt(k: u32): usize {
  return ops.at(k);
}

/** Starts the next op's log entry; returns it (DA empty, no writes yet). */
export function beginOp(): usize {
  ops.ensure(<u64>opCount + 1);
  const o = ops.at(opCount);
  store<u32>(o + O_FIRST, writeCount);
  store<u32>(o + O_WRITES, 0);
  store<u32>(o + O_DA_LENGTH, 0);
  memory.fill(o + O_DA, 0, 24);
  store<u32>(o + O_READ_A, NO_READ);
  store<u32>(o + O_READ_B, NO_READ);
  return o;
}

/**
 * Leaves an op reads without writing, for the circuit's two account slots (circuits/batch/slot.circom):
 * slot A is read before the op, slot B after its writes.
 */
export function setReads(entry: usize, a: u32, b: u32): void {
  store<u32>(entry + O_READ_A, a);
  store<u32>(entry + O_READ_B, b);
}

/** Reads logged by the open batch. */
export function readCount(): u32 {
  let n: u32 = 0;
  for (let k: u32 = 0; k < opCount; k++) {
    const o = ops.at(k);
    if (load<u32>(o + O_READ_A) != NO_READ) n++;
    if (load<u32>(o + O_READ_B) != NO_READ) n++;
  }
  return n;
}

/** Ends the op begun by beginOp. */
export function endOp(): void {
  opCount++;
}

/** Logs and stores one write; its leaf hash is left to the caller. Returns the log entry. */
function logWrite(index: u32, record: usize, op: u32, entry: usize): usize {
  writes.ensure(<u64>writeCount + 1);
  const w = writes.at(writeCount);
  const target = accountAt(index);
  store<u32>(w + W_INDEX, index);
  store<u32>(w + W_OP, op);
  memory.copy(w + W_BEFORE, target, ACCOUNT_BYTES);
  memory.copy(w + W_AFTER, record, ACCOUNT_BYTES);
  memory.copy(target, record, ACCOUNT_BYTES);
  if (index >= accountCount()) setAccountCount(index + 1);
  writeCount++;
  if (entry != 0) store<u32>(entry + O_WRITES, load<u32>(entry + O_WRITES) + 1);
  return w;
}

/**
 * Stores `record` as account `index` (creating it if index = the account count), logging the write
 * for op `op` with its new leaf hash. `entry` is that op's log entry (or 0 for the fee credit).
 */
export function writeAccount(index: u32, record: usize, op: u32, entry: usize): void {
  const w = logWrite(index, record, op, entry);
  if (hashLeaves) accountLeaf(w + W_LEAF, record);
}

/**
 * writeAccount for a priority op, whose queue step is hashed beside the leaf in one SIMD pass: the
 * queue hash becomes Poseidon(queueInputs) (priorityInputs' five elements) and the counter advances.
 */
export function writeAccountAndConsume(index: u32, record: usize, op: u32, entry: usize, queueInputs: usize): void {
  const w = logWrite(index, record, op, entry);
  accountLeafBeside(w + W_LEAF, record, priorityHash, queueInputs);
  priorityCount++;
}

/** writeAccount for two different accounts of one op, their leaves hashed in one SIMD pass. */
export function writeAccounts2(ia: u32, a: usize, ib: u32, b: usize, op: u32, entry: usize): void {
  const wa = logWrite(ia, a, op, entry);
  const wb = logWrite(ib, b, op, entry);
  if (hashLeaves) accountLeafX2(wa + W_LEAF, wb + W_LEAF, a, b);
}

/** Undoes writes writeCount − 1 down to `first`, in reverse, restoring each account's record before it. */
function undoWrites(first: u32): void {
  for (let w = <i64>writeCount - 1; w >= <i64>first; w--) {
    const e = writes.at(<u32>w);
    memory.copy(accountAt(load<u32>(e + W_INDEX)), e + W_BEFORE, ACCOUNT_BYTES);
  }
}

/** Writes the open batch's current position (layout CHECKPOINT) to `out`. */
export function checkpointTo(out: usize): void {
  store<u32>(out + CHECKPOINT_BATCH_NUMBER, batchNumber);
  store<u32>(out + CHECKPOINT_OP_COUNT, opCount);
  store<u32>(out + CHECKPOINT_WRITE_COUNT, writeCount);
  store<u32>(out + CHECKPOINT_ACCOUNT_COUNT, accountCount());
  store<u32>(out + CHECKPOINT_PRIORITY_COUNT, priorityCount);
  store<u32>(out + CHECKPOINT_L2_SEEN, l2Seen ? 1 : 0);
  memory.copy(out + CHECKPOINT_PENDING_FEES, pendingFees, 16);
  frToBytes(out + CHECKPOINT_PRIORITY_HASH, priorityHash);
}

const CHECKPOINT_HASH: usize = memory.data(FR_BYTES);

/**
 * Undoes the ops applied after the checkpoint at `input` (checkpointTo's bytes): their writes in
 * reverse, then the counters, queue hash and collected fees as they were. False, changing nothing,
 * when the checkpoint does not lie inside the open batch's log as it stands.
 */
export function revertTo(input: usize): bool {
  const ops_ = load<u32>(input + CHECKPOINT_OP_COUNT);
  const writes_ = load<u32>(input + CHECKPOINT_WRITE_COUNT);
  const accounts = load<u32>(input + CHECKPOINT_ACCOUNT_COUNT);
  const priorities = load<u32>(input + CHECKPOINT_PRIORITY_COUNT);
  const seen = load<u32>(input + CHECKPOINT_L2_SEEN);
  if (load<u32>(input + CHECKPOINT_BATCH_NUMBER) != batchNumber) return false;
  if (ops_ > opCount || writes_ > writeCount || seen > 1) return false;
  if (ops_ < opCount && load<u32>(ops.at(ops_) + O_FIRST) != writes_) return false;
  if (accounts < startAccounts || accounts > accountCount()) return false;
  if (priorities < startPriorityCount || priorities > priorityCount) return false;
  if (!frFromBytes(CHECKPOINT_HASH, input + CHECKPOINT_PRIORITY_HASH)) return false;
  undoWrites(writes_);
  writeCount = writes_;
  opCount = ops_;
  setAccountCount(accounts);
  priorityCount = priorities;
  frCopy(priorityHash, CHECKPOINT_HASH);
  memory.copy(pendingFees, input + CHECKPOINT_PENDING_FEES, 16);
  l2Seen = seen == 1;
  return true;
}

/** Undoes every write of the open batch and the queue progress, and empties the log. */
export function discardBatch(): void {
  undoWrites(0);
  // Records of accounts created by the batch are zero again; only the count needs restoring.
  setAccountCount(startAccounts);
  priorityCount = startPriorityCount;
  frCopy(priorityHash, startPriorityHash);
  resetBatch();
}

/** Closes the batch after a seal: the log is consumed, the next batch starts here. */
export function finishBatch(): void {
  batchNumber++;
  resetBatch();
}

/** Priority ops consumed by the open batch. */
export function batchPriorityOps(): u32 {
  return priorityCount - startPriorityCount;
}
