/**
 * The engine's exported ABI (re-exported by assembly/index.ts; only src/bridge/engine/ calls it). One
 * engine per WASM instance. Structs are laid out as src/bridge/layout/structs.ts defines them; every
 * export returns a status code (0 = OK, else an id of src/protocol/errors.ts) or a plain count.
 *
 * Bulk transfers (genesis, snapshots, restores) go through the I/O buffer in slices, so a state of
 * millions of accounts never needs a second full copy inside linear memory.
 */
import { FIELD_OUT_OF_RANGE, OK, TX_UNKNOWN_ACCOUNT, WASM_BAD_ARGUMENT } from "../generated/errors";
import { isValidPublicKey } from "../curve/publicKey";
import { FR_BYTES, frCopy, frFromBytes, frToBytes } from "../field/fr";
import {
  accountAt,
  accountCount,
  accountExists,
  accountLeaf,
  accountLeafX2,
  reserveAccounts,
  setAccountCount,
} from "./accounts";
import {
  batchNumber,
  chainInit,
  checkpointTo,
  discardBatch,
  l2Seen,
  opCount,
  resetBatch,
  revertTo,
  pendingFees,
  priorityCount,
  priorityHash,
  setChainCounters,
  setFeeAccount,
  stopHashingLeaves,
  writeCount,
} from "./chain";
import {
  ACCOUNT_AX,
  ACCOUNT_AY,
  ACCOUNT_BALANCES,
  ACCOUNT_BYTES,
  ACCOUNT_L1_ADDRESS,
  ACCOUNT_NONCE,
  BALANCE_BITS,
  L1_ADDRESS_BITS,
  MAX_BATCH_SIZE,
  MAX_TREE_DEPTH,
  OP_BYTES,
  RECEIPT_BYTES,
  RECEIPT_CODE,
} from "./generated/layout";
import { applyOp, checkCreatedKeys } from "./ops";
import { closeBatch, sealBatch, sealSize } from "./seal";
import { SIGNATURE_VERIFIER } from "./signature";
import { u128Fits } from "./uint";
import { nodeAt, nodeSlot, rebuildAbove, rootAt, siblingsToBytes, treeDepth, treeInit, treeLevels, usedAt } from "./tree";

let initialised = false;
/**
 * Set by the first stateClose: the accounts have moved past the tree, which still holds the last sealed
 * state (or genesis) and can no longer be sealed over, proved against or rebuilt into a checked root.
 * Never cleared: such an engine soft-confirms, and another one replaying the same ops seals.
 */
let treeStale = false;
const EL: usize = memory.data(FR_BYTES);

@inline function batchOpen(): bool {
  return opCount != 0 || writeCount != 0;
}

/** 1 when this build verifies signatures (assembly/curve), else 0. */
export function stateSignatureVerifier(): i32 {
  return SIGNATURE_VERIFIER ? 1 : 0;
}

/** Creates the (empty) state. Once per instance. */
export function stateInit(depth: i32, chainId: u32, batchSize: u32, checkSignatures: i32): i32 {
  if (initialised || depth < 2 || depth > MAX_TREE_DEPTH || (depth & 1) != 0) return WASM_BAD_ARGUMENT;
  if (batchSize < 1 || batchSize > <u32>MAX_BATCH_SIZE) return WASM_BAD_ARGUMENT;
  if (checkSignatures != 0 && !SIGNATURE_VERIFIER) return WASM_BAD_ARGUMENT;
  treeInit(depth);
  chainInit(chainId, batchSize, checkSignatures != 0);
  initialised = true;
  return OK;
}

/** Appends `count` ACCOUNT records (already validated by the bridge); the tree is built later. */
export function stateLoadAccounts(input: usize, count: u32): i32 {
  if (!initialised || batchOpen()) return WASM_BAD_ARGUMENT;
  const start = accountCount();
  if (<u64>start + <u64>count > <u64>1 << <u64>treeDepth()) return WASM_BAD_ARGUMENT;
  reserveAccounts(<u64>start + <u64>count);
  for (let i: u32 = 0; i < count; i++) {
    memory.copy(accountAt(start + i), input + <usize>i * ACCOUNT_BYTES, ACCOUNT_BYTES);
  }
  setAccountCount(start + count);
  resetBatch();
  return OK;
}

