/**
 * Checks an assignment of wires against a compiled R1CS, as `snarkjs wtns check` does: for every
 * constraint, (A·w) · (B·w) = C·w mod p. The witness generator checks the circuit's `===` as assertions
 * while it computes, which says nothing about what the compiler kept in the .r1cs; this check is the
 * verdict of the constraints a proof is actually bound by, and names the ones that fail.
 */
import { FIELD_MODULUS } from "../protocol/constants.js";
import { GhostError } from "../protocol/errors.js";
import type { LinearCombination, R1cs } from "./setup/readR1cs.js";

export interface ConstraintFailure {
  /** The constraint's position in the .r1cs. */
  readonly index: number;
  readonly a: bigint;
  readonly b: bigint;
  readonly c: bigint;
}

export interface ConstraintCheck {
  readonly nConstraints: number;
  /** Every constraint that does not hold, in .r1cs order (empty: the assignment satisfies the R1CS). */
  readonly failed: ConstraintFailure[];
}

const P = FIELD_MODULUS;

function dot(lc: LinearCombination, w: readonly bigint[]): bigint {
  const { wires, coefs } = lc;
  let s = 0n;
  // Reduced once at the end: a sum of a few hundred 508-bit products stays cheap for bigint.
  for (let i = 0; i < wires.length; i++) s += coefs[i]! * w[wires[i]!]!;
  return s % P;
}

/**
 * Evaluates every constraint of `r1cs` on `wires` (wire 0 must be 1, every value in [0, p)). A wrong-sized
 * or non-canonical assignment is WITNESS_FAILED: it is no assignment of this circuit at all.
 */
export function checkConstraints(r1cs: R1cs, wires: readonly bigint[]): ConstraintCheck {
  if (wires.length !== r1cs.nWires) {
    throw new GhostError("WITNESS_FAILED", `${wires.length} wires for an R1CS of ${r1cs.nWires}`);
  }
  // Without this, the all-zero assignment would satisfy every constraint.
  if (wires[0] !== 1n) throw new GhostError("WITNESS_FAILED", `wire 0 is ${wires[0]}, not 1`);
  for (let i = 0; i < wires.length; i++) {
    const x = wires[i]!;
    if (x < 0n || x >= P) throw new GhostError("WITNESS_FAILED", `wire ${i} is not a field element`);
  }
  const failed: ConstraintFailure[] = [];
  r1cs.constraints.forEach((k, index) => {
    const a = dot(k.a, wires);
    const b = dot(k.b, wires);
    const c = dot(k.c, wires);
    if ((a * b - c) % P !== 0n) failed.push({ index, a, b, c });
  });
  return { nConstraints: r1cs.nConstraints, failed };
}

/** A one-line summary for test and error messages: how many failed, and the first few by index. */
export function describeConstraintCheck(check: ConstraintCheck, show = 5): string {
  const { failed, nConstraints } = check;
  if (failed.length === 0) return `all ${nConstraints} constraints hold`;
  const listed = failed.slice(0, show).map((f) => `#${f.index}`);
  const more = failed.length > show ? `, … (${failed.length - show} more)` : "";
  return `${failed.length} of ${nConstraints} constraints fail: ${listed.join(", ")}${more}`;
}
