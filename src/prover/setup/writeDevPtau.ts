/**
 * Writes a prepared powers-of-tau file (snarkjs' .ptau format, sections 1-7 and 12-15) directly from
 * known τ, α, β: each point is the generator times a scalar, so no FFT over group elements is needed.
 *
 * Section layout, as snarkjs' `powersoftau new` + `prepare phase2` produce it, with N = 2^power:
 *   2 τ^i·G1 (2N-1)   3 τ^i·G2 (N)   4 ατ^i·G1 (N)   5 βτ^i·G1 (N)   6 β·G2   7 contributions
 *   12/13/14/15: the Lagrange bases L_k(τ)·{G1, G2, αG1, βG1} for every domain 2^0 .. 2^power, one after
 *   the other; section 12 also holds the 2^(power+1) domain, built (as snarkjs does) from τ^0..τ^(2N-2).
 */
import { createBinFile, readAt, writeAt } from "./binFile.js";
import { DEV_CONTRIBUTION_NAME } from "./devNotice.js";
import { POINT_BYTES } from "./fixedBase.js";
import type { PointPool, ProgressFn } from "./pointPool.js";
import type { PointJob } from "./pointProtocol.js";
import type { ScalarRecipe } from "./scalars.js";

/** Base field modulus q of BN254, stored in the ptau header. */
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export interface PtauSecrets {
  tau: bigint;
  alpha: bigint;
  beta: bigint;
}

const G1 = POINT_BYTES.G1;
const G2 = POINT_BYTES.G2;

function contributionBytes(): number {
  const name = Buffer.from(DEV_CONTRIBUTION_NAME, "utf8");
  // points after (τG1, τG2, αG1, βG1, βG2), the proof-of-knowledge key (6 G1, 3 G2), partial hash,
  // next challenge, type, parameter length, then the name parameter
  return 4 + (3 * G1 + 2 * G2) + (6 * G1 + 3 * G2) + 216 + 64 + 4 + 4 + 2 + name.length;
}

export function ptauSize(power: number): number {
  const n = 2 ** power;
  const sections = [
    44,
    (2 * n - 1) * G1,
    n * G2,
    n * G1,
    n * G1,
    G2,
    contributionBytes(),
    (4 * n - 1) * G1,
    (2 * n - 1) * G2,
    (2 * n - 1) * G1,
    (2 * n - 1) * G1,
  ];
  return 12 + sections.reduce((t, s) => t + 12 + s, 0);
}

export async function writeDevPtau(
  path: string,
  power: number,
  secrets: PtauSecrets,
  pool: PointPool,
  onProgress?: ProgressFn,
): Promise<void> {
  const n = 2 ** power;
  const { tau, alpha, beta } = secrets;
  const layout = createBinFile(path, "ptau", 1, [
    { id: 1, size: 44 },
    { id: 2, size: (2 * n - 1) * G1 },
    { id: 3, size: n * G2 },
    { id: 4, size: n * G1 },
    { id: 5, size: n * G1 },
    { id: 6, size: G2 },
    { id: 7, size: contributionBytes() },
    { id: 12, size: (4 * n - 1) * G1 },
    { id: 13, size: (2 * n - 1) * G2 },
    { id: 14, size: (2 * n - 1) * G1 },
    { id: 15, size: (2 * n - 1) * G1 },
  ]);
  const at = (id: number): number => layout.offsets.get(id)!;

  const header = Buffer.alloc(44);
  header.writeUInt32LE(32, 0);
  writeLE32(header, 4, Q);
  header.writeUInt32LE(power, 36);
  header.writeUInt32LE(power, 40);
  writeAt(path, at(1), header);

  const job = (group: "G1" | "G2", recipe: ScalarRecipe, count: number, offset: number): PointJob => ({
    group,
    recipe,
    start: 0,
    count,
    file: path,
    offset,
  });
  const powers = (factor: bigint): ScalarRecipe => ({ kind: "powers", factor, x: tau });
  const jobs: PointJob[] = [
    job("G1", powers(1n), 2 * n - 1, at(2)),
    job("G2", powers(1n), n, at(3)),
    job("G1", powers(alpha), n, at(4)),
    job("G1", powers(beta), n, at(5)),
    job("G2", powers(beta), 1, at(6)),
  ];
  const lagrange = (id: number, group: "G1" | "G2", factor: bigint, top: number): void => {
    for (let k = 0; k <= top; k++) {
      const recipe: ScalarRecipe = {
        kind: "lagrange",
        log: k,
        factor,
        tau,
        offset: 0,
        stride: 1,
        truncate: k === power + 1,
      };
      jobs.push(job(group, recipe, 2 ** k, at(id) + (2 ** k - 1) * POINT_BYTES[group]));
    }
  };
  lagrange(12, "G1", 1n, power + 1);
  lagrange(13, "G2", 1n, power);
  lagrange(14, "G1", alpha, power);
  lagrange(15, "G1", beta, power);
  await pool.run(jobs, onProgress);

  // One contribution record, so that snarkjs (e.g. `powersoftau verify`, `export json`) shows where the
  // file comes from. Its proof-of-knowledge key is left zero: there is no ceremony to prove.
  const read = (offset: number, size: number): Buffer => readAt(path, offset, size);
  const name = Buffer.from(DEV_CONTRIBUTION_NAME, "utf8");
  const contribution = Buffer.concat([
    u32(1),
    read(at(2) + G1, G1), // τ·G1
    read(at(3) + G2, G2), // τ·G2
    read(at(4), G1), // α·G1
    read(at(5), G1), // β·G1
    read(at(6), G2), // β·G2
    Buffer.alloc(6 * G1 + 3 * G2 + 216 + 64),
    u32(0), // type: contribution
    u32(2 + name.length),
    Buffer.from([1, name.length]),
    name,
  ]);
  writeAt(path, at(7), contribution);
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v, 0);
  return b;
}

function writeLE32(buf: Buffer, offset: number, v: bigint): void {
  for (let i = 0; i < 32; i++) buf[offset + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}
