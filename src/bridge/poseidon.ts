/**
 * Poseidon (circomlib-compatible) through the WASM core. Inputs are range-checked here, packed as
 * canonical 32-byte elements into the core's I/O area, and hashed in one call, one tuple or many.
 */
import { GhostError } from "../protocol/errors.js";
import { type CoreInstance, sharedCore } from "./core.js";
import { assertField, FIELD_BYTES, readField, writeField } from "./fieldCodec.js";
import { throwCoreStatus } from "./status.js";

export const POSEIDON_MAX_INPUTS = 16;

function assertArity(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > POSEIDON_MAX_INPUTS) {
    throw new GhostError("POSEIDON_ARITY", `Poseidon takes 1 to ${POSEIDON_MAX_INPUTS} inputs, got ${n}`);
  }
  return n;
}

/** Poseidon over `inputs` (1..16 canonical field elements). */
export function poseidon(inputs: readonly bigint[], core: CoreInstance = sharedCore()): bigint {
  return poseidonBatch([inputs], core)[0]!;
}

/**
 * Hashes many tuples of the same arity in one crossing of the boundary; returns one hash per tuple.
 * All tuples are checked before anything is hashed: one bad element fails the whole call.
 */
export function poseidonBatch(
  tuples: readonly (readonly bigint[])[],
  core: CoreInstance = sharedCore(),
): bigint[] {
  if (tuples.length === 0) return [];
  const n = assertArity(tuples[0]!.length);
  const inputBytes = tuples.length * n * FIELD_BYTES;
  const input = core.io(inputBytes + tuples.length * FIELD_BYTES);
  const output = input + inputBytes;
  const view = core.view();
  let at = input;
  tuples.forEach((tuple, k) => {
    if (tuple.length !== n) {
      throw new GhostError(
        "POSEIDON_ARITY",
        `every tuple of a batch has ${n} inputs; tuple ${k} has ${tuple.length}`,
      );
    }
    for (let i = 0; i < n; i++) {
      writeField(view, at, assertField(tuple[i]!, `inputs[${k}][${i}]`));
      at += FIELD_BYTES;
    }
  });
  throwCoreStatus(core, core.exports.poseidonBatch(n, tuples.length, input, output));
  const out = core.view();
  return tuples.map((_, k) => readField(out, output + k * FIELD_BYTES));
}
