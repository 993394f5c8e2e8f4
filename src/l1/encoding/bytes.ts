/**
 * Byte helpers shared by every L1 codec: SHA3-256 (docs/l1.md §1), hex and concatenation. node:crypto's
 * SHA3 is used so that hashing is native and needs no dependency.
 */
import { createHash } from "node:crypto";

/** SHA3-256 (FIPS 202) of the concatenated parts. */
export function sha3(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash("sha3-256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Lowercase hex without prefix: also the in-memory key of a state entry (hex order = byte order). */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** 0x + lowercase hex: how JSON spells bytes (docs/l1.md §3.2). */
export function to0x(b: Uint8Array): string {
  return `0x${toHex(b)}`;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** The ASCII bytes of a domain tag. */
export function ascii(tag: string): Uint8Array {
  return new Uint8Array(Buffer.from(tag, "ascii"));
}

/** Big-endian integer of bytes. */
export function bytesToBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${toHex(b)}`);
}

/** A non-negative integer as `length` big-endian bytes; the caller has checked the width. */
export function bigIntToBytes(x: bigint, length: number): Uint8Array {
  return fromHex(x.toString(16).padStart(length * 2, "0"));
}
