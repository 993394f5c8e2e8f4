/** 256-bit unsigned integers as 32 little-endian bytes: the byte form of field elements everywhere. */

const U64 = (1n << 64n) - 1n;

/** Writes v (0 ≤ v < 2^256, not checked) as 32 little-endian bytes at `offset`. */
export function writeU256LE(view: DataView, offset: number, v: bigint): void {
  view.setBigUint64(offset, v & U64, true);
  view.setBigUint64(offset + 8, (v >> 64n) & U64, true);
  view.setBigUint64(offset + 16, (v >> 128n) & U64, true);
  view.setBigUint64(offset + 24, v >> 192n, true);
}

/** Reads 32 little-endian bytes at `offset`. */
export function readU256LE(view: DataView, offset: number): bigint {
  return (
    view.getBigUint64(offset, true) |
    (view.getBigUint64(offset + 8, true) << 64n) |
    (view.getBigUint64(offset + 16, true) << 128n) |
    (view.getBigUint64(offset + 24, true) << 192n)
  );
}
