/**
 * `npx tsx scripts/bench/groth16/pipeline.ts`: a development bench of proveGroth16's backends, in this
 * process, against snarkjs' groth16.prove on a full batch of transfers of the test-size batch circuit
 * and, when its keys are in .cache/setup, the devnet size. (The prover's figures of record, in the forked
 * prover process the nodes use, come from `npm run bench -- prover`.)
 *
 * Variants of ours: the WebAssembly NTT with ffjavascript's MSMs; the WebAssembly NTT with our MSMs; and
 * the default, a worker thread computing H and the MSMs of H and B1 while the calling thread runs those of
 * A, B2 and C (the two cores both busy). Every proof of ours is checked with snarkjs.groth16.verify. One warm-up run, then the median of BENCH_RUNS (default 3); per-step
 * medians for ours. Prints a table and one JSON line.
 *
 * BENCH_SIZES=test limits the sizes (default: test,devnet).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { initProtocol } from "../../../src/protocol/index.js";
import {
  createWasmMsm,
  createWasmNtt,
  createWasmNttWorker,
  type Groth16ProveResult,
  loadGroth16Module,
  type MsmBackend,
  type NttBackend,
  proveGroth16,
  readZkey,
} from "../../../src/prover/groth16/index.js";
import {
  type BatchCircuit,
  batchCircuit,
  buildBatchCircuit,
  buildBatchInput,
  calculateWitness,
} from "../../../src/prover/index.js";
import { terminateSnarkjsCurve } from "../../../src/prover/setup/index.js";
import { transferBatch } from "../batches/transferBatch.js";
import { median, printJsonLine, printTable } from "../harness.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Keys {
  zkey: string;
  wasm: string;
  vkey: string;
}

/**
 * The test size through the setup module (built and cached like the tests do); larger sizes only when
 * already in .cache/setup, found by their meta.json: a benchmark should not start an 80 s setup.
 */
async function keysFor(circuit: BatchCircuit): Promise<Keys | undefined> {
  if (circuit.name === "test") return buildBatchCircuit("test");
  const cache = join(ROOT, ".cache", "setup");
  if (!existsSync(cache)) return undefined;
  const main = `batch_${circuit.name}`;
  for (const dir of readdirSync(cache)) {
    const meta = join(cache, dir, "meta.json");
    if (!existsSync(meta)) continue;
    const m = JSON.parse(readFileSync(meta, "utf8")) as { circuit?: string };
    if (!m.circuit?.endsWith(`${main}.circom`)) continue;
    const keys = {
      zkey: join(cache, dir, `${main}.zkey`),
      wasm: join(cache, dir, `${main}_js`, `${main}.wasm`),
      vkey: join(cache, dir, "verification_key.json"),
    };
    if (Object.values(keys).every((p) => existsSync(p))) return keys;
  }
  return undefined;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

await initProtocol();
const sizes = (process.env.BENCH_SIZES ?? "test,devnet").split(",");
const module = loadGroth16Module();
const ntt: NttBackend = await createWasmNtt({ wasm: module });
const nttWorker = await createWasmNttWorker({ wasm: module });
const msm = createWasmMsm();
const variants: { name: string; options: { ntt: NttBackend; msm?: MsmBackend } }[] = [
  { name: "ours: wasm NTT + ffjs MSM", options: { ntt } },
  { name: "ours: wasm NTT + wasm MSM", options: { ntt, msm } },
  { name: "ours: worker (H, MSMs H+C) ‖ wasm MSMs (the default)", options: { ntt: nttWorker, msm } },
];

const rows: Record<string, string | number>[] = [];
const stepRows: Record<string, string | number>[] = [];
const json: Record<string, unknown> = {};
for (const name of sizes) {
  const circuit = batchCircuit(name);
  const keys = await keysFor(circuit);
  if (keys === undefined) {
    console.error(`groth16 bench: no keys for ${name} in .cache/setup; skipped`);
    continue;
  }
  console.error(`groth16 bench: ${name} (${circuit.nSlots} slots, depth ${circuit.depth})`);
  const vkey = JSON.parse(readFileSync(keys.vkey, "utf8")) as Record<string, unknown>;
  const wtns = await calculateWitness(
    keys.wasm,
    (await buildBatchInput(circuit, transferBatch(circuit))).input,
  );
  const zkey = await readZkey(keys.zkey);

  // snarkjs reads the zkey file on every proof; ours is given the parsed zkey, and its read is timed apart.
  const read = await timed(() => readZkey(keys.zkey));
  const peerMs: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const run = await timed(() =>
      snarkjs.groth16.prove(keys.zkey, { type: "mem", data: wtns } as unknown as string),
    );
    if (i > 0) peerMs.push(run.ms);
  }
  const peer = median(peerMs);
  rows.push({
    size: name,
    power: zkey.power,
    prover: "snarkjs groth16.prove",
    "ms (median)": peer.toFixed(0),
    "vs snarkjs": "1.00",
  });
  const sizeJson: Record<string, unknown> = {
    power: zkey.power,
    nVars: zkey.nVars,
    readZkeyMs: read.ms,
    snarkjsMs: peer,
  };

  for (const variant of variants) {
    const results: Groth16ProveResult[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const r = await proveGroth16(zkey, wtns, variant.options);
      if (i === 0 && !(await snarkjs.groth16.verify(vkey, r.publicSignals, r.proof as never))) {
        throw new Error(`${variant.name}: the proof does not verify`);
      }
      if (i > 0) results.push(r);
    }
    const steps: Record<string, number> = {};
    for (const step of Object.keys(results[0]!.timings)) {
      steps[step] = median(results.map((r) => r.timings[step] ?? 0));
    }
    const total = steps.total!;
    rows.push({
      size: name,
      power: zkey.power,
      prover: variant.name,
      "ms (median)": total.toFixed(0),
      "ms + zkey read": (total + read.ms).toFixed(0),
      "vs snarkjs": `${(peer / total).toFixed(2)} (${(peer / (total + read.ms)).toFixed(2)} with read)`,
    });
    for (const [step, ms] of Object.entries(steps)) {
      stepRows.push({ size: name, prover: variant.name, step, ms: ms.toFixed(1) });
    }
    sizeJson[variant.name] = { totalMs: total, speedup: peer / total, steps };
  }
  json[name] = sizeJson;
}
printTable(
  "Groth16 proof: ours against snarkjs groth16.prove (same zkey and witness; parsed zkey for ours)",
  rows,
);
printTable("Per step (medians)", stepRows);
printJsonLine("groth16-pipeline", { runs: RUNS, ...json });
await nttWorker.close();
await terminateSnarkjsCurve();
