/**
 * Serialisation of a batch proof: snarkjs' Groth16 proof object and the public signals, as one JSON value
 * that ghostd, the sequencer's store and `ghost proof verify` exchange. Checked on the way in.
 */
import { GhostError } from "../protocol/errors.js";
import { fromPublicSignals } from "./publicSignals.js";

/** snarkjs' Groth16 proof: affine points as decimal strings (projective, with a trailing "1"). */
export interface Groth16Proof {
  readonly pi_a: readonly string[];
  readonly pi_b: readonly (readonly string[])[];
  readonly pi_c: readonly string[];
  readonly protocol: "groth16";
  readonly curve: "bn128";
}

export interface BatchProof {
  readonly proof: Groth16Proof;
  /** In the order of PUBLIC_SIGNALS. */
  readonly publicSignals: readonly string[];
}

export function proofToJson(p: BatchProof): string {
  return JSON.stringify({ proof: p.proof, publicSignals: p.publicSignals });
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function decimals(x: unknown, n: number, what: string): string[] {
  if (!Array.isArray(x) || x.length !== n || !x.every((v) => typeof v === "string" && DECIMAL.test(v))) {
    throw new GhostError("PROOF_INVALID", `"${what}" expected ${n} decimal strings`);
  }
  return x as string[];
}

export function proofFromJson(text: string): BatchProof {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GhostError("PROOF_INVALID", "proof is not JSON", { cause: e });
  }
  const o = raw as { proof?: Record<string, unknown>; publicSignals?: unknown };
  const p = o?.proof;
  if (typeof p !== "object" || p === null || p.protocol !== "groth16" || p.curve !== "bn128") {
    throw new GhostError("PROOF_INVALID", '"proof" expected a groth16 bn128 proof');
  }
  const piB = p.pi_b;
  if (!Array.isArray(piB) || piB.length !== 3)
    throw new GhostError("PROOF_INVALID", '"pi_b" expected 3 pairs');
  const proof: Groth16Proof = {
    pi_a: decimals(p.pi_a, 3, "pi_a"),
    pi_b: piB.map((pair, i) => decimals(pair, 2, `pi_b[${i}]`)),
    pi_c: decimals(p.pi_c, 3, "pi_c"),
    protocol: "groth16",
    curve: "bn128",
  };
  const publicSignals = decimals(o.publicSignals, 1, "publicSignals");
  fromPublicSignals(publicSignals);
  return { proof, publicSignals };
}
