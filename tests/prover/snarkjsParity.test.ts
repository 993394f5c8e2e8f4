/**
 * The directly computed files against snarkjs' own computations from the same secrets: the ptau's
 * Lagrange sections against `powersoftau prepare phase2`, and the zkey against `zkey new` (which
 * takes γ = δ = 1, so with those secrets every point section must agree byte for byte). A zkey from
 * snarkjs' `groth16 setup` on the dev ptau proves and verifies like the dev zkey.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  circuitPower,
  createPointPool,
  devSetup,
  type PointPool,
  readR1cs,
  type SetupArtifacts,
  sampleToxicWaste,
  terminateSnarkjsCurve,
  writeDevPtau,
  writeDevZkey,
} from "../../src/prover/setup/index.js";

const circuit = join(import.meta.dirname, "../../circuits/test/powerChain.circom");

let dev: SetupArtifacts;
let pool: PointPool;
let scratch: string;

function sections(path: string): Map<number, Buffer> {
  const b = readFileSync(path);
  const out = new Map<number, Buffer>();
  let p = 12;
  for (let i = 0; i < b.readUInt32LE(8); i++) {
    const id = b.readUInt32LE(p);
    const size = Number(b.readBigUInt64LE(p + 4));
    out.set(id, b.subarray(p + 12, p + 12 + size));
    p += 12 + size;
  }
  return out;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "ghost-parity-"));
  dev = await devSetup(circuit);
  pool = await createPointPool({ tableDir: join(import.meta.dirname, "../../.cache/setup/tables") });
});

afterAll(async () => {
  await pool?.close();
  rmSync(scratch, { recursive: true, force: true });
  await terminateSnarkjsCurve();
});

describe("dev ptau", () => {
  it("has the Lagrange sections snarkjs' prepare phase2 computes from its powers", async () => {
    const ours = join(scratch, "ours.ptau");
    const theirs = join(scratch, "theirs.ptau");
    await writeDevPtau(ours, 7, sampleToxicWaste(8), pool);
    await snarkjs.powersOfTau.preparePhase2(ours, theirs);
    expect(readFileSync(ours).equals(readFileSync(theirs))).toBe(true);
  });
});

describe("dev zkey", () => {
  it("equals snarkjs' zkey new point for point when γ = δ = 1", async () => {
    const r1cs = readR1cs(dev.r1cs);
    const power = circuitPower(r1cs);
    const secrets = { ...sampleToxicWaste(power + 2), gamma: 1n, delta: 1n };
    const ptau = join(scratch, "parity.ptau");
    const ours = join(scratch, "ours.zkey");
    const theirs = join(scratch, "theirs.zkey");
    // one power above the circuit's, so that zkey new takes H from the untruncated doubled domain
    await writeDevPtau(ptau, power + 1, secrets, pool);
    await writeDevZkey(ours, r1cs, secrets, pool);
    await snarkjs.zKey.newZKey(dev.r1cs, ptau, theirs);
    const a = sections(ours);
    const b = sections(theirs);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(a.get(id)!.equals(b.get(id)!), `section ${id}`).toBe(true);
  });

  it("proves and verifies like a zkey from snarkjs' groth16 setup on the same dev ptau", async () => {
    const theirs = join(scratch, "setup.zkey");
    await snarkjs.zKey.newZKey(dev.r1cs, dev.ptau, theirs);
    const input = { a: 7, b: 11 };
    for (const zkey of [dev.zkey, theirs]) {
      const vk = await snarkjs.zKey.exportVerificationKey(zkey);
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, dev.wasm, zkey);
      expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    }
  });
});
