/**
 * Square roots in Fr, as ffjavascript's `sqrt` returns them: the root whose canonical value is
 * ≤ (p − 1)/2 (circomlib's point decompression relies on that choice).
 *
 * Tonelli–Shanks with p − 1 = 2^S·t (S = 28, t odd) and g = z^t of order 2^S: one exponentiation
 * gives r = a^((t+1)/2) and x = a^t = g^e; a is a square iff e is even, and then √a = r·g^(−e/2).
 * The textbook loop finds e by repeated squaring (about S²/4 squarings and as many comparisons,
 * half the cost of a root). Here e is read in S/W digits of W = 7 bits from the powers x^(2^(W·m)),
 * each digit one lookup in a table of the 2^W elements of order dividing 2^W, after multiplying out
 * the digits already known (a windowed Pohlig–Hellman in the 2-group, as in Bernstein's "Faster
 * square roots in annoying finite fields" and Sarkar's 2020 refinement): W·(S/W − 1) squarings, S/W
 * lookups and fewer than 2·S/W multiplications.
 *
 * The exponentiation is the rest of the cost; batches run it on two elements at once (frSqrtPowX2).
 */
import { frCanonical, frCopy, frInverse, frIsNegative, frIsZero, frNeg, frPow, frSetOne, frSetZero } from "./fr";
import { frPowX2 } from "./frX2";
import {
  ELEMENT_BYTES,
  mulMont,
  ROOT_OF_UNITY_PTR,
  sqrMont,
  T_MINUS_1_HALF_LE,
  TWO_ADICITY,
} from "./generated/frMontgomery";

const W: i32 = 7;
const ENTRIES: i32 = 1 << W;
const DIGITS: i32 = TWO_ADICITY / W;
const TABLE_BYTES: i32 = ENTRIES * ELEMENT_BYTES;
/** Open-addressing index of LOOKUP by the low bits of the canonical element's first limb. */
const INDEX_SLOTS: i32 = 2 * ENTRIES;

/**
 * NEG tables: NEG(s)[i] = g^(−i·2^s), for s = W·m (m = 0 … DIGITS − 2), which remove known digits,
 * and s = W·j − 1 (j = 1 … DIGITS − 1), which build g^(−e/2). LOOKUP[i] = g^(i·2^(S−W)), canonical.
 */
const NEG: usize = memory.data(2 * (DIGITS - 1) * TABLE_BYTES);
const LOOKUP: usize = memory.data(TABLE_BYTES);
const INDEX: usize = memory.data(INDEX_SLOTS);
let tablesReady = false;

const BASE: usize = memory.data(ELEMENT_BYTES);
const CANON: usize = memory.data(ELEMENT_BYTES);
const POW_W: usize = memory.data(ELEMENT_BYTES);
const ROOT: usize = memory.data(ELEMENT_BYTES);
const Y: usize = memory.data(ELEMENT_BYTES);
/** POWERS[m] = x^(2^(W·m)). */
const POWERS: usize = memory.data(DIGITS * ELEMENT_BYTES);
const DIGIT: usize = memory.data(DIGITS * 4);

@inline function element(table: usize, i: i32): usize {
  return table + <usize>(i * ELEMENT_BYTES);
}

/** NEG(W·m), for m in [0, DIGITS − 2]. */
@inline function negMultiple(m: i32): usize {
  return NEG + <usize>(m * TABLE_BYTES);
}

/** NEG(W·j − 1), for j in [1, DIGITS − 1]. */
@inline function negHalf(j: i32): usize {
  return NEG + <usize>((DIGITS - 2 + j) * TABLE_BYTES);
}

/** table[i] = base^i for i < 2^W, each canonical. */
function fillPowers(table: usize, base: usize): void {
  frSetOne(table);
  for (let i = 1; i < ENTRIES; i++) mulMont(element(table, i), element(table, i - 1), base);
  for (let i = 0; i < ENTRIES; i++) frCanonical(element(table, i), element(table, i));
}

@inline function slotOf(canonical: usize): i32 {
  return <i32>load<u32>(canonical) & (INDEX_SLOTS - 1);
}

