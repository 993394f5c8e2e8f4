/**
 * Samples the secrets of a development setup. They live only in this process's memory (and in the
 * messages to its own worker processes) while the keys are computed, and are never written anywhere.
 */
import { pow, R, randomNonZero } from "./field.js";

export interface ToxicWaste {
  tau: bigint;
  alpha: bigint;
  beta: bigint;
  gamma: bigint;
  delta: bigint;
}

/**
 * τ must not lie on any evaluation domain up to 2^maxLog (the Lagrange formulas divide by τ - ω^k);
 * the chance is about 2^maxLog / r, but the check costs nothing.
 */
export function sampleToxicWaste(maxLog: number): ToxicWaste {
  let tau = randomNonZero();
  while (pow(tau, 1n << BigInt(maxLog)) === 1n % R) tau = randomNonZero();
  return {
    tau,
    alpha: randomNonZero(),
    beta: randomNonZero(),
    gamma: randomNonZero(),
    delta: randomNonZero(),
  };
}
