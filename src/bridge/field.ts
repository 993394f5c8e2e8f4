/**
 * BN254 scalar field operations through the WASM core, on bigints. For tests, tools and
 * differential checks against other implementations; hot code stays inside the core.
 */
import { type CoreInstance, sharedCore } from "./core.js";
import { assertField, FIELD_BYTES, readField, writeField } from "./fieldCodec.js";
import { throwCoreStatus } from "./status.js";

/** Operation ids of the core's frOp export (assembly/index.ts FR_OP_*). */
const OPS = { add: 0, sub: 1, mul: 2, sqr: 3, neg: 4, inv: 5, pow: 6, eq: 7, sqrt: 8 } as const;
export type FieldOp = keyof typeof OPS;

const U256 = (1n << 256n) - 1n;

function run(op: FieldOp, a: bigint, b: bigint, core: CoreInstance): bigint {
  const io = core.io(3 * FIELD_BYTES);
  const view = core.view();
  writeField(view, io, assertField(a, "a"));
  writeField(view, io + FIELD_BYTES, op === "pow" ? b : assertField(b, "b"));
  throwCoreStatus(core, core.exports.frOp(OPS[op], io, io + FIELD_BYTES, io + 2 * FIELD_BYTES));
  return readField(core.view(), io + 2 * FIELD_BYTES);
}

export function frAdd(a: bigint, b: bigint, core = sharedCore()): bigint {
  return run("add", a, b, core);
}
export function frSub(a: bigint, b: bigint, core = sharedCore()): bigint {
  return run("sub", a, b, core);
}
export function frMul(a: bigint, b: bigint, core = sharedCore()): bigint {
  return run("mul", a, b, core);
}
export function frSquare(a: bigint, core = sharedCore()): bigint {
  return run("sqr", a, 0n, core);
}
export function frNeg(a: bigint, core = sharedCore()): bigint {
  return run("neg", a, 0n, core);
}
/** a⁻¹; throws WASM_BAD_ARGUMENT for a = 0. */
export function frInverse(a: bigint, core = sharedCore()): bigint {
  return run("inv", a, 0n, core);
}
/** The square root of a whose value is ≤ (p − 1)/2 (ffjavascript's choice); throws WASM_BAD_ARGUMENT for a non-square. */
export function frSqrt(a: bigint, core = sharedCore()): bigint {
  return run("sqrt", a, 0n, core);
}
/** a^e for any exponent 0 ≤ e < 2^256. */
export function frPow(a: bigint, e: bigint, core = sharedCore()): bigint {
  if (e < 0n || e > U256) throw new RangeError(`exponent must be in [0, 2^256), got ${e}`);
  return run("pow", a, e, core);
}
export function frEq(a: bigint, b: bigint, core = sharedCore()): boolean {
  return run("eq", a, b, core) === 1n;
}
