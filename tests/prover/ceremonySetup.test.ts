/**
 * `setup --ptau FILE`: keys from a prepared ceremony file through snarkjs' own zkey new and a phase-2
 * contribution, and the precise errors for files that cannot serve the circuit. The dev ptau stands
 * in for a public ceremony file here: it has the same format.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isGhostError } from "../../src/protocol/errors.js";
import {
  ceremonySetup,
  createPointPool,
  devSetup,
  type SetupArtifacts,
  sampleToxicWaste,
  terminateSnarkjsCurve,
  writeDevPtau,
} from "../../src/prover/setup/index.js";

const circuit = join(import.meta.dirname, "../../circuits/test/powerChain.circom");
let dev: SetupArtifacts;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "ghost-ceremony-"));
  dev = await devSetup(circuit);
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await terminateSnarkjsCurve();
});

describe("ceremony setup", () => {
  it("makes keys through snarkjs that prove and verify, with a contribution", async () => {
    const keys = await ceremonySetup(circuit, dev.ptau, { cacheDir: join(scratch, "cache") });
    expect(keys.mode).toBe("ceremony");
    const vk = JSON.parse(readFileSync(keys.vkey, "utf8")) as Record<string, unknown>;
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ a: 2, b: 9 }, keys.wasm, keys.zkey);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    // zkey new leaves δ = γ = the G2 generator; the phase-2 contribution moved δ away from it
    expect(vk.vk_delta_2).not.toEqual(vk.vk_gamma_2);
    const again = await ceremonySetup(circuit, dev.ptau, { cacheDir: join(scratch, "cache") });
    expect(again.cached).toBe(true);
  });

  it("rejects a ceremony smaller than the circuit with SETUP_CIRCUIT_TOO_BIG", async () => {
    const small = join(scratch, "small.ptau");
    const pool = await createPointPool({ tableDir: join(import.meta.dirname, "../../.cache/setup/tables") });
    try {
      await writeDevPtau(small, dev.power - 1, sampleToxicWaste(dev.power), pool);
    } finally {
      await pool.close();
    }
    const err = await ceremonySetup(circuit, small, { cacheDir: join(scratch, "cache") }).catch(
      (e: unknown) => e,
    );
    expect(isGhostError(err, "SETUP_CIRCUIT_TOO_BIG")).toBe(true);
  });

  it("rejects an unprepared or missing ptau with SETUP_BAD_FILE", async () => {
    const raw = join(scratch, "raw.ptau");
    const curve = await snarkjs.curves.getCurveFromName("bn128");
    await snarkjs.powersOfTau.newAccumulator(curve, 4, raw);
    for (const file of [raw, join(scratch, "missing.ptau")]) {
      const err = await ceremonySetup(circuit, file).catch((e: unknown) => e);
      expect(isGhostError(err, "SETUP_BAD_FILE")).toBe(true);
    }
  });
});
