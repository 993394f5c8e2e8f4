/**
 * ffjavascript's G1 / G2 as the MSM tests use them (the parts its declarations in src/prover/ do not
 * cover), and random points in ffjavascript's affine byte form (the zkey's), made by multiplying the
 * generator by random scalars.
 */
import type { BnCurve } from "ffjavascript";

export interface FfjsGroupFull {
  readonly g: Uint8Array;
  readonly zero: Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  neg(a: Uint8Array): Uint8Array;
  eq(a: Uint8Array, b: Uint8Array): boolean;
  isZero(a: Uint8Array): boolean;
  timesFr(a: Uint8Array, s: Uint8Array): Uint8Array;
  toAffine(a: Uint8Array): Uint8Array;
  toObject(a: Uint8Array): unknown[];
  toRprLEM(buff: Uint8Array, offset: number, p: Uint8Array): void;
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
}

export type Group = "G1" | "G2";

export const AFFINE_BYTES: Record<Group, number> = { G1: 64, G2: 128 };

export function group(curve: BnCurve, g: Group): FfjsGroupFull {
  return curve[g] as unknown as FfjsGroupFull;
}

/** n random affine points of `g` in ffjavascript's form (64 / 128 bytes each). */
export function randomBases(curve: BnCurve, g: Group, n: number): Uint8Array {
  const G = group(curve, g);
  const size = AFFINE_BYTES[g];
  const out = new Uint8Array(n * size);
  const Fr = curve.Fr as unknown as { random(): Uint8Array };
  for (let i = 0; i < n; i++) G.toRprLEM(out, i * size, G.toAffine(G.timesFr(G.g, Fr.random())));
  return out;
}

/** Writes x (< 2^256) as 32 little-endian bytes at `offset`. */
export function putScalar(buff: Uint8Array, offset: number, x: bigint): void {
  for (let i = 0; i < 32; i++) buff[offset + i] = Number((x >> BigInt(8 * i)) & 0xffn);
}
