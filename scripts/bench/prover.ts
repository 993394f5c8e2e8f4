/**
 * `npm run bench -- prover`: the batch circuit at its test and devnet sizes. For each: constraints (total,
 * per slot, batch overhead), compile time and compiler peak memory, dev-setup time, witness time (input
 * builder + circom witness calculator), prove time of our prover (the `wasm` engine) beside
 * snarkjs.groth16.prove (the `snarkjs` engine), each in its own forked prover process on the same zkey
 * and witness, with their peak memory and our prover's time per step (H, each MSM, combine), verify time,
 * and proven tx/s for a batch full of transfers (ours). A second peer is snarkjs' in-process
 * `groth16.fullProve` on the same batch (test size), measured in this process. Targets (devnet size, 2
 * cores): ours ≥ 3× snarkjs' prove time, peak memory no higher than snarkjs'.
 *
 * `BENCH_SIZES=test` limits the sizes (default: test,devnet); a compile-only row gives the constraints per
 * slot at depth 20, where the target is stated (`BENCH_DEPTH20=0` skips it). Linux: peak memory of the
 * compiler is read from /proc while it runs.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as snarkjs from "snarkjs";
import { initProtocol } from "../../src/protocol/index.js";
import {
  batchCircuit,
  buildBatchCircuit,
  buildBatchInput,
  calculateWitness,
  createLocalProverQueue,
  PROVER_ENGINES,
  type ProveResult,
  readVerificationKey,
  verifyBatchProof,
} from "../../src/prover/index.js";
import { readR1cs } from "../../src/prover/setup/index.js";
import { transferBatch } from "./batches/transferBatch.js";
import { type Figure, median, numberAt, printJsonLine, printTable } from "./harness.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SCRATCH = join(ROOT, ".cache", "bench", "prover");

/** Compiles a main file with circom2 (--O2, as the setup does) and reports time, peak RSS and constraints. */
async function compile(
  main: string,
  outDir: string,
): Promise<{ seconds: number; peakMiB: number; constraints: number }> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const args = [
    join("node_modules", "circom2", "cli.js"),
    relative(ROOT, main),
    "--r1cs",
    "--O2",
    "-o",
    relative(ROOT, outDir),
    "-l",
    "node_modules",
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
    } catch {
      // not Linux, or the process is gone
    }
  }, 100);
  const code = await new Promise<number>((ok) => child.on("close", (c) => ok(c ?? 1)));
  clearInterval(poll);
  if (code !== 0) throw new Error(`circom2 failed on ${main}`);
  const name = main
    .split("/")
    .pop()!
    .replace(/\.circom$/, "");
  const r1cs = readR1cs(join(outDir, `${name}.r1cs`));
  return {
    seconds: (performance.now() - t0) / 1000,
    peakMiB: peakKiB / 1024,
    constraints: r1cs.nConstraints,
  };
}

/** A Batch(nSlots, depth) main in the scratch folder, to split constraints into per-slot cost and overhead. */
function scratchMain(nSlots: number, depth: number): string {
  mkdirSync(SCRATCH, { recursive: true });
  const file = join(SCRATCH, `batch_${nSlots}_${depth}.circom`);
  const include = relative(SCRATCH, join(ROOT, "circuits", "batch", "batch.circom"));
  writeFileSync(
    file,
    `pragma circom 2.1.0;\ninclude "${include}";\ncomponent main { public [publicInputHash] } = Batch(${nSlots}, ${depth});\n`,
  );
  return file;
}

