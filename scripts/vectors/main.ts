/**
 * `npm run vectors`: regenerates tests/vectors/*.json from the reference model in src/protocol.
 *
 * Every key derives from a fixed seed and circomlibjs EdDSA is deterministic, so the output is stable:
 * a diff in these files after a change to src/protocol is a protocol change, to be reflected in
 * docs/protocol.md and in the WASM engine and circuit. The tests replay them: the model in
 * tests/protocol/vectors.test.ts, the engine in tests/engine/vectors.test.ts.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { initProtocol } from "../../src/protocol/index.js";
import { batches } from "./batches.js";
import { data } from "./data.js";
import { json } from "./json.js";
import { merkle } from "./merkle.js";
import { primitives } from "./primitives.js";
import { rejections } from "./rejections.js";
import { signatures } from "./signatures.js";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "vectors");

await initProtocol();
const files: Record<string, () => unknown> = {
  "primitives.json": primitives,
  "batches.json": batches,
  "rejections.json": rejections,
  "data.json": data,
  "merkle.json": merkle,
  "signatures.json": signatures,
  "json.json": json,
};
for (const [name, make] of Object.entries(files)) {
  writeFileSync(join(OUT, name), `${JSON.stringify(await make(), null, 2)}\n`);
}
console.log(`wrote ${Object.keys(files).join(", ")} in ${OUT}`);
