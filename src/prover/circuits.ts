/**
 * The batch circuit's sizes, selectable by name: each is a main file in circuits/batch/main/ that
 * instantiates `Batch(nSlots, depth)`, and a chain whose `batchSize` and `depth` match it can be proven by it.
 */
import { join } from "node:path";
import { GhostError } from "../protocol/errors.js";
import { PROJECT_ROOT } from "./paths.js";

export interface BatchCircuit {
  /** Name used by scripts and the benchmark: "test" or "devnet". */
  readonly name: string;
  /** Slots per batch (= the chain's batchSize). */
  readonly nSlots: number;
  /** Account tree depth (= the chain's depth). */
  readonly depth: number;
  /** The circom main file. */
  readonly main: string;
}

function size(name: string, nSlots: number, depth: number): BatchCircuit {
  return {
    name,
    nSlots,
    depth,
    main: join(PROJECT_ROOT, "circuits", "batch", "main", `batch_${name}.circom`),
  };
}

/** test: built in CI, proves in seconds. devnet: the devnet's chain parameters. */
export const BATCH_CIRCUITS = {
  test: size("test", 2, 4),
  devnet: size("devnet", 4, 16),
} as const satisfies Record<string, BatchCircuit>;

export type BatchCircuitName = keyof typeof BATCH_CIRCUITS;

export function batchCircuit(name: string): BatchCircuit {
  const c = (BATCH_CIRCUITS as Record<string, BatchCircuit>)[name];
  if (c === undefined) {
    throw new GhostError(
      "TX_MALFORMED",
      `unknown batch circuit "${name}" (${Object.keys(BATCH_CIRCUITS).join(", ")})`,
    );
  }
  return c;
}
