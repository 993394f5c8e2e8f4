/**
 * `npm run setup -- --dev [circuit.circom ...]`   development keys in seconds (never for real value)
 * `npm run setup -- --ptau FILE circuit.circom ...`  keys from a public ceremony file (snarkjs' path)
 *
 * Without circuits, sets up every test circuit in circuits/test/. Artifacts are cached under
 * .cache/setup/<key>/ and reused while the circuit's sources and the parameters are unchanged; the
 * paths of the zkey, verification key and witness generator are printed (one JSON line with --json).
 */
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Command } from "commander";
import { isGhostError } from "../src/protocol/errors.js";
import {
  ceremonySetup,
  devSetup,
  type SetupArtifacts,
  terminateSnarkjsCurve,
} from "../src/prover/setup/index.js";

const root = resolve(import.meta.dirname, "..");

const program = new Command()
  .name("setup")
  .description("Groth16 trusted setup for GhostChain circuits")
  .argument("[circuits...]", "circom main files (default: circuits/test/*.circom)")
  .option("--dev", "development setup: secrets sampled here, keys in seconds; NEVER secures real value")
  .option(
    "--ptau <file>",
    "a prepared public powers-of-tau ceremony file (snarkjs groth16 setup + contribution)",
  )
  .option("--force", "rebuild even if the cache holds valid artifacts")
  .option("--quiet", "no progress output")
  .option("--json", "print the artifacts as one JSON line per circuit")
  .parse();

const opts = program.opts<{
  dev?: boolean;
  ptau?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
}>();
if (Boolean(opts.dev) === Boolean(opts.ptau)) {
  program.error("choose exactly one of --dev or --ptau FILE");
}

const circuits =
  program.args.length > 0
    ? program.args.map((c) => resolve(c))
    : readdirSync(join(root, "circuits", "test"))
        .filter((f) => f.endsWith(".circom"))
        .sort()
        .map((f) => join(root, "circuits", "test", f));

const log = opts.quiet ? undefined : (line: string) => console.error(line);

let failed = false;
for (const circuit of circuits) {
  try {
    const a: SetupArtifacts = opts.dev
      ? await devSetup(circuit, { force: opts.force, log })
      : await ceremonySetup(circuit, opts.ptau!, { force: opts.force, log });
    if (opts.json) console.log(JSON.stringify(a));
    else {
      const rel = (p: string) => relative(process.cwd(), p);
      console.log(`${rel(circuit)} (${a.mode}, 2^${a.power}${a.cached ? ", cached" : ""})`);
      console.log(
        `  zkey  ${rel(a.zkey)}\n  vkey  ${rel(a.vkey)}\n  wasm  ${rel(a.wasm)}\n  ptau  ${rel(a.ptau)}`,
      );
    }
  } catch (e) {
    failed = true;
    console.error(isGhostError(e) ? `${e.code}: ${e.message}` : e);
  }
}
await terminateSnarkjsCurve();
process.exit(failed ? 1 : 0);
