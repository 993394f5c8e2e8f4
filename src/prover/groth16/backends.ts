/**
 * The two pluggable parts of the Groth16 prover, so that each can move from ffjavascript to our own
 * WebAssembly independently and be compared step by step against it:
 *
 * - NttBackend: the H polynomial's scalars from the zkey's QAP coefficients and the witness
 *   (ffjavascript: ./ffjsNtt.ts; ours: ./nttWasm.ts over assembly/groth16/ntt.ts, and ./nttWasmWorker.ts,
 *   the same on a worker thread that can also take two of the G1 MSMs).
 * - MsmBackend: the five multi-scalar multiplications (ffjavascript: ./ffjsMsm.ts; ours: ./wasmMsm.ts
 *   over ./msmWasm.ts's msmG1 / msmG2, build/wasm/groth16.wasm's curve code).
 *
 * Encodings at this boundary are the .zkey's and .wtns's own, so that no backend converts for another:
 * scalars 32-byte little-endian standard form; bases affine with 32-byte little-endian Montgomery
 * coordinates (x·2^256 mod q), all-zero bytes for the point at infinity (see ./readZkey.ts). MSM results
 * are points as ffjavascript's G1 / G2 take them: that affine form, or its projective X ‖ Y ‖ Z.
 */
import type { StepTimer } from "./stepTimer.js";

/** What the H polynomial is computed from: section 4 of the zkey and the witness. */
export interface QapInput {
  /** log2 of the domain size. */
  readonly power: number;
  readonly nVars: number;
  readonly nCoefs: number;
  /** nCoefs × (u32 matrix, u32 constraint, u32 signal, 32-byte coefficient · 2^512 mod r). */
  readonly coefs: Uint8Array;
  /** nVars × 32 bytes, standard form. */
  readonly witness: Uint8Array;
}

/** The bases of the G1 MSMs an off-thread backend runs beside H: H's own and one over the witness. */
export interface OffThreadMsmBases {
  /** Section 9: 2^power G1 points. */
  readonly h: Uint8Array;
  /** Another G1 section, whose scalars are the witness from `witnessFrom` on (its name is for timings). */
  readonly other: { readonly name: string; readonly bases: Uint8Array; readonly witnessFrom: number };
}

export interface OffThreadMsms {
  readonly h: Uint8Array;
  readonly other: Uint8Array;
}

export interface NttBackend {
  readonly name: string;
  /**
   * True when computeH runs on another thread: the prover then starts it first and runs the MSMs that
   * do not need H meanwhile. Its steps' times are then the worker's, concurrent with the MSMs'.
   */
  readonly offThread?: boolean;
  /**
   * The scalars of the H multi-exponentiation, as snarkjs 0.7 computes them: A·B − C evaluated on the
   * odd coset (ω_{2n}·ω_n^i), 2^power × 32 bytes in standard form. Records its steps on `timer`.
   */
  computeH(input: QapInput, timer: StepTimer): Promise<Uint8Array>;
  /**
   * Optional, for off-thread backends: after H, on the backend's thread, Σ hᵢ·Hᵢ (H's MSM over section 9,
   * H never leaving that thread) and one more G1 MSM over the witness, as G1 points (64 or 96 bytes, as
   * MsmBackend.msmG1). The prover picks the other MSM so that both threads' shares come out even.
   */
  offThreadMsms?(input: QapInput, bases: OffThreadMsmBases, timer: StepTimer): Promise<OffThreadMsms>;
}

export interface MsmBackend {
  readonly name: string;
  /** Σ scalars[i]·bases[i] in G1: bases n × 64 bytes, scalars n × 32; the sum as 64 or 96 bytes. */
  msmG1(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
  /** The same in G2: bases n × 128 bytes; the sum as 128 or 192 bytes. */
  msmG2(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
}
