/**
 * `npx tsx scripts/bench/groth16/msm.ts [--quick] [--windows 12,13,14]`: our WASM MSM
 * (src/prover/groth16/msmWasm.ts, single-threaded) against ffjavascript's `multiExpAffine` — the MSM
 * snarkjs' groth16.prove runs — on the same inputs in this process: G1 at n = 2^16 and 2^17, G2 at
 * 2^16. ffjavascript is measured twice: with its worker threads (one per core, what snarkjs uses) and
 * single-threaded (`buildBn128(true)`), the like-for-like comparison until ours runs on two workers.
 *
 * Inputs: 4096 distinct random points tiled to n (generating 2^17 distinct points with ffjavascript
 * takes longer than the benchmark; neither MSM can tell), uniformly random scalars below r.
 * One warm-up call, then the median of 3. `--windows` also times ours at the given window sizes.
 */
import { buildBn128 } from "ffjavascript";
import { msmG1, msmG2 } from "../../../src/prover/groth16/msmWasm.js";
import { formatNs, measure, printJsonLine, printTable } from "../harness.js";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const DISTINCT = 4096;
const quick = process.argv.includes("--quick");
const windowsArg = process.argv.includes("--windows")
  ? process.argv[process.argv.indexOf("--windows") + 1]!.split(",").map(Number)
  : [];

// biome-ignore lint/suspicious/noExplicitAny: ffjavascript has no types
type Curve = any;

function randomScalars(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * 32);
  let x = BigInt(seed) + 1n;
  for (let i = 0; i < n; i++) {
    // A 256-bit xorshift-free congruence: fine for a benchmark, full width after the reduction.
    x = (x * 0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95n + 0x1234567n) % (1n << 256n);
    let v = x % R;
    for (let b = 0; b < 32; b++, v >>= 8n) out[i * 32 + b] = Number(v & 0xffn);
  }
  return out;
}

function tiledBases(curve: Curve, group: "G1" | "G2", n: number): Uint8Array {
  const G = curve[group];
  const size = group === "G1" ? 64 : 128;
  const distinct = new Uint8Array(DISTINCT * size);
  for (let i = 0; i < DISTINCT; i++) {
    G.toRprLEM(distinct, i * size, G.toAffine(G.timesFr(G.g, curve.Fr.random())));
  }
  const out = new Uint8Array(n * size);
  for (let at = 0; at < out.length; at += distinct.length)
    out.set(distinct.subarray(0, Math.min(distinct.length, out.length - at)), at);
  return out;
}

const opts = { runs: 3, minRoundMs: 0, warmupRounds: 1 };
const multi = await buildBn128();
const single = await buildBn128(true);
const cases: { group: "G1" | "G2"; log: number }[] = quick
  ? [{ group: "G1", log: 16 }]
  : [
      { group: "G1", log: 16 },
      { group: "G1", log: 17 },
      { group: "G2", log: 16 },
    ];
const rows: Record<string, string>[] = [];
const record: Record<string, unknown> = {};
for (const { group, log } of cases) {
  const n = 1 << log;
  const bases = tiledBases(multi, group, n);
  const scalars = randomScalars(n, log);
  const ours = group === "G1" ? msmG1 : msmG2;
  const expected = await multi[group].multiExpAffine(bases, scalars);
  if (!multi[group].eq(expected, ours(bases, scalars, n)))
    throw new Error(`${group} 2^${log}: results differ`);
  const w = await measure("wasm", () => ours(bases, scalars, n), opts);
  const m = await measure("ffjs", () => multi[group].multiExpAffine(bases, scalars), opts);
  const s = await measure("ffjs1", () => single[group].multiExpAffine(bases, scalars), opts);
  const key = `${group.toLowerCase()}_2_${log}`;
  record[key] = {
    wasmMs: w.nsPerOp / 1e6,
    ffjsMs: m.nsPerOp / 1e6,
    ffjsSingleMs: s.nsPerOp / 1e6,
    vsFfjs: m.nsPerOp / w.nsPerOp,
    vsFfjsSingle: s.nsPerOp / w.nsPerOp,
  };
  rows.push({
    msm: `${group} 2^${log}`,
    "ours (1 thread)": formatNs(w.nsPerOp),
    "ffjs (2 threads)": formatNs(m.nsPerOp),
    "ffjs (1 thread)": formatNs(s.nsPerOp),
    "× vs ffjs": (m.nsPerOp / w.nsPerOp).toFixed(2),
    "× vs ffjs 1T": (s.nsPerOp / w.nsPerOp).toFixed(2),
  });
  for (const c of windowsArg) {
    const t = await measure(`c${c}`, () => ours(bases, scalars, n, { windowBits: c }), opts);
    rows.push({ msm: `${group} 2^${log} c=${c}`, "ours (1 thread)": formatNs(t.nsPerOp) });
  }
}
printTable("MSM: ours (WASM, single thread) vs ffjavascript multiExpAffine", rows);
printJsonLine("groth16-msm", record);
await multi.terminate();
await single.terminate();
