/**
 * `npm run bench -- setup`: the development trusted setup (dev ptau + direct zkey) for synthetic
 * circuits of 2^14, 2^17 and 2^19, against snarkjs' ceremony path (powersoftau new + contribute +
 * prepare phase2 + groth16 setup). snarkjs takes minutes to hours at those sizes, so it is measured at
 * 2^10 and 2^11 here (BENCH_SETUP_SNARKJS=10,11,12 adds 2^12); at the large powers the figures
 * measured elsewhere (the setup issue) are quoted and extrapolated, and those rows are marked as such.
 *
 * Every measurement runs in a fresh process (scripts/setup/benchRun.ts) so its peak memory is its
 * own; dev figures include starting the worker processes and loading the cached generator tables.
 * BENCH_SETUP_POWERS=14,17 limits the dev powers; BENCH_SETUP_RUNS sets the runs for powers < 19.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { type Figure, median, numberAt, printJsonLine, printTable } from "./harness.js";

const root = join(import.meta.dirname, "../..");

/** snarkjs figures from the setup issue, measured on a quiet 2-core machine (seconds). */
const ISSUE = { prepare12: 69, prepare14: 459, setup14: 41, setup17: 153 };

interface Run {
  totalSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  ptauSeconds?: number;
  zkeySeconds?: number;
  startSeconds?: number;
  prepareSeconds?: number;
  constraints?: number;
  loadAvg?: number;
}

function runOnce(mode: "dev" | "snarkjs", power: number): Run {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/setup/benchRun.ts", mode, String(power)],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{"))
    throw new Error(`bench run ${mode} ${power} failed:\n${r.stderr}`);
  return JSON.parse(line) as Run;
}

/** Median run by total time, with the other figures of that same run. */
function measureMedian(mode: "dev" | "snarkjs", power: number, runs: number): Run & { runs: number } {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(mode, power);
    console.error(`  ${mode} 2^${power} run ${i + 1}/${runs}: ${r.totalSeconds.toFixed(2)} s`);
    all.push(r);
  }
  const m = median(all.map((r) => r.totalSeconds));
  const pick = all.reduce((best, r) =>
    Math.abs(r.totalSeconds - m) < Math.abs(best.totalSeconds - m) ? r : best,
  );
  return { ...pick, totalSeconds: m, runs };
}

const list = (env: string | undefined, dflt: number[]) =>
  env ? env.split(",").map((s) => Number(s.trim())) : dflt;

