/**
 * The parts of ffjavascript's bn128 curve (plain JavaScript, no types) that the Groth16 prover uses:
 * merged into the declaration of src/prover/setup/externals.d.ts. Field elements and points are
 * ffjavascript's byte encodings: Fr and Fq elements 32 bytes little-endian in Montgomery form
 * (x·2^256 mod p); G1 points 64 bytes affine or 96 bytes Jacobian, G2 points 128 / 192 bytes.
 */
declare module "ffjavascript" {
  interface BnCurve {
    readonly name: string;
    readonly Fr: FfjsFr;
    readonly G1: FfjsGroup;
    readonly G2: FfjsGroup;
  }

  interface FfjsFr {
    readonly n8: number;
    readonly p: bigint;
    /** Roots of unity: w[k] has order 2^k. */
    readonly w: Uint8Array[];
    e(x: bigint | number | string): Uint8Array;
    toObject(a: Uint8Array): bigint;
    add(a: Uint8Array, b: Uint8Array): Uint8Array;
    sub(a: Uint8Array, b: Uint8Array): Uint8Array;
    mul(a: Uint8Array, b: Uint8Array): Uint8Array;
    neg(a: Uint8Array): Uint8Array;
    fft(buff: Uint8Array): Promise<Uint8Array>;
    ifft(buff: Uint8Array): Promise<Uint8Array>;
    /** buff[i] · first · inc^i. */
    batchApplyKey(buff: Uint8Array, first: Uint8Array, inc: Uint8Array): Promise<Uint8Array>;
    batchFromMontgomery(buff: Uint8Array): Promise<Uint8Array>;
  }

  interface FfjsGroup {
    readonly F: { readonly n8: number };
    add(a: Uint8Array, b: Uint8Array): Uint8Array;
    timesFr(a: Uint8Array, s: Uint8Array): Uint8Array;
    toAffine(a: Uint8Array): Uint8Array;
    isZero(a: Uint8Array): boolean;
    eq(a: Uint8Array, b: Uint8Array): boolean;
    /** [x, y, z] for G1, [[x0, x1], [y0, y1], [z0, z1]] for G2, as bigints; z = 1 when affine. */
    toObject(a: Uint8Array): unknown[];
    multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
  }
}
