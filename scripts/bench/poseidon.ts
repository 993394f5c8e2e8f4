/**
 * `npm run bench -- poseidon`: Poseidon with 2 and 5 inputs, this WASM core (single call and batched)
 * against circomlibjs (its WASM build), poseidon-lite, @iden3/js-crypto and
 * @railgun-community/poseidon-hash-wasm, all in this process; then Fr Montgomery multiplication
 * against ffjavascript's WASM field. Every figure is end-to-end from bigints to a bigint result.
 */

import { createRequire } from "node:module";
import { Poseidon as Iden3Poseidon } from "@iden3/js-crypto";
import { buildPoseidon } from "circomlibjs";
import { buildBn128 } from "ffjavascript";
import { poseidon2, poseidon5 } from "poseidon-lite";
import { FIELD_MODULUS, poseidon, poseidonBatch, sharedCore } from "../../src/bridge/index.js";
import {
  type Figure,
  formatNs,
  type Measurement,
  measure,
  median,
  numberAt,
  printJsonLine,
  printTable,
} from "./harness.js";

const BATCH = 512;

function randomField(seed: number): bigint {
  // Deterministic, full-width inputs (a linear congruence on bigints is enough for a benchmark).
  return (BigInt(seed) * 0x9e3779b97f4a7c15f39cc0605cedc834n + 0x1234567n) % FIELD_MODULUS;
}

function tuples(arity: number, count: number, offset: number): bigint[][] {
  return Array.from({ length: count }, (_, k) =>
    Array.from({ length: arity }, (_, i) => randomField(offset + k * arity + i)),
  );
}

/**
 * Speed of `fast` relative to `slow` (slow ns/op ÷ fast ns/op) from alternating short rounds, the
 * median of the per-pair ratios. The table's figures are measured one implementation after the
 * other, so load from other work that comes and goes skews their ratios; alternating rounds see
 * about the same load and keep the ratio steady.
 */
function alternatingRatio(
  fast: () => unknown,
  fastOps: number,
  slow: () => unknown,
  slowOps: number,
): number {
  const nsPerOp = (fn: () => unknown, ops: number) => {
    const start = process.hrtime.bigint();
    const deadline = start + 50_000_000n;
    let calls = 0;
    let now = start;
    do {
      fn();
      calls++;
      now = process.hrtime.bigint();
    } while (now < deadline);
    return Number(now - start) / (calls * ops);
  };
  const ratios = Array.from({ length: 21 }, () => nsPerOp(slow, slowOps) / nsPerOp(fast, fastOps));
  return median(ratios);
}