export async function run(): Promise<Record<string, unknown>> {
  const devPowers = list(process.env.BENCH_SETUP_POWERS, [14, 17, 19]);
  const snarkPowers = list(process.env.BENCH_SETUP_SNARKJS, [10, 11]);
  const runsSmall = Number(process.env.BENCH_SETUP_RUNS ?? 3);

  console.error("setup bench: warm-up (builds the cached generator tables if missing)");
  runOnce("dev", 10);

  const dev = new Map<number, Run & { runs: number }>();
  for (const p of devPowers) dev.set(p, measureMedian("dev", p, p >= 19 ? 1 : runsSmall));
  const snark = new Map<number, Run & { runs: number }>();
  for (const p of snarkPowers) snark.set(p, measureMedian("snarkjs", p, 1));

  // snarkjs at the large powers: this shared 2-core box is too noisy to extrapolate from 2^10-2^11
  // (see the load column), so the estimate starts from the issue's figures, measured on a quiet
  // machine, and grows them at the rate those figures show. It leaves out new + contribute, so it
  // is a lower bound.
  const measured = [...snark.keys()].sort((a, b) => a - b);
  const prepareGrowth = Math.sqrt(ISSUE.prepare14 / ISSUE.prepare12); // per power
  const setupGrowth = (ISSUE.setup17 / ISSUE.setup14) ** (1 / 3);
  const snarkAt = (p: number): { seconds: number; source: string } => {
    const prepare = ISSUE.prepare14 * prepareGrowth ** (p - 14);
    const setup = p <= 17 ? ISSUE.setup14 * setupGrowth ** (p - 14) : ISSUE.setup17 * setupGrowth ** (p - 17);
    const source =
      p === 14
        ? "MEASURED ELSEWHERE (prepare 459 s + setup 41 s)"
        : p === 17
          ? `prepare EXTRAPOLATED (x${prepareGrowth.toFixed(2)}/power from 2^14) + setup 153 s measured elsewhere`
          : `EXTRAPOLATED (prepare x${prepareGrowth.toFixed(2)}/power, setup x${setupGrowth.toFixed(2)}/power)`;
    return { seconds: prepare + setup, source };
  };

  const fmt = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${s.toFixed(1)} s`);
  const rows: Record<string, string | number>[] = [];
  for (const p of measured) {
    const r = snark.get(p)!;
    rows.push({
      power: `2^${p}`,
      setup: "snarkjs new+contribute+prepare+groth16 setup",
      total: fmt(r.totalSeconds),
      "ptau / zkey": `prepare ${fmt(r.prepareSeconds ?? 0)} / ${fmt(r.zkeySeconds ?? 0)}`,
      "CPU s": r.cpuSeconds.toFixed(1),
      "peak MiB": Math.round(r.peakRssMiB),
      load: r.loadAvg ?? "",
      source: "measured",
    });
  }
  const json: Record<string, unknown> = {};
  for (const [p, r] of dev) {
    const s = snarkAt(p);
    rows.push({
      power: `2^${p}`,
      setup: `dev ptau + direct zkey (${r.constraints} constraints)`,
      total: fmt(r.totalSeconds),
      "ptau / zkey": `${fmt(r.ptauSeconds ?? 0)} / ${fmt(r.zkeySeconds ?? 0)} (+${fmt(r.startSeconds ?? 0)} start)`,
      "CPU s": r.cpuSeconds.toFixed(1),
      "peak MiB": Math.round(r.peakRssMiB),
      load: r.loadAvg ?? "",
      source: `measured, median of ${r.runs}`,
    });
    rows.push({
      power: `2^${p}`,
      setup: "snarkjs path (>=)",
      total: fmt(s.seconds),
      "ptau / zkey": "",
      "CPU s": "",
      "peak MiB": "",
      load: "",
      source: `${s.source}; dev is ${(s.seconds / r.totalSeconds).toFixed(0)}x faster`,
    });
    json[`dev_2^${p}_s`] = Number(r.totalSeconds.toFixed(2));
    json[`dev_2^${p}_cpu_s`] = Number(r.cpuSeconds.toFixed(1));
    json[`dev_2^${p}_peak_mib`] = Math.round(r.peakRssMiB);
    json[`snarkjs_2^${p}_s`] = Number(s.seconds.toFixed(0));
    json[`snarkjs_2^${p}_source`] = p === 14 ? "measured elsewhere" : "extrapolated";
    json[`ratio_2^${p}`] = Number((s.seconds / r.totalSeconds).toFixed(1));
    json[`load_2^${p}`] = r.loadAvg;
  }
  for (const p of measured) json[`snarkjs_2^${p}_measured_s`] = Number(snark.get(p)!.totalSeconds.toFixed(2));
  printTable("trusted setup: development keys vs snarkjs' ceremony path (2 cores)", rows);
  printTable("reference figures measured elsewhere (the setup issue, a quiet 2-core machine)", [
    { what: "snarkjs powersoftau prepare phase2, 2^12", time: "69 s" },
    { what: "snarkjs powersoftau prepare phase2, 2^14", time: "459 s" },
    { what: "snarkjs groth16 setup, 14k constraints", time: "41 s" },
    { what: "snarkjs groth16 setup + contribution, 88k constraints (2^17)", time: "153 s + 30 s" },
    { what: "direct prototype, one generic scalar mult per point, 2^17 ptau", time: "134 s" },
    { what: "direct prototype, one generic scalar mult per point, 2^19 ptau", time: "527 s" },
  ]);
  console.log("targets: 2^17 ptau + zkey <= 30 s, 2^19 <= 120 s");
  console.log("load: 1-minute load average at the end of the run (2 cores; above 2, other work competed)");
  return printJsonLine("setup", json);
}

/** The summary's figures: the dev setup's total time at each power measured, and the ratio at the largest. */
export function headline(r: Record<string, unknown>): Figure[] {
  const powers = Object.keys(r)
    .map((k) => /^dev_2\^(\d+)_s$/.exec(k)?.[1])
    .filter((p) => p !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
    .slice(-3);
  const largest = powers.at(-1);
  return [
    ...powers.map((p) => ({ name: `dev setup 2^${p}`, value: numberAt(r, `dev_2^${p}_s`), unit: "s" })),
    ...(largest === undefined
      ? []
      : [{ name: `vs snarkjs path at 2^${largest}`, value: numberAt(r, `ratio_2^${largest}`), unit: "×" }]),
  ];
}
