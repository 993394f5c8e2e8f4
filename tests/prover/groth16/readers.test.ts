/**
 * The .zkey and .wtns readers at their boundary: the test circuit's files parse with the sizes snarkjs
 * reads, and files that are not Groth16 bn128 keys or witnesses (wrong type, version, curve, protocol,
 * sizes, out-of-range values) are refused with SETUP_BAD_FILE (zkey) or WITNESS_FAILED (witness).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { FIELD_MODULUS } from "../../../src/protocol/constants.js";
import { firstNonCanonical, parseWtns, parseZkey, readZkey } from "../../../src/prover/groth16/index.js";
import { type BuiltBatchCircuit, buildBatchInput, calculateWitness } from "../../../src/prover/index.js";
import { CIRCUIT, genesis, testCircuit, transfer } from "../../circuit/helpers.js";

let built: BuiltBatchCircuit;
let zkeyBytes: Uint8Array;
let wtnsBytes: Uint8Array;

beforeAll(async () => {
  built = await testCircuit();
  zkeyBytes = new Uint8Array(readFileSync(built.zkey));
  const pre = genesis(3);
  const input = await buildBatchInput(CIRCUIT, {
    preState: pre,
    priorityOps: [],
    txs: [transfer(0, 1)],
    batchNumber: pre.batchNumber + 1,
    feeAccount: 0,
  });
  wtnsBytes = await calculateWitness(built.wasm, input.input);
});

/** The file offset of section `id`'s data (the container is parsed by hand here, independently). */
function sectionOffset(bytes: Uint8Array, id: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  for (let i = 0; i < view.getUint32(8, true); i++) {
    const size = Number(view.getBigUint64(at + 4, true));
    if (view.getUint32(at, true) === id) return at + 12;
    at += 12 + size;
  }
  throw new Error(`no section ${id}`);
}

function patched(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(at, value, true);
  return copy;
}

describe("readZkey", () => {
  it("reads the test circuit's key: sizes and section lengths as snarkjs' zkey header", async () => {
    const zkey = await readZkey(built.zkey);
    const vk = JSON.parse(readFileSync(built.vkey, "utf8")) as { nPublic: number };
    expect(zkey.nPublic).toBe(vk.nPublic);
    expect(zkey.domainSize).toBe(2 ** zkey.power);
    expect(zkey.pointsA.length).toBe(zkey.nVars * 64);
    expect(zkey.pointsB2.length).toBe(zkey.nVars * 128);
    expect(zkey.pointsH.length).toBe(zkey.domainSize * 64);
    expect(zkey.coefs.length).toBe(zkey.nCoefs * 44);
  });

  it.each([
    ["another file type", (b: Uint8Array) => Object.assign(b.slice(), { 0: 0x72 })],
    ["version 3", (b: Uint8Array) => patched(b, 4, 3)],
    ["a PLONK key", (b: Uint8Array) => patched(b, sectionOffset(b, 1), 2)],
    ["another curve's q", (b: Uint8Array) => patched(b, sectionOffset(b, 2) + 4, 12345)],
    ["a domain that is not a power of two", (b: Uint8Array) => patched(b, sectionOffset(b, 2) + 80, 3000)],
    ["a coefficient past the domain", (b: Uint8Array) => patched(b, sectionOffset(b, 4) + 4 + 4, 2 ** 30)],
    ["a truncated file", (b: Uint8Array) => b.subarray(0, b.length - 1)],
  ])("refuses %s with SETUP_BAD_FILE", (_, mutate) => {
    expect(() => parseZkey(mutate(zkeyBytes))).toThrow(expect.objectContaining({ code: "SETUP_BAD_FILE" }));
  });
});

describe("readWtns", () => {
  it("reads the witness: wire 0 is 1", () => {
    const w = parseWtns(wtnsBytes);
    expect(w.values.length).toBe(w.nWitness * 32);
    expect(w.values[0]).toBe(1);
    expect(w.values.subarray(1, 32).every((b) => b === 0)).toBe(true);
  });

  it.each([
    ["a zkey", () => zkeyBytes],
    ["n8 = 48", () => patched(wtnsBytes, sectionOffset(wtnsBytes, 1), 48)],
    [
      "a value ≥ r",
      () => {
        const copy = wtnsBytes.slice();
        const at = sectionOffset(copy, 2) + 3 * 32;
        for (let i = 0; i < 32; i++) copy[at + i] = Number((FIELD_MODULUS >> BigInt(8 * i)) & 0xffn);
        return copy;
      },
    ],
  ])("refuses %s with WITNESS_FAILED", (_, bytes) => {
    expect(() => parseWtns(bytes())).toThrow(expect.objectContaining({ code: "WITNESS_FAILED" }));
  });

  it("finds the first value ≥ r, and none in canonical values", () => {
    const values = new Uint8Array(3 * 32);
    expect(firstNonCanonical(values)).toBe(-1);
    values.fill(0xff, 64, 96);
    expect(firstNonCanonical(values)).toBe(2);
  });
});
