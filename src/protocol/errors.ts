/**
 * The one list of GhostChain error codes, and the error class that carries them.
 *
 * Codes are API: the reference model, the WASM engine (through the bridge), the RPC layers and
 * docs/protocol.md all use exactly these strings. Add a code here, never inline elsewhere; never
 * rename or reuse one. Numeric ids are what the WASM core returns across the boundary (0 is success),
 * so they too are stable.
 */

export const ERROR_CODES = {
  // Field and hash (foundation)
  FIELD_OUT_OF_RANGE: { id: 1, message: "value is not a canonical BN254 scalar field element (0 <= x < p)" },
  POSEIDON_ARITY: { id: 2, message: "Poseidon takes 1 to 16 inputs" },
  // WASM boundary
  WASM_ABORT: { id: 3, message: "the WebAssembly core aborted" },
  WASM_BAD_ARGUMENT: { id: 4, message: "a WebAssembly export received an argument it cannot use" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

const BY_ID = new Map<number, ErrorCode>(
  (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [ERROR_CODES[code].id, code]),
);

/** The code behind a numeric id returned by the WASM core. */
export function errorCodeFromId(id: number): ErrorCode {
  const code = BY_ID.get(id);
  if (code === undefined) throw new GhostError("WASM_BAD_ARGUMENT", `unknown error id ${id}`);
  return code;
}

export interface GhostErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Every error GhostChain throws on purpose: a stable `code`, a short message and optional details. */
export class GhostError extends Error {
  override readonly name = "GhostError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, options: GhostErrorOptions = {}) {
    super(message ?? ERROR_CODES[code].message, options.cause === undefined ? {} : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

export function isGhostError(e: unknown, code?: ErrorCode): e is GhostError {
  return e instanceof GhostError && (code === undefined || e.code === code);
}
