/**
 * Writes a Groth16 proving key (snarkjs' .zkey format) directly from the circuit's R1CS and known
 * τ, α, β, γ, δ, without a ptau: every point is the generator times a field element computed here.
 *
 * It reproduces exactly what snarkjs' `zkey new` followed by contributions would hold, with:
 *   u_s, v_s, w_s  = Σ_c A/B/C[c][s] · L_c(τ) over the constraints c (Lagrange basis of the circuit's
 *                    domain), plus snarkjs' extra constraint "signal s · 1" for each public signal s
 *                    and ONE, at row nConstraints + s of A
 *   A_s = u_s·G1   B1_s = v_s·G1   B2_s = v_s·G2
 *   IC_s = (β·u_s + α·v_s + w_s)/γ·G1 for s <= nPublic, C_s = (β·u_s + α·v_s + w_s)/δ·G1 otherwise
 *   H_i = L'_(2i+1)(τ)/δ·G1 with L' the basis of the doubled domain: snarkjs' prover evaluates
 *         A·B - C on the odd points of that domain, where the even points vanish
 *   section 4: the A and B coefficients times R² (R = 2^256 mod r), the form snarkjs' prover reads
 */
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { createBinFile, readAt, writeAt } from "./binFile.js";
import { DEV_CONTRIBUTION_NAME } from "./devNotice.js";
import { inv, mul, pow, R, writeLE } from "./field.js";
import { POINT_BYTES } from "./fixedBase.js";
import type { PointPool, ProgressFn } from "./pointPool.js";
import type { PointJob } from "./pointProtocol.js";
import { circuitPower, type R1cs } from "./readR1cs.js";
import { lagrangeValues, type ScalarRecipe } from "./scalars.js";

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R2 = pow(2n ** 256n % R, 2n);

export interface ZkeySecrets {
  tau: bigint;
  alpha: bigint;
  beta: bigint;
  gamma: bigint;
  delta: bigint;
}

const G1 = POINT_BYTES.G1;
const G2 = POINT_BYTES.G2;

