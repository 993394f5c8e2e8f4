/**
 * `setup --ptau FILE`: keys for anything that is not a throwaway network, from a public powers-of-tau
 * ceremony file through snarkjs' own path — `groth16 setup` (zkey new) and one phase-2 contribution
 * with fresh entropy — then the verification key. Slow (minutes), but τ is nobody's secret.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import * as snarkjs from "snarkjs";
import { GhostError } from "../../protocol/errors.js";
import { cachedEntry } from "./artifactCache.js";
import { circuitKey } from "./circuitKey.js";
import { compileCircuit } from "./compileCircuit.js";
import { type SetupArtifacts, type SetupOptions, setupArtifacts } from "./devSetup.js";
import { compilerVersion, DEFAULT_CACHE_DIR, NODE_MODULES, PROJECT_ROOT } from "./paths.js";
import { readPtauInfo } from "./readPtauInfo.js";
import { circuitPower, readR1cs } from "./readR1cs.js";

const CEREMONY_FORMAT = 1;

async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** snarkjs logs through an object with these methods. */
function snarkLogger(log: SetupOptions["log"], prefix: string) {
  const line = (m: string) => log?.(`${prefix}: ${m}`);
  return { info: line, warn: line, error: line, debug: () => {} };
}

export async function ceremonySetup(
  circuit: string,
  ptau: string,
  options: SetupOptions = {},
): Promise<SetupArtifacts> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const log = options.log;
  const name = basename(circuit, ".circom");
  const ptauPath = resolve(ptau);
  const info = readPtauInfo(ptauPath);
  if (!info.prepared) {
    throw new GhostError(
      "SETUP_BAD_FILE",
      `${ptau} is not prepared for phase 2: run \`snarkjs powersoftau prepare phase2\` on it first`,
    );
  }
  log?.(`${name}: hashing ${ptau}`);
  const ptauHash = await sha256File(ptauPath);
  const key = circuitKey(circuit, [NODE_MODULES], {
    mode: "ceremony",
    name, // artifact file names follow the circuit's name
    format: CEREMONY_FORMAT,
    compiler: compilerVersion(),
    ptau: ptauHash,
  });
  const { dir, meta, cached } = await cachedEntry(
    cacheDir,
    key,
    async (tmp) => {
      const t0 = performance.now();
      log?.(`${name}: compiling ${relative(PROJECT_ROOT, circuit)}`);
      const compiled = await compileCircuit(circuit, tmp, { root: PROJECT_ROOT, libDir: NODE_MODULES });
      const r1cs = readR1cs(compiled.r1cs);
      const power = circuitPower(r1cs);
      if (power > info.power) {
        throw new GhostError(
          "SETUP_CIRCUIT_TOO_BIG",
          `${name} needs 2^${power}; ${ptau} has 2^${info.power}`,
          {
            details: { needed: power, available: info.power },
          },
        );
      }
      const initial = join(tmp, `${name}.initial.zkey`);
      log?.(`${name}: snarkjs groth16 setup (zkey new), power ${power} from a 2^${info.power} ceremony`);
      const res = await snarkjs.zKey.newZKey(compiled.r1cs, ptauPath, initial, snarkLogger(log, name));
      if (res === -1) throw new GhostError("SETUP_BAD_FILE", `snarkjs zkey new rejected ${ptau}`);
      log?.(`${name}: phase-2 contribution`);
      await snarkjs.zKey.contribute(
        initial,
        join(tmp, `${name}.zkey`),
        "GhostChain setup --ptau",
        randomBytes(32).toString("hex"),
        snarkLogger(log, name),
      );
      rmSync(initial);
      const vk = await snarkjs.zKey.exportVerificationKey(join(tmp, `${name}.zkey`));
      writeFileSync(join(tmp, "verification_key.json"), `${JSON.stringify(vk, null, 1)}\n`);
      const seconds = (performance.now() - t0) / 1000;
      log?.(`${name}: ceremony setup done in ${seconds.toFixed(1)} s`);
      return {
        mode: "ceremony",
        circuit: relative(PROJECT_ROOT, circuit),
        ptau: ptauPath,
        ptauSha256: ptauHash,
        power,
        nConstraints: r1cs.nConstraints,
        seconds,
        createdAt: new Date().toISOString(),
      };
    },
    {
      force: options.force,
      supersedes: (m) => m.mode === "ceremony" && m.circuit === relative(PROJECT_ROOT, circuit),
    },
  );
  if (cached) log?.(`${name}: using cached ceremony setup ${relative(PROJECT_ROOT, dir)}`);
  return setupArtifacts(
    { mode: "ceremony", key, dir, ptau: ptauPath, power: meta.power as number, cached },
    name,
  );
}
