/**
 * `npm run bench [topic...]`: runs scripts/bench/<topic>.ts for each named topic, or every topic.
 * Each topic module exports `run(): Promise<void>`.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const NOT_TOPICS = new Set(["index", "harness"]);
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .filter((t) => !NOT_TOPICS.has(t))
  .sort();

const requested = process.argv.slice(2);
const unknown = requested.filter((t) => !available.includes(t));
if (unknown.length > 0) {
  console.error(`unknown benchmark topic(s): ${unknown.join(", ")}; available: ${available.join(", ")}`);
  process.exit(2);
}

for (const topic of requested.length > 0 ? requested : available) {
  const mod = (await import(pathToFileURL(join(here, `${topic}.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
// Peers such as snarkjs/ffjavascript keep worker threads alive; benchmarks end the process explicitly.
process.exit(0);
