/**
 * Our WebAssembly NTT (assembly/groth16/ntt.ts through src/prover/groth16/nttWasm.ts) against
 * ffjavascript, the library snarkjs proves with: Fr.fft, Fr.ifft and Fr.batchApplyKey on random
 * elements at every size 2^1..2^12, and the whole H computation (QAP build, six transforms, A·B − C)
 * against the ffjavascript backend that mirrors snarkjs' groth16_prove.js.
 */
import { randomBytes } from "node:crypto";
import { type BnCurve, buildBn128 } from "ffjavascript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELD_MODULUS } from "../../../src/protocol/constants.js";
import {
  createFfjsNtt,
  createWasmNtt,
  createWasmNttWorker,
  loadGroth16Module,
  NttForm,
  StepTimer,
  type WasmNtt,
} from "../../../src/prover/groth16/index.js";

let curve: BnCurve;
let wasm: WasmNtt;

beforeAll(async () => {
  curve = await buildBn128(true);
  wasm = await createWasmNtt({ wasm: loadGroth16Module() });
});

afterAll(async () => {
  await curve?.terminate();
});

function randomFr(): bigint {
  let x = 0n;
  for (const b of randomBytes(40)) x = (x << 8n) | BigInt(b);
  return x % FIELD_MODULUS;
}

function le32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** n random elements in ffjavascript's Montgomery form, with a few edge values (0, 1, p − 1) first. */
function randomMontgomery(n: number): Uint8Array {
  const out = new Uint8Array(n * 32);
  const edge = [0n, 1n, FIELD_MODULUS - 1n];
  for (let i = 0; i < n; i++) out.set(curve.Fr.e(i < edge.length ? edge[i]! : randomFr()), i * 32);
  return out;
}

function randomStandard(n: number): Uint8Array {
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(le32(randomFr()), i * 32);
  return out;
}

const POWERS = Array.from({ length: 12 }, (_, i) => i + 1);

describe("the WebAssembly NTT", () => {
  it.each(POWERS)("equals ffjavascript's Fr.fft at 2^%i", async (power) => {
    const x = randomMontgomery(2 ** power);
    expect(wasm.fft(x, NttForm.ffjsMontgomery)).toEqual(await curve.Fr.fft(x));
  });

  it.each(POWERS)("equals ffjavascript's Fr.ifft at 2^%i", async (power) => {
    const x = randomMontgomery(2 ** power);
    expect(wasm.ifft(x, NttForm.ffjsMontgomery)).toEqual(await curve.Fr.ifft(x));
  });

  it.each(POWERS)("equals Fr.batchApplyKey(x, 1, Fr.w[k + 1]) for the coset shift at 2^%i", async (power) => {
    const x = randomMontgomery(2 ** power);
    const expected = await curve.Fr.batchApplyKey(x, curve.Fr.e(1), curve.Fr.w[power + 1]!);
    expect(wasm.cosetShift(x, NttForm.ffjsMontgomery)).toEqual(expected);
  });

  it("inverts itself on standard-form values (canonical bytes out)", () => {
    const x = randomStandard(2 ** 9);
    expect(wasm.ifft(wasm.fft(x, NttForm.standard), NttForm.standard)).toEqual(x);
  });

  it("rejects a size that is not a power of two, or out of range, with WASM_BAD_ARGUMENT", () => {
    expect(() => wasm.fft(new Uint8Array(3 * 32), NttForm.standard)).toThrow(
      expect.objectContaining({ code: "WASM_BAD_ARGUMENT" }),
    );
    expect(() => wasm.fft(new Uint8Array(32), NttForm.standard)).toThrow(
      expect.objectContaining({ code: "WASM_BAD_ARGUMENT" }),
    );
  });
});

/** A random QAP input: every constraint touched in A and B, coefficients and witness random. */
function randomQap(power: number, nVars: number, extra: number) {
  const n = 2 ** power;
  const nCoefs = 2 * n + extra;
  const coefs = new Uint8Array(nCoefs * 44);
  const view = new DataView(coefs.buffer);
  for (let i = 0; i < nCoefs; i++) {
    const at = i * 44;
    const random = i >= 2 * n;
    view.setUint32(at, random ? i & 1 : i < n ? 0 : 1, true);
    view.setUint32(at + 4, random ? Math.floor(Math.random() * n) : i % n, true);
    view.setUint32(at + 8, Math.floor(Math.random() * nVars), true);
    coefs.set(le32(randomFr()), at + 12);
  }
  const witness = randomStandard(nVars);
  witness.set(le32(1n), 0);
  return { power, nVars, nCoefs, coefs, witness };
}

describe("the WebAssembly H computation", () => {
  it.each([1, 2, 5, 8, 10])("equals the ffjavascript (snarkjs) computation at 2^%i", async (power) => {
    const input = randomQap(power, 3 * 2 ** power + 1, 2 ** power);
    const ours = await wasm.computeH(input, new StepTimer());
    const theirs = await createFfjsNtt(curve).computeH(input, new StepTimer());
    expect(ours).toEqual(theirs);
  });

  it("records the QAP build, each transform (the coset shift fused into the ifft) and the join", async () => {
    const timer = new StepTimer();
    await wasm.computeH(randomQap(4, 20, 3), timer);
    expect(Object.keys(timer.record())).toEqual([
      "twiddles",
      "build ABC",
      "ifft A",
      "fft A",
      "ifft B",
      "fft B",
      "ifft C",
      "fft C",
      "join ABC",
    ]);
  });

  it("rejects a witness value ≥ r with WITNESS_FAILED", async () => {
    const input = randomQap(3, 10, 0);
    input.witness.set(le32(FIELD_MODULUS), 5 * 32);
    await expect(wasm.computeH(input, new StepTimer())).rejects.toMatchObject({ code: "WITNESS_FAILED" });
  });

  it("gives the same H on a worker thread, and its errors with their codes", async () => {
    const worker = await createWasmNttWorker({ wasm: loadGroth16Module(), msm: false });
    try {
      const input = randomQap(6, 100, 30);
      expect(await worker.computeH(input, new StepTimer())).toEqual(
        await wasm.computeH(input, new StepTimer()),
      );
      const bad = randomQap(3, 10, 0);
      bad.witness.set(le32(FIELD_MODULUS), 2 * 32);
      await expect(worker.computeH(bad, new StepTimer())).rejects.toMatchObject({ code: "WITNESS_FAILED" });
    } finally {
      await worker.close();
    }
  });

  it("rejects a coefficient outside the domain with SETUP_BAD_FILE", async () => {
    const input = randomQap(3, 10, 0);
    new DataView(input.coefs.buffer).setUint32(4, 8, true);
    await expect(wasm.computeH(input, new StepTimer())).rejects.toMatchObject({ code: "SETUP_BAD_FILE" });
  });
});
