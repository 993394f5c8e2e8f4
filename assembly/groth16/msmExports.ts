/**
 * The exported ABI of groth16.wasm's curve part (src/prover/groth16/msmWasm.ts calls it). Every export
 * takes and returns integers: pointers into linear memory, counts, status codes (0 = OK).
 *
 * Byte forms at the boundary:
 *   ffjavascript ("ffjs") — snarkjs' zkey sections and ffjavascript's in-memory points: each Fq
 *     coordinate x·2^256 mod q as 32 little-endian bytes; G1 affine = x ‖ y (64 bytes), G2 affine =
 *     x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (128 bytes); the point at infinity all zeros; projective results as
 *     ffjavascript's G1/G2 return them: X ‖ Y ‖ Z (96 / 192 bytes), here always Z = 1 or the infinity
 *     (0, 1, 0).
 *   ours — the same coordinates in this module's Montgomery form (9 × 29-bit limbs, x·2^261 mod q,
 *     canonical): G1 affine 72 bytes, G2 affine 144 bytes (jacobian.ts).
 *   scalars — 32-byte little-endian integers in standard form (what snarkjs passes to multiExpAffine).
 *
 * Memory: the module runs on the stub runtime; alloc/free are its bump allocator (free reclaims only
 * the most recent block), so callers free in reverse order of allocation (msmAlloc / msmFree).
 */
import { FQ_BYTES, FQ_ONE, fqFromFfjs, fqCanonical, fqToFfjs } from "./fq";
import { FQ_FIELD, FQ2_FIELD } from "./fields";
import { jacIsInfinity, jacToAffine } from "./jacobian";
import { glvDecompose } from "./glv";
import { msm } from "./msm";
import { scratch, SCRATCH_BYTES } from "./scratch";

const FFJS_WORD: usize = 32;
const E: usize = <usize>FQ_BYTES;

export function msmAlloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function msmFree(ptr: usize): void {
  heap.free(ptr);
}

/** Bytes of scratch a second instance on the same (shared) memory must give setThreadScratch. */
export function threadScratchBytes(): usize {
  return SCRATCH_BYTES;
}

/** Points this instance's temporaries at `ptr` (threadScratchBytes() bytes, 8-aligned). */
export function setThreadScratch(ptr: usize): void {
  scratch = ptr;
}

/** `coords` Fq coordinates from ffjavascript's form at src to ours at dst, canonical. */
function coordsFromFfjs(dst: usize, src: usize, coords: usize): void {
  for (let i: usize = 0; i < coords; i++) {
    const o = dst + i * E;
    fqFromFfjs(o, src + i * FFJS_WORD);
    fqCanonical(o, o);
  }
}

function coordsToFfjs(dst: usize, src: usize, coords: usize): void {
  for (let i: usize = 0; i < coords; i++) fqToFfjs(dst + i * FFJS_WORD, src + i * E);
}

/** n G1 affine points from ffjs form (64 bytes each) at src to ours (72 bytes each) at dst. */
export function g1FromFfjs(dst: usize, src: usize, n: i32): void {
  coordsFromFfjs(dst, src, <usize>n * 2);
}

/** n G2 affine points from ffjs form (128 bytes each) at src to ours (144 bytes each) at dst. */
export function g2FromFfjs(dst: usize, src: usize, n: i32): void {
  coordsFromFfjs(dst, src, <usize>n * 4);
}

/** n affine points (G1: 2 coordinates, G2: 4) of ours back to ffjs form. */
export function affineToFfjs(dst: usize, src: usize, coords: usize): void {
  coordsToFfjs(dst, src, coords);
}

/** Writes Jacobian `jac` (ours) as ffjavascript's projective triple: (x, y, 1), or (0, 1, 0). */
function jacobianToFfjs<F>(f: F, out: usize, jac: usize, coordsPerElement: usize): void {
  const elem = f.bytes;
  const words = coordsPerElement * FFJS_WORD;
  if (jacIsInfinity(f, jac)) {
    memory.fill(out, 0, 3 * words);
    fqToFfjs(out + words, FQ_ONE);
    return;
  }
  const affine = heap.alloc(2 * elem);
  jacToAffine(f, affine, jac);
  coordsToFfjs(out, affine, 2 * coordsPerElement);
  memory.fill(out + 2 * words, 0, words);
  fqToFfjs(out + 2 * words, FQ_ONE);
  heap.free(affine);
}

/**
 * out (ffjs projective, 96 bytes) = Σ scalars[i]·bases[i]: bases n × 72 bytes (ours, from g1FromFfjs),
 * scalars n × 32 bytes; windowBits 0 picks the window size from n; glv splits the scalars with the
 * endomorphism (glv.ts; the faster choice, the other kept for comparison and tests).
 */
export function msmG1(out: usize, bases: usize, scalars: usize, n: i32, windowBits: i32, glv: bool): void {
  const jac = heap.alloc(3 * E);
  msm(FQ_FIELD, jac, bases, scalars, n, windowBits, glv);
  jacobianToFfjs(FQ_FIELD, out, jac, 1);
  heap.free(jac);
}

/** As msmG1 over G2: bases n × 144 bytes (ours, from g2FromFfjs), out 192 bytes. */
export function msmG2(out: usize, bases: usize, scalars: usize, n: i32, windowBits: i32, glv: bool): void {
  const jac = heap.alloc(6 * E);
  msm(FQ2_FIELD, jac, bases, scalars, n, windowBits, glv);
  jacobianToFfjs(FQ2_FIELD, out, jac, 2);
  heap.free(jac);
}

/**
 * The GLV split of one scalar (k < r, 32 bytes LE at k) for tests: |k1| at out, |k2| at out + 32
 * (32 bytes LE each); returns the signs (bit 0: k1 < 0, bit 1: k2 < 0).
 */
export function glvSplit(out: usize, k: usize): i32 {
  const t = heap.alloc(40 + 112);
  memory.copy(t, k, 32);
  const signs = glvDecompose(out, out + 32, t, t + 40);
  heap.free(t);
  return signs;
}
