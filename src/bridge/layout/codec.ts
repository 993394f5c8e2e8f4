/**
 * Reading and writing struct fields in linear memory through a DataView, by the layouts of
 * defineStruct.ts: the TypeScript half of the boundary's single layout definition. Callers pass the
 * struct's base address; the field's offset comes from the layout, never from a literal.
 */
import type { FieldLayout } from "./defineStruct.js";

const U64 = (1n << 64n) - 1n;

function at(base: number, f: FieldLayout, i: number): number {
  return base + f.offset + i * f.size;
}

export function readU32(view: DataView, base: number, f: FieldLayout, i = 0): number {
  return view.getUint32(at(base, f, i), true);
}

export function writeU32(view: DataView, base: number, f: FieldLayout, value: number, i = 0): void {
  view.setUint32(at(base, f, i), value, true);
}

function readWords(view: DataView, p: number, words: number): bigint {
  let x = 0n;
  for (let w = words - 1; w >= 0; w--) x = (x << 64n) | view.getBigUint64(p + 8 * w, true);
  return x;
}

function writeWords(view: DataView, p: number, words: number, value: bigint): void {
  let rest = value;
  for (let w = 0; w < words; w++) {
    view.setBigUint64(p + 8 * w, rest & U64, true);
    rest >>= 64n;
  }
}

/** A u128 or u256 field as a bigint. */
export function readUint(view: DataView, base: number, f: FieldLayout, i = 0): bigint {
  return readWords(view, at(base, f, i), f.size / 8);
}

/** Writes a u128 or u256 field; the caller guarantees 0 ≤ value < 2^(8·size). */
export function writeUint(view: DataView, base: number, f: FieldLayout, value: bigint, i = 0): void {
  writeWords(view, at(base, f, i), f.size / 8, value);
}

export function readBytes(view: DataView, base: number, f: FieldLayout, length = f.size): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + at(base, f, 0), length).slice();
}

export function writeBytes(view: DataView, base: number, f: FieldLayout, bytes: Uint8Array): void {
  new Uint8Array(view.buffer, view.byteOffset + at(base, f, 0), f.size).set(bytes.subarray(0, f.size));
}
