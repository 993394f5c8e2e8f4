/**
 * Fixed-base multiplication by Baby Jubjub's Base8: k·Base8 = Σ_w table[w][byte_w(k)], with
 * table[w][j] = j·256^w·Base8 precomputed in affine form (x, y, d·x·y) for 32 windows of 8 bits.
 * A multiplication is then 32 mixed additions and no doublings. The table (32 × 256 × 108 bytes,
 * 864 KiB) is built on first use: ~8,000 additions and one batched inversion, a few milliseconds.
 */
import { FR_BYTES, frBatchInverse, frCopy, frMul, frSetOne, frSetZero } from "../field/fr";
import {
  AFFINE_BYTES,
  POINT_BYTES,
  pointAdd,
  pointAddAffine,
  pointCopy,
  pointFromAffine,
  pointIdentity,
  px,
  py,
  pz,
} from "./babyjub";
import { BASE8_X_PTR, BASE8_Y_PTR, D_PTR } from "./generated/babyjubConstants";

const WINDOWS: i32 = 32;
const ENTRIES: i32 = 256;
let table: usize = 0;

const BASE: usize = memory.data(POINT_BYTES);

@inline function entry(w: i32, j: i32): usize {
  return table + <usize>((w * ENTRIES + j) * AFFINE_BYTES);
}

function buildTable(): void {
  const count = WINDOWS * (ENTRIES - 1); // every entry but the identities
  table = heap.alloc(<usize>(WINDOWS * ENTRIES * AFFINE_BYTES));
  const points = heap.alloc(<usize>(count * POINT_BYTES));
  const zs = heap.alloc(<usize>(count * FR_BYTES));
  const scratch = heap.alloc(<usize>(count * FR_BYTES));
  pointFromAffine(BASE, BASE8_X_PTR, BASE8_Y_PTR);
  for (let w = 0; w < WINDOWS; w++) {
    for (let j = 1; j < ENTRIES; j++) {
      const p = points + <usize>((w * (ENTRIES - 1) + j - 1) * POINT_BYTES);
      if (j == 1) pointCopy(p, BASE);
      else pointAdd(p, p - <usize>POINT_BYTES, BASE);
    }
    // the next window's base is 256·BASE = 255·BASE + BASE
    pointAdd(BASE, points + <usize>((w * (ENTRIES - 1) + ENTRIES - 2) * POINT_BYTES), BASE);
  }
  for (let i = 0; i < count; i++) frCopy(zs + <usize>(i * FR_BYTES), pz(points + <usize>(i * POINT_BYTES)));
  frBatchInverse(zs, zs, count, scratch);
  for (let w = 0; w < WINDOWS; w++) {
    const identity = entry(w, 0);
    frSetZero(identity);
    frSetOne(identity + FR_BYTES);
    frSetZero(identity + 2 * FR_BYTES);
    for (let j = 1; j < ENTRIES; j++) {
      const i = w * (ENTRIES - 1) + j - 1;
      const p = points + <usize>(i * POINT_BYTES);
      const zInv = zs + <usize>(i * FR_BYTES);
      const e = entry(w, j);
      frMul(e, px(p), zInv);
      frMul(e + FR_BYTES, py(p), zInv);
      frMul(e + 2 * FR_BYTES, e, e + FR_BYTES);
      frMul(e + 2 * FR_BYTES, e + 2 * FR_BYTES, D_PTR);
    }
  }
  // Freed in reverse order, so even the stub runtime reclaims the temporaries.
  heap.free(scratch);
  heap.free(zs);
  heap.free(points);
}

/** o = k·Base8 for a 256-bit little-endian scalar k at `scalar`. */
export function base8Mul(o: usize, scalar: usize): void {
  if (table == 0) buildTable();
  pointIdentity(o);
  for (let w = 0; w < WINDOWS; w++) pointAddAffine(o, o, entry(w, <i32>load<u8>(scalar + <usize>w)));
}
