/**
 * A circuit input in compact binary form, as the sequencer stores it between sealing and proving: every
 * value a non-negative integer below 2^256 (field elements, flags, indexes) in nested arrays of any
 * regular shape. Layout: u32 LE header length ‖ header (JSON: [name, shape] pairs, the shape being the
 * array dimensions, [] for a scalar) ‖ each value as 32 bytes little-endian, in header order, arrays
 * row-major. A devnet batch's input takes 13 kB (22 kB as decimal JSON), and the sequencer's main thread
 * neither stringifies nor parses it: the sealing process encodes it, the prover's side decodes it.
 */
import { GhostError } from "../protocol/index.js";

const VALUE_BYTES = 32;
const LIMIT = 1n << 256n;

const bad = (message: string) => new GhostError("WITNESS_FAILED", `circuit input: ${message}`);

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/**
 * The dimensions of a value (throws for a ragged array or a value that is not an integer). Integers are
 * bigints, safe numbers, or decimal strings (what decodeCircuitInput gives back).
 */
function shapeOf(v: unknown, name: string): number[] {
  if (!Array.isArray(v)) {
    if (typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v))) return [];
    if (typeof v === "string" && DECIMAL.test(v)) return [];
    throw bad(`"${name}" holds a ${typeof v}, not an integer`);
  }
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0], name);
  for (const x of v) {
    if (shapeOf(x, name).join() !== inner.join()) throw bad(`"${name}" is not a regular array`);
  }
  return [v.length, ...inner];
}

function flatten(v: unknown, out: bigint[]): void {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(BigInt(v as bigint | number | string));
}

export function encodeCircuitInput(input: Readonly<Record<string, unknown>>): Uint8Array {
  const header: [string, number[]][] = [];
  const values: bigint[] = [];
  for (const [name, v] of Object.entries(input)) {
    header.push([name, shapeOf(v, name)]);
    flatten(v, values);
  }
  const head = Buffer.from(JSON.stringify(header));
  const out = Buffer.alloc(4 + head.length + values.length * VALUE_BYTES);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  let at = 4 + head.length;
  for (const x of values) {
    if (x < 0n || x >= LIMIT) throw bad(`a value outside [0, 2^256): ${x}`);
    for (let i = 0, y = x; i < 4; i++, y >>= 64n) out.writeBigUInt64LE(y & 0xffffffffffffffffn, at + 8 * i);
    at += VALUE_BYTES;
  }
  return out;
}

/** The input encodeCircuitInput stored, with every value as a decimal string (snarkjs' input form). */
export function decodeCircuitInput(bytes: Uint8Array): Record<string, unknown> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 4) throw bad("truncated");
  const headLength = b.readUInt32LE(0);
  if (4 + headLength > b.length) throw bad("truncated header");
  let header: unknown;
  try {
    header = JSON.parse(b.subarray(4, 4 + headLength).toString());
  } catch {
    throw bad("unreadable header");
  }
  const isEntry = (e: unknown): e is [string, number[]] =>
    Array.isArray(e) &&
    e.length === 2 &&
    typeof e[0] === "string" &&
    Array.isArray(e[1]) &&
    e[1].every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!Array.isArray(header) || !header.every(isEntry)) throw bad("unreadable header");
  const count = header.reduce((n, [, shape]) => n + shape.reduce((m, d) => m * d, 1), 0);
  if (4 + headLength + count * VALUE_BYTES !== b.length) throw bad("its length does not match its header");
  let at = 4 + headLength;
  const next = (): string => {
    let x = 0n;
    for (let i = 3; i >= 0; i--) x = (x << 64n) | b.readBigUInt64LE(at + 8 * i);
    at += VALUE_BYTES;
    return x.toString();
  };
  const build = (shape: readonly number[]): unknown =>
    shape.length === 0 ? next() : Array.from({ length: shape[0]! }, () => build(shape.slice(1)));
  const input: Record<string, unknown> = {};
  for (const [name, shape] of header) input[name] = build(shape);
  return input;
}
