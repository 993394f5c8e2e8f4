/**
 * Windowed tables of a fixed point P for multiplication without doublings, with signed digits:
 * table[w][j − 1] = j·2^(bits·w)·P for w < windows, 1 ≤ j ≤ 2^(bits−1), stored in precomputed affine
 * form (babyjub.ts). A scalar is recoded into digits in [−2^(bits−1), 2^(bits−1)] (a digit above half
 * the window borrows from the next one), and a negative digit adds the negated entry, which costs
 * nothing in this form. So k·P = Σ_w digit_w·2^(bits·w)·P is at most `windows` mixed additions, and a
 * table holds half the entries of an unsigned one of the same width. windowTableMulX2 runs two such
 * multiplications at once on the two-lane SIMD field (babyjubX2.ts).
 *
 * Used for Base8 (fixedBase.ts: 21 windows of 12 bits) and for signing keys (keyTables.ts: 43 windows
 * of 6 bits). Building costs windows·2^(bits−1) additions and one batched inversion.
 */
import { FR_BYTES, frBatchInverse, frCopy } from "../field/fr";
import {
  AFFINE_BYTES,
  affineFromExtended,
  POINT_BYTES,
  pointAdd,
  pointAddAffine,
  pointCopy,
  pointDouble,
  pointIdentity,
  pz,
} from "./babyjub";
import { AFFINE_PAIR_BYTES, affineSetLane, pointAddAffineX2, pointIdentityX2 } from "./babyjubX2";

const BASE: usize = memory.data(POINT_BYTES);
/** The scalar with zero bytes after it, so a window's bits can be read as one u32 at any offset. */
const PADDED: usize = memory.data(40);

/** Bytes of a table with `windows` windows of `bits` bits. */
export function windowTableBytes(windows: i32, bits: i32): usize {
  return <usize>(windows << (bits - 1)) * <usize>AFFINE_BYTES;
}

/** Fills `table` (windowTableBytes long) for the extended point p. */
export function buildWindowTable(table: usize, p: usize, windows: i32, bits: i32): void {
  const entries = 1 << (bits - 1);
  const count = windows * entries;
  const points = heap.alloc(<usize>(count * POINT_BYTES));
  const zs = heap.alloc(<usize>(count * FR_BYTES));
  const scratch = heap.alloc(<usize>(count * FR_BYTES));
  pointCopy(BASE, p);
  for (let w = 0; w < windows; w++) {
    const first = points + <usize>(w * entries * POINT_BYTES);
    pointCopy(first, BASE);
    for (let j = 1; j < entries; j++) {
      const q = first + <usize>(j * POINT_BYTES);
      pointAdd(q, q - <usize>POINT_BYTES, BASE);
    }
    // the next window's base: 2^bits·BASE = 2·(2^(bits−1)·BASE), the window's last entry doubled
    pointDouble(BASE, first + <usize>((entries - 1) * POINT_BYTES), true);
  }
  for (let i = 0; i < count; i++) frCopy(zs + <usize>(i * FR_BYTES), pz(points + <usize>(i * POINT_BYTES)));
  frBatchInverse(zs, zs, count, scratch);
  for (let i = 0; i < count; i++) {
    affineFromExtended(table + <usize>(i * AFFINE_BYTES), points + <usize>(i * POINT_BYTES), zs + <usize>(i * FR_BYTES));
  }
  // Freed in reverse order, so even the stub runtime reclaims the temporaries.
  heap.free(scratch);
  heap.free(zs);
  heap.free(points);
}

/** Windows of the widest table (Base8's 21, the keys' 43): the size of the digit buffers. */
const MAX_WINDOWS: i32 = 64;
const DIGITS: usize = memory.data(MAX_WINDOWS * 4);
const DIGITS_B: usize = memory.data(MAX_WINDOWS * 4);

/**
 * Writes the signed digits of k (`windows` i32s at `out`), a little-endian 256-bit scalar below
 * 2^(windows·bits − 1): the top window then stays below 2^(bits−1) with its borrow, so no borrow is
 * left over.
 */
function recode(out: usize, scalar: usize, windows: i32, bits: i32): void {
  memory.copy(PADDED, scalar, 32);
  store<u64>(PADDED + 32, 0);
  const half = 1 << (bits - 1);
  const mask = (1 << bits) - 1;
  let borrow = 0;
  for (let w = 0; w < windows; w++) {
    const bit = w * bits;
    let digit = (<i32>(load<u32>(PADDED + <usize>(bit >> 3)) >> (bit & 7)) & mask) + borrow;
    borrow = digit > half ? 1 : 0;
    if (borrow) digit -= 1 << bits;
    store<i32>(out + <usize>(w << 2), digit);
  }
}

/** The entry of |digit| in window w (0 for digit 0). */
@inline function entryOf(table: usize, w: i32, digit: i32, bits: i32): usize {
  if (digit == 0) return 0;
  const j = digit < 0 ? -digit : digit;
  return table + <usize>(((w << (bits - 1)) + j - 1) * AFFINE_BYTES);
}

/** o = k·P from P's table, k a little-endian scalar below 2^(windows·bits − 1) (recode). */
export function windowTableMul(o: usize, table: usize, scalar: usize, windows: i32, bits: i32): void {
  recode(DIGITS, scalar, windows, bits);
  pointIdentity(o);
  for (let w = 0; w < windows; w++) {
    const digit = load<i32>(DIGITS + <usize>(w << 2));
    if (digit != 0) pointAddAffine(o, o, entryOf(table, w, digit, bits), digit < 0);
  }
}

const Q: usize = memory.data(AFFINE_PAIR_BYTES);

/**
 * Two multiplications side by side (two-lane SIMD): lane A of the pair point o = kA·P from table
 * tableA, lane B = kB·P' from tableB; both tables of `windows` windows of `bits` bits. Same results as
 * two windowTableMul calls; a window where only one lane has a digit adds the identity in the other.
 */
export function windowTableMulX2(
  o: usize,
  tableA: usize,
  scalarA: usize,
  tableB: usize,
  scalarB: usize,
  windows: i32,
  bits: i32,
): void {
  recode(DIGITS, scalarA, windows, bits);
  recode(DIGITS_B, scalarB, windows, bits);
  pointIdentityX2(o);
  for (let w = 0; w < windows; w++) {
    const a = load<i32>(DIGITS + <usize>(w << 2));
    const b = load<i32>(DIGITS_B + <usize>(w << 2));
    if ((a | b) == 0) continue;
    affineSetLane(Q, 0, entryOf(tableA, w, a, bits), a < 0);
    affineSetLane(Q, 1, entryOf(tableB, w, b, bits), b < 0);
    pointAddAffineX2(o, o, Q);
  }
}
