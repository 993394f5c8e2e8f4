/**
 * Reads a Groth16 proving key in snarkjs' .zkey format (snarkjs src/zkey_utils.js): the sections the
 * prover needs, as views over the file's bytes, with every header field and section size checked
 * against BN254 (snarkjs' "bn128") before anything indexes with them.
 *
 *   section 1   u32 protocol (1 = Groth16)
 *   section 2   u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize,
 *               α₁, β₁ (G1), β₂, γ₂ (G2), δ₁ (G1), δ₂ (G2)
 *   section 3   IC: nPublic + 1 G1 points
 *   section 4   u32 count, then count × (u32 matrix, u32 constraint, u32 signal, coefficient):
 *               the A (matrix 0) and B (matrix 1) QAP coefficients; C is A·B on the domain
 *   section 5   A: nVars G1 points        section 6   B1: nVars G1 points
 *   section 7   B2: nVars G2 points       section 8   C: nVars − nPublic − 1 G1 points
 *   section 9   H: domainSize G1 points, on snarkjs' odd coset (see assembly/groth16/ntt.ts)
 *
 * Points are affine, coordinates 32-byte little-endian in Montgomery form (ffjavascript's "LEM"; the
 * point at infinity is all zero). Coefficients are c·2^512 mod r ("Montgomery twice", snarkjs' writeFr2).
 * A malformed file is SETUP_BAD_FILE: the .zkey is the trusted setup's output.
 */
import { FIELD_MODULUS } from "../../protocol/constants.js";
import { GhostError } from "../../protocol/errors.js";
import { readBigIntLE, readBinFile, readSource, uniqueSection } from "./readBinFile.js";

/** BN254's base field (snarkjs' bn128 q). */
export const BN254_BASE_MODULUS =
  21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export const G1_BYTES = 64;
export const G2_BYTES = 128;
export const FR_BYTES = 32;
/** One entry of section 4: matrix, constraint, signal (u32 each) and the coefficient. */
export const COEF_BYTES = 12 + FR_BYTES;
/** Domains above 2^26 do not fit the prover's 32-bit WebAssembly memory (nor a test machine). */
export const MAX_DOMAIN_POWER = 26;

export interface Groth16Zkey {
  readonly nVars: number;
  /** Public signals, not counting the constant wire 0. */
  readonly nPublic: number;
  readonly domainSize: number;
  /** log2(domainSize). */
  readonly power: number;
  readonly alpha1: Uint8Array;
  readonly beta1: Uint8Array;
  readonly beta2: Uint8Array;
  readonly gamma2: Uint8Array;
  readonly delta1: Uint8Array;
  readonly delta2: Uint8Array;
  readonly ic: Uint8Array;
  readonly nCoefs: number;
  /** Section 4's entries, after its count. */
  readonly coefs: Uint8Array;
  readonly pointsA: Uint8Array;
  readonly pointsB1: Uint8Array;
  readonly pointsB2: Uint8Array;
  readonly pointsC: Uint8Array;
  readonly pointsH: Uint8Array;
}

const BAD = "SETUP_BAD_FILE";

function expect(ok: boolean, message: string): void {
  if (!ok) throw new GhostError(BAD, `.zkey: ${message}`);
}

/** Every coefficient entry indexes matrix A or B, a constraint of the domain and a variable. */
function checkCoefs(coefs: Uint8Array, nCoefs: number, domainSize: number, nVars: number): void {
  const view = new DataView(coefs.buffer, coefs.byteOffset, coefs.byteLength);
  for (let i = 0; i < nCoefs; i++) {
    const at = i * COEF_BYTES;
    const matrix = view.getUint32(at, true);
    const constraint = view.getUint32(at + 4, true);
    const signal = view.getUint32(at + 8, true);
    // Tested before any message is built: this runs for every one of ~10^6 entries.
    if (matrix > 1 || constraint >= domainSize || signal >= nVars) {
      const entry = `matrix ${matrix}, constraint ${constraint}, signal ${signal}`;
      throw new GhostError(BAD, `.zkey: coefficient ${i} (${entry}) is out of range`);
    }
  }
}

