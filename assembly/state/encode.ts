/**
 * The protocol's bit-packed encodings as the engine needs them, each the model's function of the same
 * name: DA records (src/protocol/da/daRecord.ts), the priority queue's running hash
 * (model/priorityHash.ts), the signed message of an L2 tx (tx/txMessage.ts) and the batch header of the
 * public input (model/publicInputHash.ts). All pack LSB-first into zeroed little-endian buffers.
 */
import { FR_BYTES, frFromBytes } from "../field/fr";
import { poseidonMont } from "../hash/poseidon";
import { treeDepth } from "./tree";
import {
  AMOUNT_EXPONENT_BITS,
  AMOUNT_MANTISSA_BITS,
  BALANCE_BITS,
  BATCH_NUMBER_BITS,
  CHAIN_ID_BITS,
  FEE_EXPONENT_BITS,
  FEE_MANTISSA_BITS,
  INDEX_BITS,
  NONCE_BITS,
  OP_DEPOSIT,
  OP_FORCED_EXIT,
  OP_TRANSFER,
  OP_WITHDRAW,
  TOKEN_BITS,
  TX_DOMAIN_LE,
  TYPE_BITS,
} from "./generated/layout";
import { putBits, putBits128, putBytes } from "./uint";

const AMOUNT_FLOAT_BITS = AMOUNT_MANTISSA_BITS + AMOUNT_EXPONENT_BITS;
const FEE_FLOAT_BITS = FEE_MANTISSA_BITS + FEE_EXPONENT_BITS;

@inline function bytesOf(bits: i32): i32 {
  return (bits + 7) >> 3;
}

/** Deposit record: tag 0 | applied 1 | account D. Writes into the zeroed `out`; returns its length. */
export function daDeposit(out: usize, applied: bool, account: u32): i32 {
  let at = putBits(out, 0, OP_DEPOSIT, TYPE_BITS);
  at = putBits(out, at, applied ? 1 : 0, 1);
  at = putBits(out, at, account, treeDepth());
  return bytesOf(at);
}

/** ForcedExit record: tag 1 | applied 1 | account D | token 2 | amount 126. */
export function daForcedExit(out: usize, applied: bool, account: u32, token: i32, amount: usize): i32 {
  let at = putBits(out, 0, OP_FORCED_EXIT, TYPE_BITS);
  at = putBits(out, at, applied ? 1 : 0, 1);
  at = putBits(out, at, account, treeDepth());
  at = putBits(out, at, token, TOKEN_BITS);
  if (applied) at = putBits128(out, at, amount, BALANCE_BITS);
  else at += BALANCE_BITS;
  return bytesOf(at);
}

/** Transfer record: tag 2 | from D | to D | token 2 | amount float36 | fee float16. */
export function daTransfer(out: usize, from: u32, to: u32, token: i32, amountF: u64, feeF: u64): i32 {
  const d = treeDepth();
  let at = putBits(out, 0, OP_TRANSFER, TYPE_BITS);
  at = putBits(out, at, from, d);
  at = putBits(out, at, to, d);
  at = putBits(out, at, token, TOKEN_BITS);
  at = putBits(out, at, amountF, AMOUNT_FLOAT_BITS);
  at = putBits(out, at, feeF, FEE_FLOAT_BITS);
  return bytesOf(at);
}

/** Withdraw record: tag 3 | from D | token 2 | amount float36 | fee float16. */
export function daWithdraw(out: usize, from: u32, token: i32, amountF: u64, feeF: u64): i32 {
  let at = putBits(out, 0, OP_WITHDRAW, TYPE_BITS);
  at = putBits(out, at, from, treeDepth());
  at = putBits(out, at, token, TOKEN_BITS);
  at = putBits(out, at, amountF, AMOUNT_FLOAT_BITS);
  at = putBits(out, at, feeF, FEE_FLOAT_BITS);
  return bytesOf(at);
}

const WORDS: usize = memory.data(6 * FR_BYTES);
const BUF: usize = memory.data(32);

function toMont(o: usize): void {
  frFromBytes(o, BUF);
  memory.fill(BUF, 0, 32);
}

/**
 * q ← Poseidon(q, w0, w1, w2, w3), w0 = type(2) | token(2) | create(1) | account(32) | amount(126);
 * deposit: w1 = l1Address, w2 = ax, w3 = ay; forced exit: w1 = requester, w2 = w3 = 0. `amount` is a
 * u128 (0 for a forced exit); `w1`..`w3` canonical 32-byte values (ax, ay < p: checked before).
 */
