/**
 * `npm run bench [topic...]`: runs scripts/bench/<topic>.ts for each named topic, or every topic. Each
 * topic module exports `run()`, which prints the topic's table and JSON line and returns that line's
 * record, and `headline(record)`, the few figures of it that the summary shows.
 *
 * When several topics run, a summary table (one row per topic: its time and headline figures) and one
 * combined JSON line close the output:
 *   {"bench":"all","machine":{cpu,cores,memoryGiB,node},"commit":"<short>[-dirty]","wallSeconds":…,
 *    "topics":{"<topic>":<its record>,…}}
 * A topic that throws is recorded as {"error": message} and the others still run; the exit code is 1.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Figure, formatFigure, gitCommit, machine, printTable } from "./harness.js";

interface Topic {
  run(): Promise<Record<string, unknown>>;
  headline(record: Record<string, unknown>): Figure[];
}

const here = dirname(fileURLToPath(import.meta.url));
const NOT_TOPICS = new Set(["index", "harness"]);
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .filter((t) => !NOT_TOPICS.has(t))
  .sort();

const requested = [...new Set(process.argv.slice(2))];
const unknown = requested.filter((t) => !available.includes(t));
if (unknown.length > 0) {
  console.error(`unknown benchmark topic(s): ${unknown.join(", ")}; available: ${available.join(", ")}`);
  process.exit(2);
}

const seconds = (ms: number) => {
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
};

const topics = requested.length > 0 ? requested : available;
const started = performance.now();
const records: Record<string, Record<string, unknown>> = {};
const rows: { topic: string; time: string; headline: string }[] = [];
const failed: string[] = [];
for (const topic of topics) {
  const begin = performance.now();
  let headline: string;
  try {
    const mod = (await import(pathToFileURL(join(here, `${topic}.ts`)).href)) as Topic;
    const record = await mod.run();
    records[topic] = record;
    headline =
      mod
        .headline(record)
        .filter((f) => Number.isFinite(f.value))
        .map(formatFigure)
        .join("; ") || "-";
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`bench ${topic} failed:`, e);
    records[topic] = { error: message };
    headline = `error: ${message.split("\n")[0]}`;
    failed.push(topic);
  }
  rows.push({ topic, time: seconds(performance.now() - begin), headline });
}

const wallMs = performance.now() - started;
if (topics.length > 1) {
  printTable(`summary: ${topics.length} topics${failed.length > 0 ? `, ${failed.length} failed` : ""}`, rows);
}
console.log(
  `\ntotal wall time: ${seconds(wallMs)}${failed.length > 0 ? `; failed: ${failed.join(", ")}` : ""}`,
);
if (topics.length > 1) {
  console.log(
    JSON.stringify({
      bench: "all",
      machine: machine(),
      commit: gitCommit(),
      wallSeconds: Math.round(wallMs / 100) / 10,
      topics: records,
    }),
  );
}
// Peers such as snarkjs/ffjavascript keep worker threads alive; benchmarks end the process explicitly.
process.exit(failed.length > 0 ? 1 : 0);
