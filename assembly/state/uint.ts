/**
 * Wide unsigned integers in linear memory, little-endian: balances and amounts (u128, stored as two
 * u64), the 256-bit fields an op carries before their range checks, the LSB-first bit packing every
 * protocol encoding uses (docs/protocol.md §2.2) and the compact decimal floats (§2.3).
 */

@inline export function lo64(p: usize): u64 {
  return load<u64>(p);
}

@inline export function hi64(p: usize): u64 {
  return load<u64>(p, 8);
}

/** True when the 128-bit value at p is below 2^bits (bits in 65..128). */
export function u128Fits(p: usize, bits: i32): bool {
  return (hi64(p) >> <u64>(bits - 64)) == 0;
}

/** True when the 256-bit value at p is below 2^bits (bits in 65..128). */
export function u256Fits(p: usize, bits: i32): bool {
  return load<u64>(p, 16) == 0 && load<u64>(p, 24) == 0 && u128Fits(p, bits);
}

/** True when the 256-bit value at p is below 2^bits for bits in 129..192. */
export function u256FitsWide(p: usize, bits: i32): bool {
  return load<u64>(p, 24) == 0 && (load<u64>(p, 16) >> <u64>(bits - 128)) == 0;
}

/** a < b for 128-bit values. */
export function u128Less(a: usize, b: usize): bool {
  const ah = hi64(a);
  const bh = hi64(b);
  return ah < bh || (ah == bh && lo64(a) < lo64(b));
}

/** o = a + b (callers keep the sum below 2^128). */
export function u128Add(o: usize, a: usize, b: usize): void {
  const al = lo64(a);
  const l = al + lo64(b);
  const h = hi64(a) + hi64(b) + (l < al ? 1 : 0);
  store<u64>(o, l);
  store<u64>(o, h, 8);
}

/** o = a − b (callers check a ≥ b). */
export function u128Sub(o: usize, a: usize, b: usize): void {
  const al = lo64(a);
  const bl = lo64(b);
  const h = hi64(a) - hi64(b) - (al < bl ? 1 : 0);
  store<u64>(o, al - bl);
  store<u64>(o, h, 8);
}

@inline export function u128Set(o: usize, l: u64, h: u64): void {
  store<u64>(o, l);
  store<u64>(o, h, 8);
}

/** ORs the low `bits` bits of v (bits ≤ 64) into the zeroed buffer at bit offset `at`, LSB first. */
export function putBits(buf: usize, at: i32, v: u64, bits: i32): i32 {
  for (let k = 0; k < bits; k++) {
    if (((v >> <u64>k) & 1) != 0) {
      const bit = at + k;
      const p = buf + <usize>(bit >> 3);
      store<u8>(p, load<u8>(p) | (<u8>1 << <u8>(bit & 7)));
    }
  }
  return at + bits;
}

/** putBits for a 128-bit value at p (bits in 65..128). */
export function putBits128(buf: usize, at: i32, p: usize, bits: i32): i32 {
  putBits(buf, at, lo64(p), 64);
  return putBits(buf, at + 64, hi64(p), bits - 64);
}

/** Copies `n` bytes of a little-endian value into the zeroed buffer at a byte-aligned bit offset. */
export function putBytes(buf: usize, at: i32, src: usize, n: i32): i32 {
  memory.copy(buf + <usize>(at >> 3), src, <usize>n);
  return at + n * 8;
}

const DIGITS: usize = memory.data(16);

/**
 * The canonical packed float of the 128-bit value at p: mantissa + exponent·2^mantissaBits with the
 * smallest exponent that leaves an exact mantissa below 2^mantissaBits; −1 if there is none. The
 * model's bits/float.ts encodeFloat, on 32-bit limbs so the division by 10 never leaves 64 bits.
 */
export function encodeFloat(p: usize, mantissaBits: i32, exponentBits: i32): i64 {
  memory.copy(DIGITS, p, 16);
  const maxExponent = (1 << exponentBits) - 1;
  for (let e = 0; e <= maxExponent; e++) {
    if (hi64(DIGITS) == 0 && (lo64(DIGITS) >> <u64>mantissaBits) == 0) {
      return <i64>(lo64(DIGITS) | (<u64>e << <u64>mantissaBits));
    }
    // m /= 10, returning early if the remainder is not 0.
    let r: u64 = 0;
    for (let i = 3; i >= 0; i--) {
      const cur = (r << 32) | <u64>load<u32>(DIGITS + <usize>(i << 2));
      store<u32>(DIGITS + <usize>(i << 2), <u32>(cur / 10));
      r = cur % 10;
    }
    if (r != 0) return -1;
  }
  return -1;
}