export async function writeDevZkey(
  path: string,
  r1cs: R1cs,
  secrets: ZkeySecrets,
  pool: PointPool,
  onProgress?: ProgressFn,
): Promise<void> {
  const { tau, alpha, beta, gamma, delta } = secrets;
  const power = circuitPower(r1cs);
  const domainSize = 2 ** power;
  const nPublic = r1cs.nOutputs + r1cs.nPubInputs;
  const nVars = r1cs.nWires;
  const nC = r1cs.nConstraints;

  // Scalars of A, B, IC and C, from the sparse rows.
  const L = lagrangeValues(
    { kind: "lagrange", log: power, factor: 1n, tau, offset: 0, stride: 1, truncate: false },
    0,
    nC + nPublic + 1,
  );
  const u = new Array<bigint>(nVars).fill(0n);
  const v = new Array<bigint>(nVars).fill(0n);
  const w = new Array<bigint>(nVars).fill(0n);
  let nCoefs = 0;
  for (let c = 0; c < nC; c++) {
    const { a, b, c: cc } = r1cs.constraints[c]!;
    const lc = L[c]!;
    for (let i = 0; i < a.wires.length; i++) u[a.wires[i]!] = (u[a.wires[i]!]! + a.coefs[i]! * lc) % R;
    for (let i = 0; i < b.wires.length; i++) v[b.wires[i]!] = (v[b.wires[i]!]! + b.coefs[i]! * lc) % R;
    for (let i = 0; i < cc.wires.length; i++) w[cc.wires[i]!] = (w[cc.wires[i]!]! + cc.coefs[i]! * lc) % R;
    nCoefs += a.wires.length + b.wires.length;
  }
  for (let s = 0; s <= nPublic; s++) u[s] = (u[s]! + L[nC + s]!) % R;
  nCoefs += nPublic + 1;

  const gammaInv = inv(gamma);
  const deltaInv = inv(delta);
  const nPrivate = nVars - nPublic - 1;
  // scalar file layout: A [nVars] | B [nVars] | IC [nPublic+1] | C [nPrivate]
  const scalars = new Uint8Array(3 * nVars * 32);
  const sv = new DataView(scalars.buffer);
  for (let s = 0; s < nVars; s++) {
    writeLE(sv, s * 32, u[s]!);
    writeLE(sv, (nVars + s) * 32, v[s]!);
    const k = (beta * u[s]! + alpha * v[s]! + w[s]!) % R;
    writeLE(sv, (2 * nVars + s) * 32, mul(k, s <= nPublic ? gammaInv : deltaInv));
  }
  const scalarFile = `${path}.scalars.tmp`;
  writeFileSync(scalarFile, scalars);

  const name = Buffer.from(DEV_CONTRIBUTION_NAME, "utf8");
  const contributionSize = 64 + 4 + (G1 + 2 * G1 + G2 + 64 + 4 + 4 + 2 + name.length);
  const layout = createBinFile(path, "zkey", 1, [
    { id: 1, size: 4 },
    { id: 2, size: 4 + 32 + 4 + 32 + 12 + 3 * G1 + 3 * G2 },
    { id: 4, size: 4 + nCoefs * 44 },
    { id: 3, size: (nPublic + 1) * G1 },
    { id: 9, size: domainSize * G1 },
    { id: 8, size: nPrivate * G1 },
    { id: 5, size: nVars * G1 },
    { id: 6, size: nVars * G1 },
    { id: 7, size: nVars * G2 },
    { id: 10, size: contributionSize },
  ]);
  const at = (id: number): number => layout.offsets.get(id)!;

  writeAt(path, at(1), u32(1)); // Groth16
  const header = Buffer.alloc(4 + 32 + 4 + 32 + 12);
  header.writeUInt32LE(32, 0);
  writeLE(new DataView(header.buffer, header.byteOffset), 4, Q);
  header.writeUInt32LE(32, 36);
  writeLE(new DataView(header.buffer, header.byteOffset), 40, R);
  header.writeUInt32LE(nVars, 72);
  header.writeUInt32LE(nPublic, 76);
  header.writeUInt32LE(domainSize, 80);
  writeAt(path, at(2), header);

  // section 4: (matrix, constraint, signal, coefficient·R²) for A then B of each constraint, then
  // the public-signal rows of A
  const coefs = Buffer.alloc(4 + nCoefs * 44);
  const cv = new DataView(coefs.buffer, coefs.byteOffset);
  cv.setUint32(0, nCoefs, true);
  let p = 4;
  const putCoef = (matrix: number, c: number, s: number, value: bigint): void => {
    cv.setUint32(p, matrix, true);
    cv.setUint32(p + 4, c, true);
    cv.setUint32(p + 8, s, true);
    writeLE(cv, p + 12, (value * R2) % R);
    p += 44;
  };
  for (let c = 0; c < nC; c++) {
    const { a, b } = r1cs.constraints[c]!;
    for (let i = 0; i < a.wires.length; i++) putCoef(0, c, a.wires[i]!, a.coefs[i]!);
    for (let i = 0; i < b.wires.length; i++) putCoef(1, c, b.wires[i]!, b.coefs[i]!);
  }
  for (let s = 0; s <= nPublic; s++) putCoef(0, nC + s, s, 1n);
  writeAt(path, at(4), coefs);

  const fromFile: ScalarRecipe = { kind: "file", path: scalarFile };
  const single = (group: "G1" | "G2", factor: bigint, offset: number): PointJob => ({
    group,
    recipe: { kind: "powers", factor, x: 1n },
    start: 0,
    count: 1,
    file: path,
    offset,
  });
  const fileJob = (group: "G1" | "G2", start: number, count: number, offset: number): PointJob => ({
    group,
    recipe: fromFile,
    start,
    count,
    file: path,
    offset,
  });
  const vk = at(2) + header.length;
  const jobs: PointJob[] = [
    single("G1", alpha, vk),
    single("G1", beta, vk + G1),
    single("G2", beta, vk + 2 * G1),
    single("G2", gamma, vk + 2 * G1 + G2),
    single("G1", delta, vk + 2 * G1 + 2 * G2),
    single("G2", delta, vk + 3 * G1 + 2 * G2),
    fileJob("G1", 2 * nVars, nPublic + 1, at(3)),
    fileJob("G1", 2 * nVars + nPublic + 1, nPrivate, at(8)),
    fileJob("G1", 0, nVars, at(5)),
    fileJob("G1", nVars, nVars, at(6)),
    fileJob("G2", nVars, nVars, at(7)),
    {
      group: "G1",
      recipe: {
        kind: "lagrange",
        log: power + 1,
        factor: deltaInv,
        tau,
        offset: 1,
        stride: 2,
        truncate: false,
      },
      start: 0,
      count: domainSize,
      file: path,
      offset: at(9),
    },
  ];
  try {
    await pool.run(jobs, onProgress);
  } finally {
    rmSync(scalarFile, { force: true });
  }

  // Section 10: a circuit hash and one contribution record naming the file as a development setup.
  // snarkjs hashes the initial (δ = 1) key, which never exists here; this hash covers the circuit's
  // header, IC and coefficients instead, so it still changes with the circuit and the keys.
  const hash = createHash("blake2b512");
  hash.update(readAt(path, at(2), at(9) - 12 - at(2)));
  const deltaG1 = readAt(path, vk + 2 * G1 + 2 * G2, G1);
  writeAt(
    path,
    at(10),
    Buffer.concat([
      hash.digest(),
      u32(1),
      deltaG1, // δ after the contribution
      Buffer.alloc(2 * G1 + G2 + 64), // proof of knowledge of δ and transcript: none, nothing was contributed
      u32(0),
      u32(2 + name.length),
      Buffer.from([1, name.length]),
      name,
    ]),
  );
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v, 0);
  return b;
}
