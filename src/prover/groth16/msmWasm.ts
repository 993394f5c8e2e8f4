/**
 * G1 and G2 multi-scalar multiplications on build/wasm/groth16.wasm, with ffjavascript's data forms so
 * that they replace `curve.G1.multiExpAffine(bases, scalars)` / `curve.G2.multiExpAffine` in snarkjs'
 * prover one for one:
 *
 * - bases: ffjavascript's affine points as snarkjs reads them from the zkey (G1 64 bytes: x ‖ y, G2 128
 *   bytes: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1; each coordinate x·2^256 mod q, 32 bytes little-endian; the point at
 *   infinity all zeros);
 * - scalars: 32 bytes little-endian each, standard form (snarkjs takes the witness as the .wtns stores
 *   it and converts the H coefficients out of Montgomery form before its MSM);
 * - result: ffjavascript's projective triple X ‖ Y ‖ Z (G1 96 bytes, G2 192 bytes), as multiExpAffine
 *   returns it — here always normalised, Z = 1 (or the infinity, (0, 1, 0)), so `curve.G1.toAffine`,
 *   `curve.G1.eq` and `curve.G1.toObject` all apply to it.
 *
 * Single-threaded for now (one instance, the calling thread).
 */
import { GhostError } from "../../protocol/errors.js";
import { type CurveInstance, sharedCurveInstance } from "./curveWasm.js";

export interface MsmWasmOptions {
  /** Window size in bits (default: the module's choice for n, assembly/groth16/msm.ts windowBits). */
  windowBits?: number;
  /** Split scalars with the GLV endomorphism (default true; false for comparisons and tests). */
  glv?: boolean;
  /** The instance to run on (default: the process-wide one). */
  instance?: CurveInstance;
}

/**
 * Per group: byte sizes, and the most points one call takes. The module's memory grows to 1 GiB; a call
 * holds the ffjs bases, ours, the scalars and a workspace of about 4 points' worth per base (GLV doubles
 * the points; assembly/groth16/msmWorkspace.ts), so G1 stops at 2^20 bases and G2 at 2^19.
 */
const GROUPS = {
  G1: { ffjsPoint: 64, ourPoint: 72, result: 96, maxPoints: 2 ** 20 },
  G2: { ffjsPoint: 128, ourPoint: 144, result: 192, maxPoints: 2 ** 19 },
} as const;

function checkSizes(group: keyof typeof GROUPS, bases: Uint8Array, scalars: Uint8Array, n: number): void {
  const { ffjsPoint, maxPoints } = GROUPS[group];
  if (!Number.isSafeInteger(n) || n < 0 || n > maxPoints) {
    throw new GhostError("WASM_BAD_ARGUMENT", `"n" expected an integer from 0 to ${maxPoints}, got ${n}`);
  }
  if (bases.length < n * ffjsPoint) {
    throw new GhostError(
      "WASM_BAD_ARGUMENT",
      `${group} bases: expected ${n * ffjsPoint} bytes, got ${bases.length}`,
    );
  }
  if (scalars.length < n * 32) {
    throw new GhostError("WASM_BAD_ARGUMENT", `scalars: expected ${n * 32} bytes, got ${scalars.length}`);
  }
}

function msm(
  group: keyof typeof GROUPS,
  bases: Uint8Array,
  scalars: Uint8Array,
  n: number,
  options: MsmWasmOptions,
): Uint8Array {
  checkSizes(group, bases, scalars, n);
  const g = GROUPS[group];
  const inst = options.instance ?? sharedCurveInstance();
  const x = inst.x;
  const ffjs = inst.put(bases.subarray(0, n * g.ffjsPoint));
  const ours = inst.alloc(n * g.ourPoint);
  (group === "G1" ? x.g1FromFfjs : x.g2FromFfjs)(ours, ffjs, n);
  const sc = inst.put(scalars.subarray(0, n * 32));
  const out = inst.alloc(g.result);
  (group === "G1" ? x.msmG1 : x.msmG2)(
    out,
    ours,
    sc,
    n,
    options.windowBits ?? 0,
    options.glv === false ? 0 : 1,
  );
  const result = inst.get(out, g.result);
  inst.free(out);
  inst.free(sc);
  inst.free(ours);
  inst.free(ffjs);
  return result;
}

/** Σ scalars[i]·bases[i] over G1 (see the header for the forms); 96 bytes, ffjavascript projective. */
export function msmG1(
  bases: Uint8Array,
  scalars: Uint8Array,
  n: number,
  options: MsmWasmOptions = {},
): Uint8Array {
  return msm("G1", bases, scalars, n, options);
}

/** Σ scalars[i]·bases[i] over G2; 192 bytes, ffjavascript projective. */
export function msmG2(
  bases: Uint8Array,
  scalars: Uint8Array,
  n: number,
  options: MsmWasmOptions = {},
): Uint8Array {
  return msm("G2", bases, scalars, n, options);
}
