/**
 * A Groth16 prover for snarkjs' .zkey and .wtns that produces what snarkjs 0.7's groth16.prove produces
 * (node_modules/snarkjs/src/groth16_prove.js), so that snarkjs.groth16.verify and the L1 verifier take
 * its proofs unchanged:
 *
 *   H     = (A·B − C) on the odd coset            (NttBackend, see ./backends.ts)
 *   π_A   = α₁ + Σ wᵢ·Aᵢ + r·δ₁
 *   π_B   = β₂ + Σ wᵢ·B2ᵢ + s·δ₂                  (and B₁ = β₁ + Σ wᵢ·B1ᵢ + s·δ₁ in G1)
 *   π_C   = Σ_{private} wᵢ·Cᵢ + Σ hᵢ·Hᵢ + s·π_A + r·B₁ − r·s·δ₁
 *
 * with r, s uniformly random in Fr. The five MSMs go through an MsmBackend; the few additions and
 * scalar multiplications that combine them use ffjavascript's curve (they cost milliseconds). When the
 * NTT backend runs on another thread, H is computed there while this thread runs the MSMs that do not
 * need it; when it also runs MSMs (offThreadMsms), it takes H's and B1's while this thread takes A's,
 * B2's and C's: measured at the devnet size (2^17), the two shares come out within 3 % of each other
 * (H's was the largest; C's, the next, balanced worse). Each step's wall time is returned with the proof.
 */
import { randomBytes } from "node:crypto";
import { type BnCurve, buildBn128 } from "ffjavascript";
import { FIELD_MODULUS } from "../../protocol/constants.js";
import { GhostError } from "../../protocol/errors.js";
import type { Groth16Proof } from "../proofJson.js";
import type { MsmBackend, NttBackend } from "./backends.js";
import { createFfjsMsm } from "./ffjsMsm.js";
import { createFfjsNtt } from "./ffjsNtt.js";
import { readBigIntLE } from "./readBinFile.js";
import { readWtns, type Wtns } from "./readWtns.js";
import { FR_BYTES, type Groth16Zkey, readZkey } from "./readZkey.js";
import { StepTimer, type StepTiming } from "./stepTimer.js";

export interface ProveGroth16Options {
  /** The H polynomial's backend (default: ffjavascript, as snarkjs). */
  ntt?: NttBackend;
  /** The multi-exponentiations' backend (default: ffjavascript, as snarkjs). */
  msm?: MsmBackend;
  /**
   * The curve for the final combination and the default backends (default: snarkjs' shared bn128 when a
   * default backend is used, else a single-threaded one).
   */
  curve?: BnCurve;
  /** Fixed blinding scalars, for tests that compare backends proof for proof; never in production. */
  randomness?: { readonly r: bigint; readonly s: bigint };
}

export interface Groth16ProveResult {
  readonly proof: Groth16Proof;
  /** Witness values 1..nPublic as decimal strings (snarkjs' publicSignals). */
  readonly publicSignals: string[];
  /** Wall time per step, in the order run. */
  readonly steps: readonly StepTiming[];
  /** Milliseconds per step, by name, and `total`. */
  readonly timings: Readonly<Record<string, number>>;
}

let singleThreaded: Promise<BnCurve> | undefined;

/**
 * The curve for the final combination when both backends are ours: ffjavascript single-threaded (built
 * once per process), which spawns no worker threads; snarkjs' shared curve would start one per core.
 */
function combiningCurve(): Promise<BnCurve> {
  singleThreaded ??= buildBn128(true);
  return singleThreaded;
}

/** A uniform scalar in Fr: 512 random bits reduced, so the bias is below 2^-250. */
function randomScalar(): bigint {
  return readBigIntLE(randomBytes(64)) % FIELD_MODULUS;
}

function decimal(xs: unknown[]): string[] {
  return xs.map((x) => String(x));
}

/**
 * Proves with a .zkey (parsed, bytes or path) and a .wtns (parsed, bytes or path). WITNESS_FAILED when the
 * witness does not belong to the zkey's circuit (wrong size or field); SETUP_BAD_FILE for a bad zkey.
 */
