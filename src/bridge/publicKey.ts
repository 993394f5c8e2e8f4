/**
 * The protocol's public-key rule (docs/protocol.md §3.4: a point of Baby Jubjub's prime-order subgroup,
 * not the identity) checked in the WASM core, ≈ 0.1 ms per key where circomlibjs takes ≈ 12–19 ms. The
 * engine applies the same check to creating deposits, genesis and restored accounts; this entry point
 * lets the protocol's own `isValidPublicKey` be tested against it.
 */
import type { PublicKey } from "../protocol/index.js";
import { FIELD_MODULUS, GhostError } from "../protocol/index.js";
import { type CoreInstance, sharedCore } from "./core.js";
import { writeField } from "./fieldCodec.js";
import { throwCoreStatus } from "./status.js";

/** One verdict per key; a coordinate that is not a bigint in [0, p) is an invalid key, not an error. */
export function arePublicKeysValid(keys: readonly PublicKey[], core: CoreInstance = sharedCore()): boolean[] {
  if (!Array.isArray(keys)) throw new GhostError("WASM_BAD_ARGUMENT", '"keys" expected an array');
  const inField = (x: unknown): x is bigint => typeof x === "bigint" && x >= 0n && x < FIELD_MODULUS;
  const checked = keys.map((k) => typeof k === "object" && k !== null && inField(k.ax) && inField(k.ay));
  const todo = keys.filter((_, i) => checked[i]);
  if (todo.length === 0) return checked.map(() => false);
  const input = core.io(todo.length * 65);
  const results = input + todo.length * 64;
  const view = core.view();
  todo.forEach((k, i) => {
    writeField(view, input + 64 * i, k.ax);
    writeField(view, input + 64 * i + 32, k.ay);
  });
  throwCoreStatus(core, core.exports.publicKeysValid(todo.length, input, results));
  const out = new Uint8Array(core.view().buffer, results, todo.length);
  let k = 0;
  return checked.map((ok) => ok && out[k++] === 1);
}
