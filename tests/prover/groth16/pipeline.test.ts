/**
 * proveGroth16 end to end on the test-size batch circuit: its proofs, with ffjavascript's backends (as
 * snarkjs) and with our WebAssembly NTT, verify with snarkjs.groth16.verify against the circuit's
 * verification key and carry snarkjs' public signals; both NTT backends give the same proof for the same
 * blinding scalars; a tampered witness gives a proof that does not verify.
 */
import { readFileSync } from "node:fs";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createWasmMsm,
  createWasmNtt,
  createWasmNttWorker,
  type Groth16ProveResult,
  type Groth16Zkey,
  loadGroth16Module,
  parseWtns,
  proveGroth16,
  readZkey,
  type WasmNtt,
  type WasmNttWorker,
} from "../../../src/prover/groth16/index.js";
import { type BuiltBatchCircuit, buildBatchInput, calculateWitness } from "../../../src/prover/index.js";
import { terminateSnarkjsCurve } from "../../../src/prover/setup/index.js";
import { CIRCUIT, genesis, testCircuit, transfer } from "../../circuit/helpers.js";

let built: BuiltBatchCircuit;
let vkey: Record<string, unknown>;
let zkey: Groth16Zkey;
let wtns: Uint8Array;
let wasm: WasmNtt;
const workers: WasmNttWorker[] = [];
/** Fixed blinding scalars, so that proofs from different backends can be compared. */
const randomness = { r: 12345n, s: 67890n };
/** The proof with ffjavascript's backends (snarkjs' own computation) and `randomness`. */
let reference: Groth16ProveResult;

beforeAll(async () => {
  built = await testCircuit();
  vkey = JSON.parse(readFileSync(built.vkey, "utf8")) as Record<string, unknown>;
  zkey = await readZkey(built.zkey);
  const pre = genesis(3);
  const input = await buildBatchInput(CIRCUIT, {
    preState: pre,
    priorityOps: [],
    txs: [transfer(0, 1), transfer(1, 2)],
    batchNumber: pre.batchNumber + 1,
    feeAccount: 0,
  });
  wtns = await calculateWitness(built.wasm, input.input);
  wasm = await createWasmNtt({ wasm: loadGroth16Module() });
  reference = await proveGroth16(zkey, wtns, { randomness });
});

afterAll(async () => {
  for (const w of workers) await w.close();
  await terminateSnarkjsCurve();
});

/** The witness with one private value replaced: no longer a satisfying assignment. */
function tampered(): Uint8Array {
  const copy = wtns.slice();
  const values = parseWtns(copy).values;
  const i = zkey.nPublic + 5;
  values[i * 32] = values[i * 32]! ^ 1;
  return copy;
}

describe("proveGroth16 on the test batch circuit", () => {
  it("with ffjavascript's backends, gives a proof snarkjs verifies, with snarkjs' public signals", async () => {
    const ours = reference;
    const theirs = await snarkjs.groth16.prove(built.zkey, { type: "mem", data: wtns } as unknown as string);
    expect(ours.publicSignals).toEqual(theirs.publicSignals);
    expect(Object.keys(ours.proof).sort()).toEqual(Object.keys(theirs.proof).sort());
    expect(await snarkjs.groth16.verify(vkey, ours.publicSignals, ours.proof as never)).toBe(true);
  });

  it("with the WebAssembly NTT, gives a proof snarkjs verifies, and records every step", async () => {
    const ours = await proveGroth16(built.zkey, wtns, { ntt: wasm });
    expect(await snarkjs.groth16.verify(vkey, ours.publicSignals, ours.proof as never)).toBe(true);
    for (const step of ["read zkey", "read witness", "build ABC", "ifft A", "fft C", "join ABC", "msm H"]) {
      expect(ours.timings[step], step).toBeGreaterThanOrEqual(0);
    }
    expect(ours.timings.total).toBeGreaterThan(0);
  });

  it("gives the same proof with every NTT backend for the same r and s", async () => {
    // H computed on the worker and sent back; the MSMs all on this thread
    const worker = await createWasmNttWorker({ wasm: loadGroth16Module(), msm: false });
    workers.push(worker);
    const a = reference;
    const b = await proveGroth16(zkey, wtns, { randomness, ntt: wasm });
    const c = await proveGroth16(zkey, wtns, { randomness, ntt: worker });
    expect(b.proof).toEqual(a.proof);
    expect(c.proof).toEqual(a.proof);
    // the worker's steps come back with the proof, and the wait for H is its own step
    expect(c.timings["fft C"]).toBeGreaterThan(0);
    expect(c.timings["wait H"]).toBeGreaterThanOrEqual(0);
  });

  it("with our WebAssembly MSMs and H, C's MSMs on a worker, gives the same proof as snarkjs' computation", async () => {
    // H and the MSMs of H and C on the worker, those of A, B1 and B2 on this thread
    const worker = await createWasmNttWorker({ wasm: loadGroth16Module(), msm: true });
    workers.push(worker);
    const ours = await proveGroth16(zkey, wtns, { randomness, ntt: worker, msm: createWasmMsm() });
    expect(ours.proof).toEqual(reference.proof);
    expect(ours.timings["msm H"]).toBeGreaterThan(0);
  });

  it("gives a proof that does not verify for a tampered witness", async () => {
    // The NTT backends agree proof for proof (above), so one of them stands for both here.
    const { proof, publicSignals } = await proveGroth16(zkey, tampered(), { ntt: wasm });
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof as never)).toBe(false);
  });

  it("rejects a witness of another circuit's size with WITNESS_FAILED", async () => {
    const short = { nWitness: zkey.nVars - 1, values: parseWtns(wtns).values.subarray(32) };
    await expect(proveGroth16(zkey, short)).rejects.toMatchObject({ code: "WITNESS_FAILED" });
  });
});
