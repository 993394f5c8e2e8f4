/**
 * Fixed-base multiplication by Baby Jubjub's Base8: a window table of 32 windows × 256 multiples
 * (windowTable.ts; 864 KiB), built on first use, so k·Base8 is 32 mixed additions and no doublings.
 */
import { POINT_BYTES, pointFromAffine } from "./babyjub";
import { BASE8_X_PTR, BASE8_Y_PTR } from "./generated/babyjubConstants";
import { buildWindowTable, windowTableBytes, windowTableMul } from "./windowTable";

const WINDOWS: i32 = 32;
const BITS: i32 = 8;
const BASE8: usize = memory.data(POINT_BYTES);
let table: usize = 0;

/** o = k·Base8 for a 256-bit little-endian scalar k at `scalar`. */
export function base8Mul(o: usize, scalar: usize): void {
  if (table == 0) {
    table = heap.alloc(windowTableBytes(WINDOWS, BITS));
    pointFromAffine(BASE8, BASE8_X_PTR, BASE8_Y_PTR);
    buildWindowTable(table, BASE8, WINDOWS, BITS);
  }
  windowTableMul(o, table, scalar, WINDOWS, BITS);
}
