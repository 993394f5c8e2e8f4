/**
 * Per-key precomputed tables for the variable-base half of EdDSA verification, h·(8A).
 *
 * Rollup traffic signs with few keys many times: the same accounts send transaction after
 * transaction. For a key seen again, the 254 doublings of a generic multiplication are replaced by
 * a signed-digit table of 43 windows × 32 multiples of 8A (precomputed affine form, 145 KiB per key),
 * so h·8A becomes at most 43 mixed additions. Building a table costs about as much as a dozen generic
 * multiplications, so a key is only tabulated on its second sighting (a fingerprint filter remembers
 * first sightings), and a bounded cache (CLOCK eviction) caps the memory.
 *
 * Results are identical with or without a table: the table is exact precomputation, not a shortcut
 * in the verification equation.
 */
import { FR_BYTES, frCanonical } from "../field/fr";
import { POINT_BYTES, pointTimesCofactor } from "./babyjub";
import { buildWindowTable, windowTableBytes, windowTableMul, windowTableMulX2 } from "./windowTable";

// 43 windows of 6 bits cover every h < p < 2^254 (windowTableMul needs h < 2^(43·6 − 1)).
const WINDOWS: i32 = 43;
const BITS: i32 = 6;
const KEY_BYTES: usize = <usize>(2 * FR_BYTES);
/**
 * Fingerprints of first sightings, so a one-off key never costs a table: 4096 buckets of 4 ways. A
 * direct-mapped filter lost keys for good: two keys on one slot overwrote each other's sighting and
 * neither ever got a table (with 256 keys, about 8 such pairs are expected); a bucket now thrashes
 * only if five keys share it.
 */
const SEEN_BUCKETS: u32 = 4096;
const SEEN_WAYS: u32 = 4;
let seenHand: u32 = 0;

let capacity: i32 = 256;
let used: i32 = 0;
let hand: i32 = 0;
/** Per slot: canonical key (72 bytes), the table pointer, the CLOCK bit and the key's fingerprint (u32 each). */
const SLOT_BYTES: usize = KEY_BYTES + 12;
let slots: usize = 0;
const seen: usize = memory.data(<i32>(SEEN_BUCKETS * SEEN_WAYS * 4));

const KEY: usize = memory.data(<i32>KEY_BYTES);
const A8: usize = memory.data(POINT_BYTES);

/** Sets the number of cached key tables (0 disables the cache). Clears the cache. */
export function setKeyTableCapacity(n: i32): void {
  if (slots != 0) {
    for (let i = used - 1; i >= 0; i--) heap.free(<usize>load<u32>(slots + <usize>i * SLOT_BYTES + KEY_BYTES));
    heap.free(slots);
  }
  slots = 0;
  used = 0;
  hand = 0;
  capacity = n < 0 ? 0 : n;
  memory.fill(seen, 0, SEEN_BUCKETS * SEEN_WAYS * 4);
}

@inline function slot(i: i32): usize {
  return slots + <usize>i * SLOT_BYTES;
}

function fingerprint(key: usize): u32 {
  // The canonical coordinates are uniformly spread: a few limbs make a good hash.
  const h = load<u32>(key) ^ (load<u32>(key + 4) * 0x9e3779b1) ^ (load<u32>(key + FR_BYTES) * 0x85ebca6b);
  return h | 1; // 0 marks an empty filter slot
}

/** True if `fp` was seen before; otherwise remembers it (replacing the bucket's ways in turn). */
function seenBefore(fp: u32): bool {
  const bucket = seen + <usize>((fp % SEEN_BUCKETS) * SEEN_WAYS * 4);
  for (let w: u32 = 0; w < SEEN_WAYS; w++) if (load<u32>(bucket + <usize>(w << 2)) == fp) return true;
  store<u32>(bucket + <usize>((seenHand++ % SEEN_WAYS) << 2), fp);
  return false;
}

/**
 * The table of 8A for the key A = (ax, ay), if the key has one or has now earned one; 0 otherwise.
 * `keep`, a table the caller still holds, is never evicted to make room (then A may get none).
 */
export function keyTable(ax: usize, ay: usize, keep: usize = 0): usize {
  if (capacity == 0) return 0;
  // Canonical coordinates make equal keys byte-identical.
  frCanonical(KEY, ax);
  frCanonical(KEY + FR_BYTES, ay);
  const fp = fingerprint(KEY);
  for (let i = 0; i < used; i++) {
    const s = slot(i);
    if (load<u32>(s + KEY_BYTES + 8) == fp && memory.compare(s, KEY, KEY_BYTES) == 0) {
      store<u32>(s + KEY_BYTES + 4, 1);
      return <usize>load<u32>(s + KEY_BYTES);
    }
  }
  if (!seenBefore(fp)) return 0; // first sighting: remembered, no table yet
  if (slots == 0) slots = heap.alloc(<usize>capacity * SLOT_BYTES);
  let s: usize;
  let table: usize;
  if (used < capacity) {
    s = slot(used++);
    table = heap.alloc(windowTableBytes(WINDOWS, BITS));
  } else {
    if (capacity == 1 && keep != 0) return 0;
    // CLOCK: skip (and clear) recently used slots; replace the first one not used since.
    while (load<u32>(slot(hand) + KEY_BYTES + 4) != 0 || <usize>load<u32>(slot(hand) + KEY_BYTES) == keep) {
      store<u32>(slot(hand) + KEY_BYTES + 4, 0);
      hand = (hand + 1) % capacity;
    }
    s = slot(hand);
    hand = (hand + 1) % capacity;
    table = <usize>load<u32>(s + KEY_BYTES);
  }
  memory.copy(s, KEY, KEY_BYTES);
  store<u32>(s + KEY_BYTES, <u32>table);
  store<u32>(s + KEY_BYTES + 4, 1);
  store<u32>(s + KEY_BYTES + 8, fp);
  pointTimesCofactor(A8, ax, ay);
  buildWindowTable(table, A8, WINDOWS, BITS);
  return table;
}

/** o = k·P from P's table (keyTable), k a 256-bit little-endian scalar below p. */
export function keyTableMul(o: usize, table: usize, scalar: usize): void {
  windowTableMul(o, table, scalar, WINDOWS, BITS);
}

/** keyTableMul for two tables and scalars at once, into the two lanes of the pair point o. */
export function keyTableMulX2(o: usize, tableA: usize, scalarA: usize, tableB: usize, scalarB: usize): void {
  windowTableMulX2(o, tableA, scalarA, tableB, scalarB, WINDOWS, BITS);
}