export async function proveGroth16(
  zkeySource: Groth16Zkey | string | Uint8Array,
  wtnsSource: Wtns | string | Uint8Array,
  options: ProveGroth16Options = {},
): Promise<Groth16ProveResult> {
  const t0 = performance.now();
  const timer = new StepTimer();
  const zkey =
    typeof zkeySource === "string" || zkeySource instanceof Uint8Array
      ? await timer.time("read zkey", () => readZkey(zkeySource))
      : zkeySource;
  const wtns =
    typeof wtnsSource === "string" || wtnsSource instanceof Uint8Array
      ? await timer.time("read witness", () => readWtns(wtnsSource))
      : wtnsSource;
  if (wtns.nWitness !== zkey.nVars) {
    throw new GhostError(
      "WITNESS_FAILED",
      `the witness has ${wtns.nWitness} values, the proving key's circuit ${zkey.nVars}`,
    );
  }
  const needsThreads = options.ntt === undefined || options.msm === undefined;
  const curve = options.curve ?? (needsThreads ? await buildBn128() : await combiningCurve());
  const ntt = options.ntt ?? createFfjsNtt(curve);
  const msm = options.msm ?? createFfjsMsm(curve);
  const w = wtns.values;

  const qap = { power: zkey.power, nVars: zkey.nVars, nCoefs: zkey.nCoefs, coefs: zkey.coefs, witness: w };
  // Off-thread, H (and H's and B1's MSMs, when the backend runs MSMs) is computed while this thread
  // runs the MSMs that do not need it.
  const offThread = ntt.offThread === true;
  const pendingMsms =
    offThread && ntt.offThreadMsms !== undefined
      ? ntt.offThreadMsms(
          qap,
          { h: zkey.pointsH, other: { name: "B1", bases: zkey.pointsB1, witnessFrom: 0 } },
          timer,
        )
      : undefined;
  const pendingH = offThread && pendingMsms === undefined ? ntt.computeH(qap, timer) : undefined;
  // Awaited below; an MSM failing first must not leave them unhandled.
  pendingMsms?.catch(() => undefined);
  pendingH?.catch(() => undefined);
  const h = offThread ? undefined : await ntt.computeH(qap, timer);
  const msmA = await timer.time("msm A", () => msm.msmG1(zkey.pointsA, w));
  const msmB2 = await timer.time("msm B2", () => msm.msmG2(zkey.pointsB2, w));
  const wPrivate = w.subarray((zkey.nPublic + 1) * FR_BYTES);
  const msmC = await timer.time("msm C", () => msm.msmG1(zkey.pointsC, wPrivate));
  let msmB1: Uint8Array;
  let msmH: Uint8Array;
  if (pendingMsms !== undefined) {
    ({ h: msmH, other: msmB1 } = await timer.time("wait H, B1", () => pendingMsms));
  } else {
    msmB1 = await timer.time("msm B1", () => msm.msmG1(zkey.pointsB1, w));
    const hScalars = h ?? (await timer.time("wait H", () => pendingH!));
    msmH = await timer.time("msm H", () => msm.msmG1(zkey.pointsH, hScalars));
  }

  const proof = await timer.time("combine", () => {
    const { G1, G2, Fr } = curve;
    const r = Fr.e(options.randomness?.r ?? randomScalar());
    const s = Fr.e(options.randomness?.s ?? randomScalar());
    const piA = G1.add(G1.add(msmA, zkey.alpha1), G1.timesFr(zkey.delta1, r));
    const piB = G2.add(G2.add(msmB2, zkey.beta2), G2.timesFr(zkey.delta2, s));
    const b1 = G1.add(G1.add(msmB1, zkey.beta1), G1.timesFr(zkey.delta1, s));
    let piC = G1.add(msmC, msmH);
    piC = G1.add(piC, G1.timesFr(piA, s));
    piC = G1.add(piC, G1.timesFr(b1, r));
    piC = G1.add(piC, G1.timesFr(zkey.delta1, Fr.neg(Fr.mul(r, s))));
    return {
      pi_a: decimal(G1.toObject(G1.toAffine(piA))),
      pi_b: (G2.toObject(G2.toAffine(piB)) as unknown[][]).map(decimal),
      pi_c: decimal(G1.toObject(G1.toAffine(piC))),
      protocol: "groth16",
      curve: "bn128",
    } satisfies Groth16Proof;
  });

  const publicSignals: string[] = [];
  for (let i = 1; i <= zkey.nPublic; i++) {
    publicSignals.push(readBigIntLE(w.subarray(i * FR_BYTES, (i + 1) * FR_BYTES)).toString());
  }
  const timings = { ...timer.record(), total: performance.now() - t0 };
  return { proof, publicSignals, steps: timer.steps, timings };
}