function buildTables(): void {
  if (TWO_ADICITY % W != 0) unreachable(); // folded away for BN254's S = 28
  frInverse(BASE, ROOT_OF_UNITY_PTR); // g^(−1), squared up to each table's 2^s below
  for (let s = 0; s <= TWO_ADICITY - W; s++) {
    if (s % W == 0 && s <= W * (DIGITS - 2)) fillPowers(negMultiple(s / W), BASE);
    if ((s + 1) % W == 0) fillPowers(negHalf((s + 1) / W), BASE);
    sqrMont(BASE, BASE);
  }
  frCopy(BASE, ROOT_OF_UNITY_PTR);
  for (let s = 0; s < TWO_ADICITY - W; s++) sqrMont(BASE, BASE);
  fillPowers(LOOKUP, BASE);
  memory.fill(INDEX, 0, INDEX_SLOTS);
  for (let i = 0; i < ENTRIES; i++) {
    let slot = slotOf(element(LOOKUP, i));
    while (load<u8>(INDEX + <usize>slot) != 0) slot = (slot + 1) & (INDEX_SLOTS - 1);
    store<u8>(INDEX + <usize>slot, <u8>(i + 1));
  }
  tablesReady = true;
}

/** The i with LOOKUP[i] = y; y always has order dividing 2^W here, so it is always found. */
function digitOf(y: usize): i32 {
  frCanonical(CANON, y);
  let slot = slotOf(CANON);
  while (true) {
    const entry = <i32>load<u8>(INDEX + <usize>slot);
    if (entry == 0) unreachable();
    if (memory.compare(element(LOOKUP, entry - 1), CANON, ELEMENT_BYTES) == 0) return entry - 1;
    slot = (slot + 1) & (INDEX_SLOTS - 1);
  }
}

@inline function digit(d: i32): i32 {
  return load<i32>(DIGIT + <usize>(d << 2));
}

/** o = √a (canonical value ≤ (p − 1)/2); false when a is not a square (o undefined). */
export function frSqrt(o: usize, a: usize): bool {
  frSqrtPow(POW_W, a);
  return frSqrtWith(o, a, POW_W);
}

/** w = a^((t − 1)/2), the exponentiation a square root starts with. */
export function frSqrtPow(w: usize, a: usize): void {
  frPow(w, a, T_MINUS_1_HALF_LE);
}

/** frSqrtPow on both lanes of a pair (field/frX2.ts). */
export function frSqrtPowX2(w: usize, a: usize): void {
  frPowX2(w, a, T_MINUS_1_HALF_LE);
}

/** frSqrt given w = frSqrtPow(a), for callers that computed it in pairs. */
export function frSqrtWith(o: usize, a: usize, w: usize): bool {
  if (frIsZero(a)) {
    frSetZero(o);
    return true;
  }
  if (!tablesReady) buildTables();
  mulMont(ROOT, a, w); // r = a^((t+1)/2)
  mulMont(POWERS, ROOT, w); // x = a^t = g^e
  for (let m = 1; m < DIGITS; m++) {
    const p = element(POWERS, m);
    sqrMont(p, element(POWERS, m - 1));
    for (let k = 1; k < W; k++) sqrMont(p, p);
  }
  // Digit d of e: (x·g^(−(e mod 2^(W·d))))^(2^(W·(DIGITS−1−d))) = g^(e_d·2^(S−W)) = LOOKUP[e_d].
  for (let d = 0; d < DIGITS; d++) {
    frCopy(Y, element(POWERS, DIGITS - 1 - d));
    for (let j = 0; j < d; j++) mulMont(Y, Y, element(negMultiple(DIGITS - 1 - d + j), digit(j)));
    const e = digitOf(Y);
    if (d == 0 && (e & 1) != 0) return false; // e odd: a is not a square
    store<i32>(DIGIT + <usize>(d << 2), e);
  }
  // √a = r·g^(−e/2), e/2 = e_0/2 + Σ_{j≥1} e_j·2^(W·j − 1).
  mulMont(ROOT, ROOT, element(negMultiple(0), digit(0) >> 1));
  for (let j = 1; j < DIGITS; j++) mulMont(ROOT, ROOT, element(negHalf(j), digit(j)));
  if (frIsNegative(ROOT)) frNeg(o, ROOT);
  else frCopy(o, ROOT);
  return true;
}
