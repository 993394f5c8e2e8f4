/**
 * The MSM backend snarkjs itself uses: ffjavascript's multi-threaded `multiExpAffine` (snarkjs 0.7
 * groth16_prove.js), for parity and as the reference the WebAssembly MSMs are measured against.
 */
import type { BnCurve } from "ffjavascript";
import type { MsmBackend } from "./backends.js";

export function createFfjsMsm(curve: BnCurve): MsmBackend {
  return {
    name: "ffjavascript",
    async msmG1(bases, scalars) {
      return curve.G1.toAffine(await curve.G1.multiExpAffine(bases, scalars));
    },
    async msmG2(bases, scalars) {
      return curve.G2.toAffine(await curve.G2.multiExpAffine(bases, scalars));
    },
  };
}
