/**
 * `setup --dev`: compiles a circuit and makes its Groth16 keys from secrets sampled here — a prepared
 * ptau of exactly the circuit's power, the zkey computed directly (not through `zkey new`), and the
 * verification key — in seconds instead of snarkjs' hours. For development only: see DEV_NOTICE.
 */
import { writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import * as snarkjs from "snarkjs";
import { GhostError } from "../../protocol/errors.js";
import { cachedEntry } from "./artifactCache.js";
import { circuitKey } from "./circuitKey.js";
import { compileCircuit } from "./compileCircuit.js";
import { DEV_NOTICE } from "./devNotice.js";
import { TWO_ADICITY } from "./field.js";
import { compilerVersion, DEFAULT_CACHE_DIR, NODE_MODULES, PROJECT_ROOT } from "./paths.js";
import { createPointPool } from "./pointPool.js";
import { createProgress, type Log } from "./progress.js";
import { circuitPower, type R1cs, readR1cs } from "./readR1cs.js";
import { sampleToxicWaste } from "./toxicWaste.js";
import { writeDevPtau } from "./writeDevPtau.js";
import { writeDevZkey } from "./writeDevZkey.js";

export interface SetupOptions {
  /** Cache root; default `.cache/setup` in the project. */
  cacheDir?: string;
  /** Rebuild even if a valid cached entry exists. */
  force?: boolean;
  /** Where progress and step lines go; silent if absent. */
  log?: Log;
  /** Generator tables (secret-free constants, shared by every cache); default `.cache/setup/tables`. */
  tableDir?: string;
  /** Worker processes for the point computations; default one per core. */
  workers?: number;
  /** Structured progress of a build (not called for a cached entry), for callers that draw their own bars. */
  onProgress?: (step: SetupStep, done: number, total: number) => void;
}

/** The steps of a dev setup, in order: compile the circuit, the ptau, the zkey. */
export type SetupStep = "compile" | "ptau" | "zkey";

export interface SetupArtifacts {
  mode: "dev" | "ceremony";
  key: string;
  dir: string;
  r1cs: string;
  wasm: string;
  zkey: string;
  vkey: string;
  /** The prepared ptau the keys belong to (dev: written here; ceremony: the given file). */
  ptau: string;
  power: number;
  cached: boolean;
}

/** The artifact paths of a setup cached in `dir` for the circuit `name`. */
export function setupArtifacts(
  entry: Pick<SetupArtifacts, "mode" | "key" | "dir" | "ptau" | "power" | "cached">,
  name: string,
): SetupArtifacts {
  return {
    ...entry,
    r1cs: join(entry.dir, `${name}.r1cs`),
    wasm: join(entry.dir, `${name}_js`, `${name}.wasm`),
    zkey: join(entry.dir, `${name}.zkey`),
    vkey: join(entry.dir, "verification_key.json"),
  };
}

/** Bumped when the dev keys' content changes, so older cached keys are rebuilt. */
const DEV_FORMAT = 1;

export async function devSetup(circuit: string, options: SetupOptions = {}): Promise<SetupArtifacts> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const log = options.log;
  const name = basename(circuit, ".circom");
  const key = circuitKey(circuit, [NODE_MODULES], {
    mode: "dev",
    name, // artifact file names follow the circuit's name
    format: DEV_FORMAT,
    compiler: compilerVersion(),
  });
  const { dir, meta, cached } = await cachedEntry(
    cacheDir,
    key,
    async (tmp) => {
      const t0 = performance.now();
      const report = options.onProgress ?? (() => {});
      log?.(`${name}: compiling ${relative(PROJECT_ROOT, circuit)}`);
      report("compile", 0, 1);
      // The workers start (and load their tables) while the circuit compiles.
      const starting = createPointPool({
        tableDir: options.tableDir ?? join(DEFAULT_CACHE_DIR, "tables"),
        workers: options.workers,
      });
      starting.catch(() => {}); // a failed start is reported where it is awaited, not as unhandled
      let r1cs: R1cs;
      let power: number;
      try {
        const compiled = await compileCircuit(circuit, tmp, { root: PROJECT_ROOT, libDir: NODE_MODULES });
        r1cs = readR1cs(compiled.r1cs);
        power = circuitPower(r1cs);
        // The zkey's H points live on the doubled domain, which must exist in the field.
        if (power + 1 > TWO_ADICITY) {
          throw new GhostError(
            "SETUP_CIRCUIT_TOO_BIG",
            `${name} needs 2^${power}; BN254 allows 2^${TWO_ADICITY - 1}`,
          );
        }
      } catch (e) {
        await starting.then((p) => p.close()).catch(() => {});
        throw e;
      }
      report("compile", 1, 1);
      log?.(`${name}: ${r1cs.nConstraints} constraints, ${r1cs.nWires} wires, power ${power}`);
      log?.(`${name}: ${DEV_NOTICE}`);
      const pool = await starting;
      try {
        // Secrets exist only inside this block and the workers' messages; nothing persists them.
        const secrets = sampleToxicWaste(power + 1);
        let p = createProgress(`${name}: ptau 2^${power}`, log);
        await writeDevPtau(join(tmp, `${name}.ptau`), power, secrets, pool, (d, t) => {
          p.update(d, t);
          report("ptau", d, t);
        });
        p.stop();
        p = createProgress(`${name}: zkey`, log);
        await writeDevZkey(join(tmp, `${name}.zkey`), r1cs, secrets, pool, (d, t) => {
          p.update(d, t);
          report("zkey", d, t);
        });
        p.stop();
      } finally {
        await pool.close();
      }
      const vk = await snarkjs.zKey.exportVerificationKey(join(tmp, `${name}.zkey`));
      writeFileSync(
        join(tmp, "verification_key.json"),
        `${JSON.stringify({ ...vk, ghostchain: DEV_NOTICE }, null, 1)}\n`,
      );
      const seconds = (performance.now() - t0) / 1000;
      log?.(`${name}: dev setup done in ${seconds.toFixed(1)} s`);
      return {
        mode: "dev",
        notice: DEV_NOTICE,
        circuit: relative(PROJECT_ROOT, circuit),
        power,
        nConstraints: r1cs.nConstraints,
        seconds,
        createdAt: new Date().toISOString(),
      };
    },
    {
      force: options.force,
      supersedes: (m) => m.mode === "dev" && m.circuit === relative(PROJECT_ROOT, circuit),
    },
  );
  if (cached) log?.(`${name}: using cached dev setup ${relative(PROJECT_ROOT, dir)}`);
  return setupArtifacts(
    { mode: "dev", key, dir, ptau: join(dir, `${name}.ptau`), power: meta.power as number, cached },
    name,
  );
}
