/**
 * Builds a batch circuit size (compile + development keys) through the trusted-setup module, cached under
 * .cache/setup/ by the circuit's sources: a second build with unchanged sources costs a hash of the files.
 */

import { type BatchCircuit, batchCircuit } from "./circuits.js";
import { devSetup, type SetupArtifacts, type SetupOptions } from "./setup/index.js";

export interface BuiltBatchCircuit extends SetupArtifacts {
  readonly circuit: BatchCircuit;
}

export async function buildBatchCircuit(
  name: string,
  options: Pick<SetupOptions, "log" | "force" | "onProgress"> = {},
): Promise<BuiltBatchCircuit> {
  const circuit = batchCircuit(name);
  const artifacts = await devSetup(circuit.main, options);
  return { ...artifacts, circuit };
}
