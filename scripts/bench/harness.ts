/**
 * The one benchmark harness: warm up, run several timed rounds, take the median, print a table for
 * people and one JSON line for machines. Every `scripts/bench/<topic>.ts` uses it, so all topics
 * report the same way and ratios are always computed against a peer measured in the same process.
 */

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

/** Prints the one machine-readable line of a benchmark topic. */
export function printJsonLine(topic: string, data: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: topic, node: process.version, ...data }));
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
