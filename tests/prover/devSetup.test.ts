/**
 * The development setup end to end on a small circuit: snarkjs proves with the dev keys and verifies,
 * rejects tampered signals and other setups' keys, reads the files with its own readers; the cache
 * serves unchanged circuits and rebuilds changed or damaged ones.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELD_MODULUS } from "../../src/protocol/constants.js";
import {
  DEV_CONTRIBUTION_NAME,
  DEV_NOTICE,
  devSetup,
  type SetupArtifacts,
  terminateSnarkjsCurve,
} from "../../src/prover/setup/index.js";

const R = FIELD_MODULUS;
const circuit = join(import.meta.dirname, "../../circuits/test/powerChain.circom");
const input = { a: 3, b: 5 };
const expectedC = (3n ** 40n * 5n) % R;

let dev: SetupArtifacts;
let other: SetupArtifacts;
let scratch: string;

const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "ghost-setup-"));
  dev = await devSetup(circuit);
  other = await devSetup(circuit, { cacheDir: join(scratch, "other"), force: true });
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await terminateSnarkjsCurve();
});

describe("dev setup keys", () => {
  it("prove with snarkjs and verify", async () => {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, dev.wasm, dev.zkey);
    expect(publicSignals).toEqual([expectedC.toString(), "3"]);
    expect(await snarkjs.groth16.verify(readJson(dev.vkey), publicSignals, proof)).toBe(true);
  });

  it("reject a tampered public signal", async () => {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, dev.wasm, dev.zkey);
    const vk = readJson(dev.vkey);
    expect(await snarkjs.groth16.verify(vk, [publicSignals[0]!, "4"], proof)).toBe(false);
    expect(await snarkjs.groth16.verify(vk, [(expectedC + 1n).toString(), "3"], proof)).toBe(false);
  });

  it("reject a proof made with another setup's keys", async () => {
    expect(other.key).toBe(dev.key);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, other.wasm, other.zkey);
    expect(await snarkjs.groth16.verify(readJson(other.vkey), publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(readJson(dev.vkey), publicSignals, proof)).toBe(false);
  });

  it("are files snarkjs' own readers parse, marked as a development setup", async () => {
    const ptau = await snarkjs.powersOfTau.exportJson(dev.ptau);
    expect(ptau.power).toBe(dev.power);
    expect((ptau.contributions as { name: string }[])[0]!.name).toBe(DEV_CONTRIBUTION_NAME);
    const zkey = await snarkjs.zKey.exportJson(dev.zkey);
    expect(zkey.protocol).toBe("groth16");
    expect(zkey.nPublic).toBe(2);
    expect(zkey.power).toBe(dev.power);
    expect(readJson(dev.vkey).ghostchain).toBe(DEV_NOTICE);
    expect(readJson(join(dev.dir, "meta.json")).notice).toBe(DEV_NOTICE);
  });
});

describe("setup cache", () => {
  it("serves an unchanged circuit from the cache", async () => {
    const again = await devSetup(circuit);
    expect(again.cached).toBe(true);
    expect(again.zkey).toBe(dev.zkey);
  });

  it("rebuilds when the source changes or an artifact is damaged, never using the stale one", async () => {
    const dir = mkdtempSync(join(scratch, "circuit-"));
    const copy = join(dir, "powerChain.circom");
    copyFileSync(circuit, copy);
    const cacheDir = join(scratch, "cache");
    const first = await devSetup(copy, { cacheDir });
    expect(first.cached).toBe(false);

    writeFileSync(copy, `${readFileSync(copy, "utf8")}\n// changed\n`);
    const changed = await devSetup(copy, { cacheDir });
    expect(changed.key).not.toBe(first.key);
    expect(changed.cached).toBe(false);
    expect(existsSync(first.dir)).toBe(false); // the superseded entry is gone

    const size = statSync(changed.zkey).size;
    truncateSync(changed.zkey, size - 64);
    const repaired = await devSetup(copy, { cacheDir });
    expect(repaired.cached).toBe(false);
    expect(statSync(repaired.zkey).size).toBe(size);
  });
});
