/**
 * Per-instance scratch memory for the temporaries of field and curve operations.
 *
 * Why not `memory.data` per module, as assembly/field/ does: this module is built with shared memory so
 * that a later step can run two instances (one per worker thread) over the same points. Static data
 * would then be the same bytes for both threads; WASM globals are not shared, so every temporary is
 * addressed as `scratch + offset` and a second instance points `scratch` at its own region
 * (setThreadScratch) before it computes anything.
 *
 * Layout (byte offsets from `scratch`):
 *   0      Fq      (fq.ts: exponentiation table, temporaries)
 *   1024   Fq2     (fq2.ts)
 *   2048   G1      (Jacobian formulas over Fq)
 *   3072   G2      (Jacobian formulas over Fq2)
 *   5120   MSM     (msm.ts: 3 Jacobian points, then the bucket phase's elements from 9 elements
 *                   on; +2048 the workspace descriptor, +2112 scalar and GLV temporaries)
 *   8192   end
 */
export const SCRATCH_FQ: usize = 0;
export const SCRATCH_FQ2: usize = 1024;
export const SCRATCH_G1: usize = 2048;
export const SCRATCH_G2: usize = 3072;
export const SCRATCH_MSM: usize = 5120;
export const SCRATCH_BYTES: usize = 8192;

/** The scratch region of this instance (the main instance's default is static). */
export let scratch: usize = memory.data(8192);
