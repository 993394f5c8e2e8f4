/**
 * The batch proof's public signals, in the order the circuit's main component declares them
 * (`component main { public [publicInputHash] } = Batch(...)` in circuits/batch/main/). The prover and the
 * verifier both go through this module, so the order is written down exactly once on the TypeScript side.
 */
import { GhostError } from "../protocol/errors.js";

/** Names of the public signals, in snarkjs' order. */
export const PUBLIC_SIGNALS = ["publicInputHash"] as const;

export interface BatchPublicSignals {
  /** Poseidon(header, oldRoot, newRoot, oldPriorityHash, newPriorityHash, dataHash): docs/protocol.md §8. */
  readonly publicInputHash: bigint;
}

/** The decimal strings snarkjs takes and returns. */
export function toPublicSignals(p: BatchPublicSignals): string[] {
  return PUBLIC_SIGNALS.map((name) => p[name].toString());
}

export function fromPublicSignals(signals: readonly string[]): BatchPublicSignals {
  if (signals.length !== PUBLIC_SIGNALS.length || !signals.every((s) => /^(0|[1-9][0-9]*)$/.test(s))) {
    throw new GhostError("PROOF_INVALID", `expected ${PUBLIC_SIGNALS.length} decimal public signal(s)`);
  }
  return { publicInputHash: BigInt(signals[0]!) };
}