export async function run(): Promise<Record<string, unknown>> {
  await initProtocol();
  const sizes = (process.env.BENCH_SIZES ?? "test,devnet").split(",");
  const rows: Record<string, string | number>[] = [];
  const stepRows: Record<string, string | number>[] = [];
  const json: Record<string, unknown> = {};
  for (const name of sizes) {
    const circuit = batchCircuit(name);
    console.error(`prover bench: ${name} (${circuit.nSlots} slots, depth ${circuit.depth})`);
    const full = await compile(circuit.main, join(SCRATCH, name));
    const one = await compile(scratchMain(1, circuit.depth), join(SCRATCH, `one_${circuit.depth}`));
    const perSlot = (full.constraints - one.constraints) / (circuit.nSlots - 1);
    const overhead = one.constraints - perSlot;

    const t0 = performance.now();
    const built = await buildBatchCircuit(name, { log: (l) => console.error(l) });
    const setupSeconds = (performance.now() - t0) / 1000;
    const source = transferBatch(circuit);
    const vkey = readVerificationKey(built.vkey);

    const witnessMs: number[] = [];
    let wtns: Uint8Array = new Uint8Array();
    let hash = 0n;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const w = await buildBatchInput(circuit, source);
      wtns = await calculateWitness(built.wasm, w.input);
      witnessMs.push(performance.now() - t);
      hash = w.publicInputHash;
    }

    // Both engines on the same zkey and witness, each in its own forked prover process (its peak memory is
    // the process's), a warm-up proof each, then alternating runs.
    const engines = {
      wasm: createLocalProverQueue({ engine: "wasm" }),
      snarkjs: createLocalProverQueue({ engine: "snarkjs" }),
    };
    const proveMs = { wasm: [] as number[], snarkjs: [] as number[] };
    const peakMiB = { wasm: 0, snarkjs: 0 };
    const steps = new Map<string, number[]>();
    let proof: ProveResult | undefined;
    const proveRuns = 3;
    try {
      for (const engine of PROVER_ENGINES) await engines[engine].prove({ zkey: built.zkey, wtns });
      for (let i = 0; i < proveRuns; i++) {
        for (const engine of PROVER_ENGINES) {
          const r = await engines[engine].prove({ zkey: built.zkey, wtns });
          proveMs[engine].push(r.proveMs);
          peakMiB[engine] = Math.max(peakMiB[engine], r.maxRssKiB / 1024);
          if (engine === "wasm") {
            proof = r;
            for (const [step, ms] of Object.entries(r.timings ?? {}))
              steps.set(step, [...(steps.get(step) ?? []), ms]);
          }
        }
      }
    } finally {
      await Promise.all(PROVER_ENGINES.map((e) => engines[e].close()));
    }
    const stepMs = Object.fromEntries([...steps].map(([step, ms]) => [step, Number(median(ms).toFixed(1))]));

    const verifyMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      if (!(await verifyBatchProof(vkey, proof!, hash))) throw new Error("proof does not verify");
      verifyMs.push(performance.now() - t);
    }

    // Peer: snarkjs' in-process fullProve (its own witness calculation, then prove) on the same input.
    let peerMs: number | undefined;
    if (name === "test") {
      const w = await buildBatchInput(circuit, source);
      const t = performance.now();
      await snarkjs.groth16.fullProve(w.input as Record<string, unknown>, built.wasm, built.zkey);
      peerMs = performance.now() - t;
    }

    const witness = median(witnessMs);
    const prove = median(proveMs.wasm);
    const snarkjsProve = median(proveMs.snarkjs);
    const verify = median(verifyMs);
    const txPerSec = circuit.nSlots / ((witness + prove) / 1000);
    stepRows.push({
      size: name,
      ...Object.fromEntries(Object.entries(stepMs).map(([k, v]) => [k, v.toFixed(0)])),
    });
    rows.push({
      size: `${name} (${circuit.nSlots}x d${circuit.depth})`,
      constraints: full.constraints,
      "per slot": Math.round(perSlot),
      overhead: Math.round(overhead),
      "compile s": full.seconds.toFixed(1),
      "compile MiB": Math.round(full.peakMiB),
      "setup s": built.cached ? "cached" : setupSeconds.toFixed(1),
      "witness ms": witness.toFixed(0),
      "prove s": (prove / 1000).toFixed(2),
      "snarkjs s": (snarkjsProve / 1000).toFixed(2),
      speedup: `${(snarkjsProve / prove).toFixed(2)}x`,
      "prover MiB": Math.round(peakMiB.wasm),
      "snarkjs MiB": Math.round(peakMiB.snarkjs),
      "verify ms": verify.toFixed(1),
      "tx/s": txPerSec.toFixed(2),
      "fullProve s (peer)":
        peerMs === undefined
          ? ""
          : `${(peerMs / 1000).toFixed(2)} (x${(peerMs / (witness + prove)).toFixed(2)})`,
    });
    json[name] = {
      nSlots: circuit.nSlots,
      depth: circuit.depth,
      constraints: full.constraints,
      constraintsPerSlot: perSlot,
      batchOverhead: overhead,
      compileSeconds: full.seconds,
      compilePeakMiB: full.peakMiB,
      setupSeconds: built.cached ? null : setupSeconds,
      witnessMs: witness,
      proveMs: prove,
      snarkjsProveMs: snarkjsProve,
      speedupVsSnarkjs: snarkjsProve / prove,
      proverPeakMiB: peakMiB.wasm,
      snarkjsPeakMiB: peakMiB.snarkjs,
      stepMs,
      verifyMs: verify,
      provenTxPerSec: txPerSec,
      peerFullProveMs: peerMs ?? null,
    };
  }
  // The constraint target is stated at depth 20 (≤ 20,000 per transfer): compile-only figures there.
  if (process.env.BENCH_DEPTH20 !== "0") {
    console.error("prover bench: depth 20 (compile only)");
    const two = await compile(scratchMain(2, 20), join(SCRATCH, "two_20"));
    const one = await compile(scratchMain(1, 20), join(SCRATCH, "one_20"));
    const perSlot = two.constraints - one.constraints;
    rows.push({
      size: "Batch(2, 20), compile only",
      constraints: two.constraints,
      "per slot": perSlot,
      overhead: one.constraints - perSlot,
      "compile s": two.seconds.toFixed(1),
      "compile MiB": Math.round(two.peakMiB),
    });
    json.depth20 = {
      constraints: two.constraints,
      constraintsPerSlot: perSlot,
      batchOverhead: one.constraints - perSlot,
      target: 20_000,
    };
  }
  printTable(
    "Batch circuit: full batches of transfers (medians; prove: ours (wasm) beside snarkjs.groth16.prove, each in a forked prover process, same zkey and witness)",
    rows,
  );
  printTable(
    "Our prover's steps (ms, medians; H, msm H and msm B1 run on the worker thread beside A, B2, C)",
    stepRows,
  );
  const record = printJsonLine("prover", json);
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  return record;
}

/**
 * The summary's figures: proof time, proven tx/s and the speed-up over snarkjs' prove at the largest size
 * measured (devnet by default), the speed-up over snarkjs' fullProve (test size), and constraints per slot
 * at depth 20 (target ≤ 20,000).
 */
export function headline(r: Record<string, unknown>): Figure[] {
  const size = Object.keys(r)
    .filter((k) => Number.isFinite(numberAt(r, `${k}.proveMs`)))
    .at(-1);
  const test = (field: string) => numberAt(r, `test.${field}`);
  return [
    { name: `${size} prove`, value: numberAt(r, `${size}.proveMs`) / 1000, unit: "s" },
    { name: `${size} proven`, value: numberAt(r, `${size}.provenTxPerSec`), unit: "tx/s" },
    { name: `${size} vs snarkjs prove`, value: numberAt(r, `${size}.speedupVsSnarkjs`), unit: "×" },
    {
      name: "test vs snarkjs fullProve",
      value: test("peerFullProveMs") / (test("witnessMs") + test("proveMs")),
      unit: "×",
    },
    { name: "constraints/slot at depth 20", value: numberAt(r, "depth20.constraintsPerSlot"), unit: "" },
  ];
}
