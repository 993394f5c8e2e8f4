/**
 * Windowed tables of a fixed point P for multiplication without doublings:
 * table[w][j] = j·2^(bits·w)·P for w < windows, j < 2^bits, stored in precomputed affine form
 * (babyjub.ts), so k·P = Σ_w table[w][digit_w(k)] is `windows` mixed additions.
 *
 * Used for Base8 (fixedBase.ts: 32 windows of 8 bits) and for signing keys (keyTables.ts: 64
 * windows of 4 bits). Building costs windows·(2^bits − 1) additions and one batched inversion.
 */
import { FR_BYTES, frBatchInverse, frCopy } from "../field/fr";
import {
  AFFINE_BYTES,
  affineFromExtended,
  affineIdentity,
  POINT_BYTES,
  pointAdd,
  pointAddAffine,
  pointCopy,
  pointIdentity,
  pz,
} from "./babyjub";

const BASE: usize = memory.data(POINT_BYTES);

/** Bytes of a table with `windows` windows of `bits` bits. */
export function windowTableBytes(windows: i32, bits: i32): usize {
  return <usize>(windows << bits) * <usize>AFFINE_BYTES;
}

/** Fills `table` (windowTableBytes long) for the extended point p. */
export function buildWindowTable(table: usize, p: usize, windows: i32, bits: i32): void {
  const entries = 1 << bits;
  const count = windows * (entries - 1); // every entry but the identities
  const points = heap.alloc(<usize>(count * POINT_BYTES));
  const zs = heap.alloc(<usize>(count * FR_BYTES));
  const scratch = heap.alloc(<usize>(count * FR_BYTES));
  pointCopy(BASE, p);
  for (let w = 0; w < windows; w++) {
    const first = points + <usize>(w * (entries - 1) * POINT_BYTES);
    pointCopy(first, BASE);
    for (let j = 2; j < entries; j++) {
      const q = first + <usize>((j - 1) * POINT_BYTES);
      pointAdd(q, q - <usize>POINT_BYTES, BASE);
    }
    // the next window's base: 2^bits·BASE = (2^bits − 1)·BASE + BASE
    pointAdd(BASE, first + <usize>((entries - 2) * POINT_BYTES), BASE);
  }
  for (let i = 0; i < count; i++) frCopy(zs + <usize>(i * FR_BYTES), pz(points + <usize>(i * POINT_BYTES)));
  frBatchInverse(zs, zs, count, scratch);
  for (let w = 0; w < windows; w++) {
    const identity = table + <usize>((w << bits) * AFFINE_BYTES);
    affineIdentity(identity);
    for (let j = 1; j < entries; j++) {
      const i = w * (entries - 1) + j - 1;
      affineFromExtended(identity + <usize>(j * AFFINE_BYTES), points + <usize>(i * POINT_BYTES), zs + <usize>(i * FR_BYTES));
    }
  }
  // Freed in reverse order, so even the stub runtime reclaims the temporaries.
  heap.free(scratch);
  heap.free(zs);
  heap.free(points);
}

/** o = k·P from P's table, k a little-endian scalar of windows·bits bits (bits = 4 or 8). */
export function windowTableMul(o: usize, table: usize, scalar: usize, windows: i32, bits: i32): void {
  pointIdentity(o);
  const mask = (1 << bits) - 1;
  for (let w = 0; w < windows; w++) {
    const bit = w * bits;
    const digit = (<i32>load<u8>(scalar + <usize>(bit >> 3)) >> (bit & 7)) & mask;
    if (digit != 0) pointAddAffine(o, o, table + <usize>(((w << bits) + digit) * AFFINE_BYTES));
  }
}
