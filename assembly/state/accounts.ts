/**
 * Account records (layout ACCOUNT, canonical values) in linear memory, indexed by account index, and the
 * account leaf hash (docs/protocol.md §3.1, src/protocol/tree/accountLeaf.ts):
 *
 *   leaf = Poseidon(ax, ay, l1Address + nonce·2^160, GCC + SPIRIT·2^126, MANA + GHOST·2^126)
 *
 * Records are what the engine reads and writes when it applies an op (soft confirmation); the tree
 * only learns about them when the batch is sealed.
 */
import { FR_BYTES, frFromBytes } from "../field/fr";
import { poseidonMont } from "../hash/poseidon";
import { poseidonMontX2 } from "../hash/poseidonX2";
import { Chunked } from "./chunked";
import {
  ACCOUNT_AX,
  ACCOUNT_AY,
  ACCOUNT_BALANCES,
  ACCOUNT_BYTES,
  ACCOUNT_L1_ADDRESS,
  ACCOUNT_NONCE,
  BALANCE_BITS,
  L1_ADDRESS_BITS,
} from "./generated/layout";
import { putBits128 } from "./uint";

const records = new Chunked(ACCOUNT_BYTES, 12);
/** Accounts 0..nextIndex−1 exist. */
let nextIndex: u32 = 0;

export function accountCount(): u32 {
  return nextIndex;
}

export function setAccountCount(n: u32): void {
  records.ensure(<u64>n);
  nextIndex = n;
}

/** Makes room for accounts up to index n−1 without creating them. */
export function reserveAccounts(n: u64): void {
  records.ensure(n);
}

@inline export function accountExists(i: u32): bool {
  return i < nextIndex;
}

/** Address of account i's record; i < nextIndex, or i = nextIndex for the one being created. */
export function accountAt(i: u32): usize {
  records.ensure(<u64>i + 1);
  return records.at(i);
}

@inline export function balanceAt(account: usize, token: i32): usize {
  return account + ACCOUNT_BALANCES + <usize>(token << 4);
}

@inline export function nonceOf(account: usize): u32 {
  return load<u32>(account + ACCOUNT_NONCE);
}

const INPUTS: usize = memory.data(5 * FR_BYTES);
const INPUTS_B: usize = memory.data(5 * FR_BYTES);
const PACKED: usize = memory.data(32);

/** Converts a canonical value < 2^253 (packed below) to Montgomery form; such values are always < p. */
function packedToMont(o: usize): void {
  frFromBytes(o, PACKED);
}

/** The five leaf inputs of the account record at `a`, Montgomery, at `inputs`. */
function leafInputs(inputs: usize, a: usize): void {
  frFromBytes(inputs, a + ACCOUNT_AX);
  frFromBytes(inputs + FR_BYTES, a + ACCOUNT_AY);
  memory.fill(PACKED, 0, 32);
  memory.copy(PACKED, a + ACCOUNT_L1_ADDRESS, <usize>(L1_ADDRESS_BITS >> 3));
  store<u32>(PACKED + <usize>(L1_ADDRESS_BITS >> 3), nonceOf(a));
  packedToMont(inputs + 2 * FR_BYTES);
  for (let pair = 0; pair < 2; pair++) {
    memory.fill(PACKED, 0, 32);
    putBits128(PACKED, 0, balanceAt(a, 2 * pair), BALANCE_BITS);
    putBits128(PACKED, BALANCE_BITS, balanceAt(a, 2 * pair + 1), BALANCE_BITS);
    packedToMont(inputs + <usize>(3 + pair) * FR_BYTES);
  }
}

/** out = the leaf hash of the account record at `a` (Montgomery). */
export function accountLeaf(out: usize, a: usize): void {
  leafInputs(INPUTS, a);
  poseidonMont(out, INPUTS, 5);
}

/** Two leaf hashes in one two-lane SIMD pass: outA of record a, outB of record b. */
export function accountLeafX2(outA: usize, outB: usize, a: usize, b: usize): void {
  leafInputs(INPUTS, a);
  leafInputs(INPUTS_B, b);
  poseidonMontX2(outA, outB, INPUTS, INPUTS_B, 5);
}

/**
 * outLeaf = the leaf hash of the record at `a`, and outOther = Poseidon of the five Montgomery inputs at
 * `other`, in one two-lane SIMD pass (a priority op's leaf and its queue step are independent).
 */
export function accountLeafBeside(outLeaf: usize, a: usize, outOther: usize, other: usize): void {
  leafInputs(INPUTS, a);
  poseidonMontX2(outLeaf, outOther, INPUTS, other, 5);
}
