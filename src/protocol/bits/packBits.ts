/**
 * LSB-first bit packing: the one way the protocol turns several small fields into one integer
 * (docs/protocol.md §2.2). The first field takes the lowest bits, as circom's Bits2Num sees them.
 */

/** A field value and its width in bits. */
export type BitField = readonly [value: bigint, bits: number];

/** `v0 + v1·2^w0 + v2·2^(w0+w1) + …`; throws if a value does not fit its width (a caller bug, not input). */
export function packBits(fields: readonly BitField[]): bigint {
  let acc = 0n;
  let shift = 0n;
  for (const [value, bits] of fields) {
    if (value < 0n || value >> BigInt(bits) !== 0n) {
      throw new RangeError(`packBits: ${value} does not fit in ${bits} bits`);
    }
    acc |= value << shift;
    shift += BigInt(bits);
  }
  return acc;
}

/** The inverse of packBits for the given widths; bits above the last field are ignored. */
export function unpackBits(x: bigint, widths: readonly number[]): bigint[] {
  const out: bigint[] = [];
  let rest = x;
  for (const bits of widths) {
    out.push(rest & ((1n << BigInt(bits)) - 1n));
    rest >>= BigInt(bits);
  }
  return out;
}

/** Width of a sum of fields. */
export function totalBits(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0);
}
