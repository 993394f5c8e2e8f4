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

/**
 * Checks tuples as poseidonBatch takes them, before any work: a list of arrays of one arity (1..16) of
 * canonical field elements (POSEIDON_ARITY, FIELD_OUT_OF_RANGE, WASM_BAD_ARGUMENT for a non-list).
 */
export function checkTuples(tuples: readonly (readonly bigint[])[]): void {
  if (!Array.isArray(tuples)) throw new GhostError("WASM_BAD_ARGUMENT", '"tuples" expected an array');
  if (tuples.length === 0) return;
  const n = assertArity(Array.isArray(tuples[0]) ? tuples[0].length : 0);
  tuples.forEach((tuple, k) => {
    if (!Array.isArray(tuple) || tuple.length !== n) {
      throw new GhostError(
        "POSEIDON_ARITY",
        `every tuple of a batch has ${n} inputs; tuple ${k} has ${Array.isArray(tuple) ? tuple.length : "none"}`,
      );
    }
    for (let i = 0; i < n; i++) assertField(tuple[i]!, `inputs[${k}][${i}]`);
  });
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
  checkTuples(tuples);
  if (tuples.length === 0) return [];
  const n = tuples[0]!.length;
  const inputBytes = tuples.length * n * FIELD_BYTES;
  const input = core.io(inputBytes + tuples.length * FIELD_BYTES);
  const output = input + inputBytes;
  const view = core.view();
  let at = input;
  for (const tuple of tuples) {
    for (let i = 0; i < n; i++) {
      writeField(view, at, tuple[i]!);
      at += FIELD_BYTES;
    }
  }
  throwCoreStatus(core, core.exports.poseidonBatch(n, tuples.length, input, output));
  const out = core.view();
  return tuples.map((_, k) => readField(out, output + k * FIELD_BYTES));
}