export function nextPriorityHash(
  q: usize,
  type: i32,
  token: i32,
  create: bool,
  account: u32,
  amount: usize,
  w1: usize,
  w2: usize,
  w3: usize,
): void {
  poseidonMont(q, priorityInputs(q, type, token, create, account, amount, w1, w2, w3), 5);
}

/**
 * The five inputs (Q, w0..w3, Montgomery) of the queue step after `q`, as nextPriorityHash hashes them;
 * returns their address (static scratch), for callers that hash them beside another Poseidon(5).
 */
export function priorityInputs(
  q: usize,
  type: i32,
  token: i32,
  create: bool,
  account: u32,
  amount: usize,
  w1: usize,
  w2: usize,
  w3: usize,
): usize {
  memory.fill(BUF, 0, 32);
  memory.copy(WORDS, q, FR_BYTES);
  let at = putBits(BUF, 0, type, TYPE_BITS);
  at = putBits(BUF, at, token, TOKEN_BITS);
  at = putBits(BUF, at, create ? 1 : 0, 1);
  at = putBits(BUF, at, account, INDEX_BITS);
  putBits128(BUF, at, amount, BALANCE_BITS);
  toMont(WORDS + FR_BYTES);
  frFromBytes(WORDS + 2 * FR_BYTES, w1);
  frFromBytes(WORDS + 3 * FR_BYTES, w2);
  frFromBytes(WORDS + 4 * FR_BYTES, w3);
  return WORDS;
}

/**
 * out = Poseidon(TX_DOMAIN, packed), the message an L2 tx signs:
 * packed = type(2) | chainId(32) | from(32) | to(32) | token(2) | amount float36 | fee float16 | nonce(32).
 */
export function txMessage(
  out: usize,
  type: i32,
  chain: u32,
  from: u32,
  to: u32,
  token: i32,
  amountF: u64,
  feeF: u64,
  nonce: u32,
): void {
  memory.fill(BUF, 0, 32);
  frFromBytes(WORDS, TX_DOMAIN_LE);
  let at = putBits(BUF, 0, type, TYPE_BITS);
  at = putBits(BUF, at, chain, CHAIN_ID_BITS);
  at = putBits(BUF, at, from, INDEX_BITS);
  at = putBits(BUF, at, to, INDEX_BITS);
  at = putBits(BUF, at, token, 2);
  at = putBits(BUF, at, amountF, AMOUNT_FLOAT_BITS);
  at = putBits(BUF, at, feeF, FEE_FLOAT_BITS);
  putBits(BUF, at, nonce, NONCE_BITS);
  toMont(WORDS + FR_BYTES);
  poseidonMont(out, WORDS, 2);
}

/** The data-hash element of a DA record: its little-endian integer + 2^(8·length); 0 for no record. */
export function daElement(out: usize, da: usize, length: i32): void {
  memory.fill(BUF, 0, 32);
  if (length > 0) {
    putBytes(BUF, 0, da, length);
    store<u8>(BUF + <usize>length, 1);
  }
  toMont(out);
}

/**
 * out = Poseidon(header, oldRoot, newRoot, oldQ, newQ, dataHash), header = chainId(32) |
 * batchNumber(32) | feeAccount(32). The other inputs are Montgomery elements.
 */
export function publicInputHash(
  out: usize,
  chain: u32,
  batch: u32,
  fee: u32,
  oldRoot: usize,
  newRoot: usize,
  oldQ: usize,
  newQ: usize,
  dataHash: usize,
): void {
  memory.fill(BUF, 0, 32);
  let at = putBits(BUF, 0, chain, CHAIN_ID_BITS);
  at = putBits(BUF, at, batch, BATCH_NUMBER_BITS);
  putBits(BUF, at, fee, INDEX_BITS);
  toMont(WORDS);
  memory.copy(WORDS + FR_BYTES, oldRoot, FR_BYTES);
  memory.copy(WORDS + 2 * FR_BYTES, newRoot, FR_BYTES);
  memory.copy(WORDS + 3 * FR_BYTES, oldQ, FR_BYTES);
  memory.copy(WORDS + 4 * FR_BYTES, newQ, FR_BYTES);
  memory.copy(WORDS + 5 * FR_BYTES, dataHash, FR_BYTES);
  poseidonMont(out, WORDS, 6);
}
