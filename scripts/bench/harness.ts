/**
 * The one benchmark harness: warm up, run several timed rounds, take the median, print a table for
 * people and one JSON line for machines. Every `scripts/bench/<topic>.ts` uses it, so all topics
 * report the same way and ratios are always computed against a peer measured in the same process.
 * The end-to-end topics (l1, sequencer) also read a node process's memory and CPU time from /proc here;
 * a run of several topics records the machine and the commit measured, and each topic's headline figures.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";

export interface MeasureOptions {
  /** Operations performed by one call of the measured function (e.g. hashes in a batch). */
  opsPerCall?: number;
  /** Timed rounds; the median is reported. */
  runs?: number;
  /** Minimum wall time per round, in milliseconds. */
  minRoundMs?: number;
  /** Untimed rounds before measuring (JIT warm-up, WASM tier-up). */
  warmupRounds?: number;
}

export interface Measurement {
  name: string;
  /** Median nanoseconds per operation. */
  nsPerOp: number;
  opsPerSec: number;
  /** Every round's ns/op, for spread. */
  rounds: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function round(fn: () => unknown, minRoundMs: number): Promise<{ ns: number; calls: number }> {
  let calls = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(minRoundMs * 1e6));
  let now = start;
  do {
    const r = fn();
    if (r instanceof Promise) await r;
    calls++;
    now = process.hrtime.bigint();
  } while (now < deadline);
  return { ns: Number(now - start), calls };
}

/** Measures `fn` (sync or async) and returns the median ns per operation over `runs` rounds. */
export async function measure(
  name: string,
  fn: () => unknown,
  { opsPerCall = 1, runs = 7, minRoundMs = 300, warmupRounds = 2 }: MeasureOptions = {},
): Promise<Measurement> {
  for (let i = 0; i < warmupRounds; i++) await round(fn, minRoundMs);
  const rounds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { ns, calls } = await round(fn, minRoundMs);
    rounds.push(ns / (calls * opsPerCall));
  }
  const nsPerOp = median(rounds);
  return { name, nsPerOp, opsPerSec: 1e9 / nsPerOp, rounds };
}

/** The p-th percentile (0–100) of sorted samples, nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Formats a duration in ns with a sensible unit. */
export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

/** Prints rows as an aligned text table; the first row's keys are the columns. */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join("  ");
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

/** Prints the one machine-readable line of a benchmark topic and returns the record printed. */
export function printJsonLine(topic: string, data: Record<string, unknown>): Record<string, unknown> {
  const record = { bench: topic, node: process.version, ...data };
  console.log(JSON.stringify(record));
  return record;
}

/** One of the few figures of a topic shown in the summary of a run of several topics. */
export interface Figure {
  name: string;
  value: number;
  /** "×" for a ratio, "" for a plain count. */
  unit: string;
}

/** The number at a dotted path of a topic's record (`"poseidon2.batchedUs"`); NaN when absent. */
export function numberAt(record: Record<string, unknown>, path: string): number {
  let v: unknown = record;
  for (const key of path.split(".")) {
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  }
  return typeof v === "number" ? v : Number.NaN;
}

/** `name: 12,345 unit`, with digits by magnitude: whole numbers from 100, one decimal from 10, else two. */
export function formatFigure({ name, value, unit }: Figure): string {
  const abs = Math.abs(value);
  const n = abs >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(abs >= 10 ? 1 : 2);
  return `${name}: ${n}${unit === "×" ? "×" : unit === "" ? "" : ` ${unit}`}`;
}

/** What the figures of a run depend on besides the code. */
export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string } {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

/**
 * The commit measured: `git rev-parse --short HEAD`, plus "-dirty" when tracked files differ from it
 * (untracked files do not count, as with `git describe --dirty`); "unknown" outside a git checkout.
 */
export function gitCommit(): string {
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: join(import.meta.dirname, "..", ".."),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  try {
    const head = git("rev-parse", "--short", "HEAD");
    return git("status", "--porcelain", "--untracked-files=no") === "" ? head : `${head}-dirty`;
  } catch {
    return "unknown";
  }
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Peak (VmHWM) and current (VmRSS) resident set of another process, MiB; undefined without /proc. */
export function processMemory(pid: number): { peakMiB: number; rssMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    return { peakMiB: kib("VmHWM") / 1024, rssMiB: kib("VmRSS") / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU seconds another process has used so far (all its threads, not its children), from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in 100 Hz ticks
  } catch {
    return Number.NaN;
  }
}

/**
 * A process and all its descendants (a node that forks helper processes: their memory and CPU are the
 * node's too), found through each process's parent in /proc/<pid>/stat; [pid] alone without /proc.
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [pid];
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const siblings = children.get(parent);
      if (siblings === undefined) children.set(parent, [Number(e)]);
      else siblings.push(Number(e));
    } catch {
      // The process ended while the list was read.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}
