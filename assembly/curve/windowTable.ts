/**
 * Windowed tables of a fixed point P for multiplication without doublings, with signed digits:
 * table[w][j − 1] = j·2^(bits·w)·P for w < windows, 1 ≤ j ≤ 2^(bits−1), stored in precomputed affine
 * form (babyjub.ts). A scalar is recoded into digits in [−2^(bits−1), 2^(bits−1)] (a digit above half
 * the window borrows from the next one), and a negative digit adds the negated entry, which costs
 * nothing in this form. So k·P = Σ_w digit_w·2^(bits·w)·P is at most `windows` mixed additions, and a
 * table holds half the entries of an unsigned one of the same width.
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

/**
 * o = k·P from P's table, k a 256-bit little-endian scalar below 2^(windows·bits − 1): the top window
 * then stays below 2^(bits−1) with its borrow, so no borrow is left over.
 */
export function windowTableMul(o: usize, table: usize, scalar: usize, windows: i32, bits: i32): void {
  memory.copy(PADDED, scalar, 32);
  store<u64>(PADDED + 32, 0);
  pointIdentity(o);
  const half = 1 << (bits - 1);
  const mask = (1 << bits) - 1;
  let borrow = 0;
  for (let w = 0; w < windows; w++) {
    const bit = w * bits;
    let digit = (<i32>(load<u32>(PADDED + <usize>(bit >> 3)) >> (bit & 7)) & mask) + borrow;
    borrow = digit > half ? 1 : 0;
    if (borrow) digit -= 1 << bits;
    if (digit == 0) continue;
    const negative = digit < 0;
    const j = negative ? -digit : digit;
    pointAddAffine(o, o, table + <usize>(((w << (bits - 1)) + j - 1) * AFFINE_BYTES), negative);
  }
}
