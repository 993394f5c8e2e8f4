/**
 * The facade's one validation of untrusted arguments, in the style of the protocol's JSON codec: every
 * helper returns its input or throws a GhostError whose message names the argument and the bound
 * (`"chunk" expected a positive integer, got 0`). Nothing crosses into the core before these pass, so a
 * refused call has applied nothing.
 *
 * Codes: a bad argument to a facade function is WASM_BAD_ARGUMENT; a bad chain configuration or genesis
 * account is GENESIS_INVALID (createGenesis' code). A malformed op is not an argument error: it is that
 * op's outcome, TX_MALFORMED, exactly as the model's applyOp decides (see stageOp in opCodec.ts).
 */
import {
  type Account,
  BALANCE_BITS,
  CHAIN_ID_BITS,
  type ErrorCode,
  FIELD_MODULUS,
  GhostError,
  isBigUint,
  isTreeDepth,
  isUint,
  L1_ADDRESS_BITS,
  MAX_BATCH_SIZE,
  MAX_TREE_DEPTH,
  MIN_TREE_DEPTH,
  NONCE_BITS,
  TOKEN_COUNT,
} from "../../protocol/index.js";

/** The largest op list one call takes (apply, applyVerified, applyAll): 2^16, eight full batches. */
export const MAX_OPS_PER_CALL = 2 ** 16;

/** A short, printable description of any value, for messages. */
export function show(x: unknown): string {
  if (typeof x === "bigint") {
    const bits = x < 0n ? 0 : x.toString(2).length;
    if (bits > 1 && x === 1n << BigInt(bits - 1)) return `2^${bits - 1}`;
    const s = x.toString();
    return s.length > 40 ? `a ${bits}-bit integer` : s;
  }
  if (x === null) return "null";
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (x instanceof Uint8Array) return `${x.length} bytes`;
  if (typeof x === "object") return "an object";
  if (typeof x === "function") return "a function";
  const s = typeof x === "string" ? JSON.stringify(x) : String(x);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

export function badArgument(message: string): GhostError {
  return new GhostError("WASM_BAD_ARGUMENT", message);
}

export function genesisInvalid(message: string): GhostError {
  return new GhostError("GENESIS_INVALID", message);
}

/** `x` if it is an integer below 2^bits, else `code` naming `name`. */
export function uintArg(
  x: unknown,
  bits: number,
  name: string,
  code: ErrorCode = "WASM_BAD_ARGUMENT",
): number {
  if (!isUint(x, bits))
    throw new GhostError(code, `"${name}" expected integer below 2^${bits}, got ${show(x)}`);
  return x;
}

/** `x` if it is a positive safe integer (a chunk size, a count). */
export function positiveIntArg(x: unknown, name: string): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 1) {
    throw badArgument(`"${name}" expected a positive integer, got ${show(x)}`);
  }
  return x;
}

/** `x` if it is undefined or a boolean. */
export function optionalBool(
  x: unknown,
  name: string,
  code: ErrorCode = "WASM_BAD_ARGUMENT",
): boolean | undefined {
  if (x !== undefined && typeof x !== "boolean") {
    throw new GhostError(code, `"${name}" expected a boolean, got ${show(x)}`);
  }
  return x;
}

/** `x` if it is a non-null object (options bags may be omitted: undefined gives {}). */
export function optionsArg<T extends object>(
  x: unknown,
  name: string,
  code: ErrorCode = "WASM_BAD_ARGUMENT",
): T {
  if (x === undefined) return {} as T;
  if (typeof x !== "object" || x === null)
    throw new GhostError(code, `"${name}" expected an object, got ${show(x)}`);
  return x as T;
}

/**
 * A dense array of at most `max` elements, copied (so later changes by the caller do not reach the
 * call): a non-array, a hole (`new Array(n)`, `[, x]`) or a list over the limit is `code`.
 */
export function denseList(
  x: unknown,
  name: string,
  max: number,
  code: ErrorCode = "WASM_BAD_ARGUMENT",
): unknown[] {
  if (!Array.isArray(x)) throw new GhostError(code, `"${name}" expected an array, got ${show(x)}`);
  if (x.length > max)
    throw new GhostError(code, `"${name}" expected at most ${max} elements, got ${x.length}`);
  const out = new Array<unknown>(x.length);
  for (let i = 0; i < x.length; i++) {
    if (!(i in x)) throw new GhostError(code, `"${name}" expected a dense array, ${name}[${i}] is a hole`);
    out[i] = x[i];
  }
  return out;
}

export interface ChainParameters {
  readonly chainId: number;
  readonly depth: number;
  readonly batchSize: number;
}

/** The chain parameters, checked as createGenesis checks them (same bounds, including MAX_BATCH_SIZE). */
export function chainParameters(o: ChainParameters, code: ErrorCode = "GENESIS_INVALID"): ChainParameters {
  const chainId = uintArg(o.chainId, CHAIN_ID_BITS, "chainId", code);
  const depth = o.depth;
  if (!isTreeDepth(depth)) {
    throw new GhostError(
      code,
      `"depth" expected an even integer in [${MIN_TREE_DEPTH}, ${MAX_TREE_DEPTH}], got ${show(depth)}`,
    );
  }
  const batchSize = o.batchSize;
  if (
    typeof batchSize !== "number" ||
    !Number.isSafeInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > MAX_BATCH_SIZE
  ) {
    throw new GhostError(
      code,
      `"batchSize" expected an integer in [1, ${MAX_BATCH_SIZE}], got ${show(batchSize)}`,
    );
  }
  return { chainId, depth, batchSize };
}

/**
 * A plain copy of a genesis account, each field read once and checked against its width (keys below p;
 * whether they are valid keys is the core's check). Anything else is GENESIS_INVALID naming the field.
 */
export function genesisAccount(x: unknown, i: number): Account {
  const at = `genesis[${i}]`;
  if (typeof x !== "object" || x === null)
    throw genesisInvalid(`"${at}" expected an account, got ${show(x)}`);
  const a = x as Record<string, unknown>;
  const field = (name: string, v: unknown): bigint => {
    if (typeof v !== "bigint" || v < 0n || v >= FIELD_MODULUS) {
      throw genesisInvalid(`"${at}.${name}" expected integer below the field modulus p, got ${show(v)}`);
    }
    return v;
  };
  const ax = field("ax", a.ax);
  const ay = field("ay", a.ay);
  const l1Address = a.l1Address;
  if (!isBigUint(l1Address, L1_ADDRESS_BITS)) {
    throw genesisInvalid(
      `"${at}.l1Address" expected integer below 2^${L1_ADDRESS_BITS}, got ${show(l1Address)}`,
    );
  }
  const nonce = uintArg(a.nonce, NONCE_BITS, `${at}.nonce`, "GENESIS_INVALID");
  const list = denseList(a.balances, `${at}.balances`, TOKEN_COUNT, "GENESIS_INVALID");
  if (list.length !== TOKEN_COUNT) {
    throw genesisInvalid(`"${at}.balances" expected ${TOKEN_COUNT} balances, got ${list.length}`);
  }
  list.forEach((b, t) => {
    if (!isBigUint(b, BALANCE_BITS)) {
      throw genesisInvalid(`"${at}.balances[${t}]" expected integer below 2^${BALANCE_BITS}, got ${show(b)}`);
    }
  });
  return { ax, ay, l1Address, nonce, balances: list as unknown as Account["balances"] };
}