export async function run(): Promise<Record<string, unknown>> {
  const circomlib = await buildPoseidon();
  // Its CommonJS entry instantiates its WASM synchronously (the ESM entry needs an async init).
  const railgunPoseidon = (
    createRequire(import.meta.url)("@railgun-community/poseidon-hash-wasm") as {
      poseidon: (x: bigint[]) => bigint;
    }
  ).poseidon;
  const liteByArity: Record<number, (x: bigint[]) => bigint> = { 2: poseidon2, 5: poseidon5 };

  const results: Record<string, Record<string, number>> = {};
  const rows: Record<string, string>[] = [];
  for (const arity of [2, 5]) {
    const inputs = tuples(arity, 1, 7)[0]!;
    const batch = tuples(arity, BATCH, 1000);
    const expected = poseidon(inputs);
    const check = (name: string, got: bigint) => {
      if (got !== expected) throw new Error(`${name} disagrees: ${got} != ${expected}`);
    };
    check("circomlibjs", circomlib.F.toObject(circomlib(inputs)));
    check("poseidon-lite", liteByArity[arity]!(inputs));
    check("@iden3/js-crypto", Iden3Poseidon.hash(inputs));
    check("railgun", railgunPoseidon(inputs));
    // The batched path hashes two tuples per SIMD pass: check both lanes against circomlibjs too.
    const hashes = poseidonBatch(batch);
    for (const k of [0, 1, BATCH - 1]) {
      const want = circomlib.F.toObject(circomlib(batch[k]!)) as bigint;
      if (hashes[k] !== want) throw new Error(`batched hash ${k} disagrees with circomlibjs`);
    }

    const m: Measurement[] = [
      await measure("ghostchain wasm (batched)", () => poseidonBatch(batch), { opsPerCall: BATCH }),
      await measure("ghostchain wasm (single)", () => poseidon(inputs)),
      await measure("circomlibjs (wasm)", () => circomlib.F.toObject(circomlib(inputs))),
      await measure("poseidon-lite", () => liteByArity[arity]!(inputs)),
      await measure("@iden3/js-crypto", () => Iden3Poseidon.hash(inputs)),
      await measure("@railgun-community/poseidon-hash-wasm", () => railgunPoseidon(inputs)),
    ];
    const peers = m.slice(2);
    const fastestPeer = peers.reduce((a, b) => (a.nsPerOp < b.nsPerOp ? a : b));
    for (const r of m) {
      rows.push({
        inputs: String(arity),
        implementation: r.name,
        "per hash": formatNs(r.nsPerOp),
        "hashes/s": Math.round(r.opsPerSec).toLocaleString("en-US"),
        "vs fastest peer": `${(fastestPeer.nsPerOp / r.nsPerOp).toFixed(2)}×`,
      });
    }
    const circomlibOnce = () => circomlib.F.toObject(circomlib(inputs));
    results[`poseidon${arity}`] = {
      batchedVsCircomlibAlternating: alternatingRatio(() => poseidonBatch(batch), BATCH, circomlibOnce, 1),
      singleVsCircomlibAlternating: alternatingRatio(() => poseidon(inputs), 1, circomlibOnce, 1),
      batchedUs: m[0]!.nsPerOp / 1e3,
      singleUs: m[1]!.nsPerOp / 1e3,
      fastestPeerUs: fastestPeer.nsPerOp / 1e3,
      batchedVsFastestPeer: fastestPeer.nsPerOp / m[0]!.nsPerOp,
      singleVsFastestPeer: fastestPeer.nsPerOp / m[1]!.nsPerOp,
      ...Object.fromEntries(peers.map((p) => [`${p.name}Us`, p.nsPerOp / 1e3])),
    };
  }
  printTable(`Poseidon (batched: ${BATCH} tuples per call, two per SIMD pass; median of 7 runs)`, rows);

  // Montgomery multiplication: a raw kernel call per multiplication on both sides (same JS→WASM
  // overhead), and this core's multiplication in a WASM loop (no boundary at all).
  const bn128 = await buildBn128(true);
  const ff = (bn128 as unknown as { Fr: unknown }).Fr as {
    tm: { instance: { exports: Record<string, (...a: number[]) => void> } };
    pOp1: number;
    pOp2: number;
    e: (x: bigint) => Uint8Array;
    n8: number;
  };
  const ffMul = ff.tm.instance.exports.frm_mul!;
  const core = sharedCore();
  const io = core.io(256);
  new Uint8Array(core.exports.memory.buffer, io, 108).fill(7);
  const MULS = 100_000;
  const ours = await measure(
    "ghostchain frMulRaw (JS loop)",
    () => {
      const f = core.exports.frMulRaw;
      for (let i = 0; i < MULS; i++) f(io, io, io + 36);
    },
    { opsPerCall: MULS },
  );
  const oursLoop = await measure(
    "ghostchain mulMont (WASM loop)",
    () => {
      const v = core.view();
      v.setBigUint64(io + 128, 5n, true);
      v.setBigUint64(io + 160, 3n, true);
      core.exports.frMulChain(io + 128, io + 160, MULS);
    },
    { opsPerCall: MULS },
  );
  const theirs = await measure(
    "ffjavascript frm_mul (JS loop)",
    () => {
      for (let i = 0; i < MULS; i++) ffMul(ff.pOp1, ff.pOp2, ff.pOp1);
    },
    { opsPerCall: MULS },
  );
  await bn128.terminate();
  printTable(
    "BN254 Fr Montgomery multiplication",
    [ours, oursLoop, theirs].map((r) => ({
      implementation: r.name,
      "ns/mul": r.nsPerOp.toFixed(1),
      "mul/s": Math.round(r.opsPerSec).toLocaleString("en-US"),
      "vs ffjavascript": `${(theirs.nsPerOp / r.nsPerOp).toFixed(2)}×`,
    })),
  );
  return printJsonLine("poseidon", {
    ...results,
    frMul: {
      ghostchainNs: ours.nsPerOp,
      ghostchainWasmLoopNs: oursLoop.nsPerOp,
      ffjavascriptNs: theirs.nsPerOp,
      ratio: theirs.nsPerOp / ours.nsPerOp,
    },
  });
}

/**
 * The summary's figures: Poseidon(2) batched throughput, and the ratios to circomlibjs (the fastest peer)
 * from alternating rounds, which stay steady under load; Fr multiplication against ffjavascript.
 */
export function headline(r: Record<string, unknown>): Figure[] {
  return [
    { name: "Poseidon(2) batched", value: 1e6 / numberAt(r, "poseidon2.batchedUs"), unit: "hashes/s" },
    {
      name: "batched vs circomlibjs",
      value: numberAt(r, "poseidon2.batchedVsCircomlibAlternating"),
      unit: "×",
    },
    {
      name: "single vs circomlibjs",
      value: numberAt(r, "poseidon2.singleVsCircomlibAlternating"),
      unit: "×",
    },
    { name: "Fr mul vs ffjavascript", value: numberAt(r, "frMul.ratio"), unit: "×" },
  ];
}
