/**
 * The batch circuit's R1CS constraints, for the constraints-per-tx figure: from the setup cache's
 * metadata (the count the setup read from the .r1cs header when it built the keys), else from the .r1cs
 * itself (src/prover's reader: a second or so and a few hundred MiB for the devnet circuit). The circuit
 * is the local build of the chain's circuit, built first if missing (scripts/devnet does the same).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildBatchCircuit } from "../../src/prover/index.js";
import { readR1cs } from "../../src/prover/setup/index.js";

export async function circuitConstraints(circuit: string): Promise<number> {
  const built = await buildBatchCircuit(circuit);
  try {
    const meta = JSON.parse(readFileSync(join(built.dir, "meta.json"), "utf8")) as { nConstraints?: unknown };
    if (typeof meta.nConstraints === "number") return meta.nConstraints;
  } catch {
    // No metadata to read: the .r1cs has the count.
  }
  return readR1cs(built.r1cs).nConstraints;
}