const CANONICAL: usize = memory.data(FR_BYTES);

/** True when the ACCOUNT record at `a` holds canonical values (and, if `keys`, a valid key: §3.4). */
function recordValid(a: usize, keys: bool): bool {
  if (keys) {
    if (!isValidPublicKey(a + ACCOUNT_AX, a + ACCOUNT_AY)) return false;
  } else if (!frFromBytes(CANONICAL, a + ACCOUNT_AX) || !frFromBytes(CANONICAL, a + ACCOUNT_AY)) return false;
  // l1Address < 2^160: its bytes 20..31 are zero.
  const l1 = a + ACCOUNT_L1_ADDRESS;
  if (load<u32>(l1 + <usize>(L1_ADDRESS_BITS >> 3)) != 0 || load<u64>(l1 + 24) != 0) return false;
  for (let t = 0; t < 4; t++) if (!u128Fits(a + ACCOUNT_BALANCES + <usize>(t << 4), BALANCE_BITS)) return false;
  // The record's tail after the nonce is padding, always zero.
  for (let p = ACCOUNT_NONCE + 4; p < ACCOUNT_BYTES; p++) if (load<u8>(a + p) != 0) return false;
  return true;
}

/**
 * Checks `count` ACCOUNT records at `input` without storing them: every value canonical (keys below p,
 * l1Address below 2^160, balances below 2^126, zero padding) and, when `keys` ≠ 0, every key a valid
 * one (§3.4). Returns the index of the first bad record, or −1.
 */
export function stateCheckAccounts(input: usize, count: i32, keys: i32): i32 {
  for (let i = 0; i < count; i++) {
    if (!recordValid(input + <usize>i * ACCOUNT_BYTES, keys != 0)) return i;
  }
  return -1;
}

/** Writes the open batch's position (layout CHECKPOINT) to `out`, for stateRevert. */
export function stateCheckpoint(out: usize): i32 {
  if (!initialised) return WASM_BAD_ARGUMENT;
  checkpointTo(out);
  return OK;
}

/** Undoes the ops applied since the checkpoint at `input`; WASM_BAD_ARGUMENT if it is not in the open batch. */
export function stateRevert(input: usize): i32 {
  if (!initialised || !revertTo(input)) return WASM_BAD_ARGUMENT;
  return OK;
}

/** Hashes every account's leaf and every node above them: each node once. */
export function stateBuildTree(): i32 {
  if (!initialised || batchOpen() || treeStale) return WASM_BAD_ARGUMENT;
  const n = accountCount();
  let i: u32 = 0;
  for (; i + 1 < n; i += 2) {
    const a = nodeSlot(0, i);
    accountLeafX2(a, nodeSlot(0, i + 1), accountAt(i), accountAt(i + 1));
  }
  if (i < n) accountLeaf(nodeSlot(0, i), accountAt(i));
  rebuildAbove();
  return OK;
}

/** Sets the batch counter, queue counter and queue hash (32-byte canonical at `qHash`), for restores. */
export function stateSetCounters(batch: u32, priorities: u32, qHash: usize): i32 {
  if (!initialised || batchOpen()) return WASM_BAD_ARGUMENT;
  if (!frFromBytes(EL, qHash)) return FIELD_OUT_OF_RANGE;
  setChainCounters(batch, priorities, EL);
  return OK;
}

/**
 * The fee account of the open batch; only until its first L2 tx (the first op whose checks read it), so
 * a batch of priority ops whose fee account is missing can still be pointed at another and sealed.
 */
export function stateSetFeeAccount(index: u32): i32 {
  if (l2Seen) return WASM_BAD_ARGUMENT;
  setFeeAccount(index);
  return OK;
}

/** Applies `count` ops (layout OP) in order, writing one RECEIPT each; a rejection code per receipt. */
export function stateApply(count: u32, ops: usize, receipts: usize): i32 {
  if (!initialised) return WASM_BAD_ARGUMENT;
  checkCreatedKeys(count, ops, OP_BYTES);
  for (let i: u32 = 0; i < count; i++) {
    const r = receipts + <usize>i * RECEIPT_BYTES;
    const code = applyOp(ops + <usize>i * OP_BYTES, r);
    store<u32>(r + RECEIPT_CODE, <u32>code);
  }
  return OK;
}

