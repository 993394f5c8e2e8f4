/**
 * One measurement of the setup benchmark, in a fresh process so that its peak memory is its own:
 *   benchRun.ts dev <power>      synthetic circuit of that power: dev ptau + direct zkey
 *   benchRun.ts snarkjs <power>  snarkjs' ceremony path: new + contribute + prepare phase2 + groth16 setup
 * Prints one JSON line with the step times (s), CPU time and peak resident memory (MiB).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import {
  circuitPower,
  createPointPool,
  DEFAULT_CACHE_DIR,
  readR1cs,
  sampleToxicWaste,
  writeDevPtau,
  writeDevZkey,
} from "../../src/prover/setup/index.js";
import { writeSyntheticR1cs } from "./syntheticR1cs.js";

const [mode, powerArg] = process.argv.slice(2);
const power = Number(powerArg);
const dir = mkdtempSync(join(tmpdir(), "ghost-bench-setup-"));
const r1csPath = join(dir, "synthetic.r1cs");
writeSyntheticR1cs(r1csPath, power);
const secondsSince = (t: number) => (performance.now() - t) / 1000;
const cpuSeconds = () => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1e6;
};

const result: Record<string, unknown> = { mode, power };
try {
  if (mode === "dev") {
    const r1cs = readR1cs(r1csPath);
    result.circuitPower = circuitPower(r1cs);
    result.constraints = r1cs.nConstraints;
    const t0 = performance.now();
    const pool = await createPointPool({ tableDir: join(DEFAULT_CACHE_DIR, "tables") });
    result.startSeconds = secondsSince(t0);
    const secrets = sampleToxicWaste(power + 1);
    let t = performance.now();
    await writeDevPtau(join(dir, "dev.ptau"), power, secrets, pool);
    result.ptauSeconds = secondsSince(t);
    t = performance.now();
    await writeDevZkey(join(dir, "dev.zkey"), r1cs, secrets, pool);
    result.zkeySeconds = secondsSince(t);
    const workers = await pool.close();
    result.totalSeconds = secondsSince(t0);
    result.cpuSeconds = cpuSeconds() + workers.reduce((s, w) => s + w.cpuSeconds, 0);
    // parent and workers are alive together: the sum bounds the simultaneous peak
    result.peakRssMiB = process.resourceUsage().maxRSS / 1024 + workers.reduce((s, w) => s + w.peakRssMiB, 0);
  } else if (mode === "snarkjs") {
    const curve = await snarkjs.curves.getCurveFromName("bn128");
    const t0 = performance.now();
    let t = t0;
    await snarkjs.powersOfTau.newAccumulator(curve, power, join(dir, "0.ptau"));
    result.newSeconds = secondsSince(t);
    t = performance.now();
    await snarkjs.powersOfTau.contribute(join(dir, "0.ptau"), join(dir, "1.ptau"), "bench", "entropy");
    result.contributeSeconds = secondsSince(t);
    t = performance.now();
    await snarkjs.powersOfTau.preparePhase2(join(dir, "1.ptau"), join(dir, "final.ptau"));
    result.prepareSeconds = secondsSince(t);
    t = performance.now();
    await snarkjs.zKey.newZKey(r1csPath, join(dir, "final.ptau"), join(dir, "circuit.zkey"));
    result.zkeySeconds = secondsSince(t);
    result.totalSeconds = secondsSince(t0);
    // snarkjs computes in worker threads of this process: its own usage covers them
    result.cpuSeconds = cpuSeconds();
    result.peakRssMiB = process.resourceUsage().maxRSS / 1024;
    await curve.terminate();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// The machine may be shared: the 1-minute load average says how much else wanted the two cores.
result.loadAvg = Number(loadavg()[0]!.toFixed(2));
console.log(JSON.stringify(result));
process.exit(0);