/** Parses a .zkey held in memory (the returned sections are views into `bytes`). */
export function parseZkey(bytes: Uint8Array): Groth16Zkey {
  const file = readBinFile(bytes, "zkey", 2, BAD);
  const protocol = uniqueSection(file, 1, BAD, 4);
  const protocolId = new DataView(protocol.buffer, protocol.byteOffset, 4).getUint32(0, true);
  expect(protocolId === 1, `protocol ${protocolId} is not Groth16 (1)`);

  const header = uniqueSection(file, 2, BAD);
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  let at = 0;
  const u32 = (): number => {
    expect(at + 4 <= header.length, "header section is truncated");
    const v = h.getUint32(at, true);
    at += 4;
    return v;
  };
  const take = (n: number): Uint8Array => {
    expect(at + n <= header.length, "header section is truncated");
    const v = header.subarray(at, at + n);
    at += n;
    return v;
  };
  const n8q = u32();
  expect(n8q === 32, `n8q is ${n8q}, expected 32 (bn128)`);
  expect(readBigIntLE(take(32)) === BN254_BASE_MODULUS, "q is not bn128's base field: another curve");
  const n8r = u32();
  expect(n8r === 32, `n8r is ${n8r}, expected 32 (bn128)`);
  expect(readBigIntLE(take(32)) === FIELD_MODULUS, "r is not bn128's scalar field: another curve");
  const nVars = u32();
  const nPublic = u32();
  const domainSize = u32();
  const power = Math.log2(domainSize);
  expect(
    Number.isInteger(power) && power >= 1 && power <= MAX_DOMAIN_POWER,
    `domain size ${domainSize} is not a power of two in 2^1..2^${MAX_DOMAIN_POWER}`,
  );
  expect(nVars >= 1 && nPublic < nVars, `nPublic ${nPublic} for ${nVars} variables`);
  const alpha1 = take(G1_BYTES);
  const beta1 = take(G1_BYTES);
  const beta2 = take(G2_BYTES);
  const gamma2 = take(G2_BYTES);
  const delta1 = take(G1_BYTES);
  const delta2 = take(G2_BYTES);
  expect(at === header.length, `header section has ${header.length - at} bytes too many`);

  const coefSection = uniqueSection(file, 4, BAD);
  expect(coefSection.length >= 4, "coefficient section is empty");
  const nCoefs = new DataView(coefSection.buffer, coefSection.byteOffset, 4).getUint32(0, true);
  expect(
    coefSection.length === 4 + nCoefs * COEF_BYTES,
    `coefficient section of ${coefSection.length} bytes for ${nCoefs} entries`,
  );
  checkCoefs(coefSection.subarray(4), nCoefs, domainSize, nVars);
  return {
    nVars,
    nPublic,
    domainSize,
    power,
    alpha1,
    beta1,
    beta2,
    gamma2,
    delta1,
    delta2,
    ic: uniqueSection(file, 3, BAD, (nPublic + 1) * G1_BYTES),
    nCoefs,
    coefs: coefSection.subarray(4),
    pointsA: uniqueSection(file, 5, BAD, nVars * G1_BYTES),
    pointsB1: uniqueSection(file, 6, BAD, nVars * G1_BYTES),
    pointsB2: uniqueSection(file, 7, BAD, nVars * G2_BYTES),
    pointsC: uniqueSection(file, 8, BAD, (nVars - nPublic - 1) * G1_BYTES),
    pointsH: uniqueSection(file, 9, BAD, domainSize * G1_BYTES),
  };
}

/** Reads a .zkey from a file, or parses one already in memory. */
export async function readZkey(source: string | Uint8Array): Promise<Groth16Zkey> {
  return parseZkey(await readSource(source, "zkey", BAD));
}