export function stateSealSize(): usize {
  return sealSize();
}

export function stateSeal(out: usize): i32 {
  if (!initialised || treeStale) return WASM_BAD_ARGUMENT;
  return sealBatch(out);
}

/**
 * Closes the open batch as stateSeal does for the accounts, without the tree (layout CLOSED to `out`);
 * from then on every export that reads or extends the tree refuses (treeStale).
 */
export function stateClose(out: usize): i32 {
  if (!initialised) return WASM_BAD_ARGUMENT;
  const status = closeBatch(out);
  if (status == OK) {
    treeStale = true;
    stopHashingLeaves();
  }
  return status;
}

/** 1 once a batch was closed by stateClose: the tree no longer matches the accounts. */
export function stateTreeStale(): i32 {
  return treeStale ? 1 : 0;
}

export function stateDiscard(): void {
  discardBatch();
}

/** Copies account `index`'s record (soft-confirmed) to `out`. */
export function stateAccount(index: u32, out: usize): i32 {
  if (!accountExists(index)) return TX_UNKNOWN_ACCOUNT;
  memory.copy(out, accountAt(index), ACCOUNT_BYTES);
  return OK;
}

/** Leaf and its 3 · depth/2 siblings (32-byte canonical, tree.ts order) of leaf `index` in the sealed tree. */
export function stateProof(index: u32, out: usize): i32 {
  const depth = treeDepth();
  if (treeStale || (depth < 32 && index >= (<u32>1 << <u32>depth))) return WASM_BAD_ARGUMENT;
  frToBytes(out, nodeAt(0, index));
  siblingsToBytes(out + 32, index);
  return OK;
}

export function stateRoot(out: usize): i32 {
  if (treeStale) return WASM_BAD_ARGUMENT;
  frToBytes(out, rootAt());
  return OK;
}

export function stateAccountCount(): u32 {
  return accountCount();
}

export function stateBatchNumber(): u32 {
  return batchNumber;
}

export function statePriorityCount(): u32 {
  return priorityCount;
}

export function statePriorityHash(out: usize): void {
  frToBytes(out, priorityHash);
}

/** GCC fees collected by the open batch (u128 little-endian). */
export function statePendingFees(out: usize): void {
  memory.copy(out, pendingFees, 16);
}

/** Ops applied in the open batch (Noops not counted). */
export function stateOpenOps(): u32 {
  return opCount;
}

/** Stored nodes of a tree level (the non-empty prefix). */
export function stateNodeCount(level: i32): u32 {
  return level < 0 || level > treeLevels() ? 0 : usedAt(level);
}

/** Copies accounts start..start+count−1 to `out`. */
export function stateCopyAccounts(start: u32, count: u32, out: usize): i32 {
  if (<u64>start + <u64>count > <u64>accountCount()) return WASM_BAD_ARGUMENT;
  for (let i: u32 = 0; i < count; i++) memory.copy(out + <usize>i * ACCOUNT_BYTES, accountAt(start + i), ACCOUNT_BYTES);
  return OK;
}

/** Copies stored nodes start..start+count−1 of `level` to `out` as 32-byte canonical elements. */
export function stateCopyNodes(level: i32, start: u32, count: u32, out: usize): i32 {
  if (treeStale || level < 0 || level > treeLevels() || <u64>start + <u64>count > <u64>usedAt(level)) return WASM_BAD_ARGUMENT;
  for (let i: u32 = 0; i < count; i++) frToBytes(out + <usize>i * 32, nodeAt(level, start + i));
  return OK;
}

/** Stores nodes start..start+count−1 of `level` from 32-byte canonical elements (restores). */
export function stateLoadNodes(level: i32, start: u32, count: u32, input: usize): i32 {
  if (!initialised || batchOpen() || treeStale || level < 0 || level > treeLevels()) return WASM_BAD_ARGUMENT;
  if (start != usedAt(level)) return WASM_BAD_ARGUMENT;
  for (let i: u32 = 0; i < count; i++) {
    if (!frFromBytes(EL, input + <usize>i * 32)) return FIELD_OUT_OF_RANGE;
    frCopy(nodeSlot(level, start + i), EL);
  }
  return OK;
}
