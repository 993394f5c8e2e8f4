/**
 * Fixed-base multiplication by Baby Jubjub's Base8: a signed-digit window table of 21 windows × 2048
 * multiples (windowTable.ts; 4.4 MiB, built on first use, about 40 ms), so k·Base8 is at most 21 mixed
 * additions and no doublings. Wider windows would trade megabytes per instance for one addition less.
 */
import { POINT_BYTES, pointFromAffine } from "./babyjub";
import { BASE8_X_PTR, BASE8_Y_PTR } from "./generated/babyjubConstants";
import { buildWindowTable, windowTableBytes, windowTableMul, windowTableMulX2 } from "./windowTable";

const WINDOWS: i32 = 21;
const BITS: i32 = 12;
const BASE8: usize = memory.data(POINT_BYTES);
let table: usize = 0;

function base8Table(): usize {
  if (table == 0) {
    table = heap.alloc(windowTableBytes(WINDOWS, BITS));
    pointFromAffine(BASE8, BASE8_X_PTR, BASE8_Y_PTR);
    buildWindowTable(table, BASE8, WINDOWS, BITS);
  }
  return table;
}

/** o = k·Base8 for a little-endian scalar k < 2^251 at `scalar` (S < l, checked before). */
export function base8Mul(o: usize, scalar: usize): void {
  windowTableMul(o, base8Table(), scalar, WINDOWS, BITS);
}

/** base8Mul for two scalars at once, into the two lanes of the pair point o. */
export function base8MulX2(o: usize, scalarA: usize, scalarB: usize): void {
  const t = base8Table();
  windowTableMulX2(o, t, scalarA, t, scalarB, WINDOWS, BITS);
}
