/**
 * The one table from GhostChain error codes to JSON-RPC error codes, in both directions: the server turns
 * a thrown error into an error object, the client turns an error object back into a typed `GhostError`
 * (ethereumjs `client/src/rpc/error-code.ts`; viem `src/errors/rpc.ts`). The GhostChain code always
 * travels in `error.data.code`, so the client never has to guess from the number.
 */
import { ERROR_CODES, type ErrorCode, GhostError } from "../protocol/index.js";
import type { RpcErrorObject } from "./envelope.js";

/** JSON-RPC 2.0's reserved codes, plus the EIP-1474 server-error family GhostChain uses. */
export const RPC_CODES = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** Any GhostError not listed below: the request was well formed but the node refused or failed it. */
  SERVER_ERROR: -32000,
  /** EIP-1474 "transaction rejected": the op is well formed but the state does not allow it. */
  TRANSACTION_REJECTED: -32003,
  /** EIP-1474 "limit exceeded". */
  LIMIT_EXCEEDED: -32005,
} as const;

/**
 * Codes with their own JSON-RPC number. Everything else maps by prefix (`TX_`, `PRIORITY_`, `L1_` are
 * rejected transactions) or falls back to SERVER_ERROR, so a code added later by a node needs no change
 * here. docs/rpc.md §Errors holds the same table.
 */
const EXPLICIT: Partial<Record<ErrorCode, number>> = {
  RPC_PARSE_ERROR: RPC_CODES.PARSE_ERROR,
  RPC_INVALID_REQUEST: RPC_CODES.INVALID_REQUEST,
  RPC_METHOD_NOT_FOUND: RPC_CODES.METHOD_NOT_FOUND,
  RPC_INVALID_PARAMS: RPC_CODES.INVALID_PARAMS,
  RPC_INTERNAL: RPC_CODES.INTERNAL_ERROR,
  RPC_LIMIT_EXCEEDED: RPC_CODES.LIMIT_EXCEEDED,
  // The caller's input has the wrong shape: the same answer as a schema failure.
  TX_MALFORMED: RPC_CODES.INVALID_PARAMS,
  FIELD_OUT_OF_RANGE: RPC_CODES.INVALID_PARAMS,
  L1_KEY_MALFORMED: RPC_CODES.INVALID_PARAMS,
  // A node-side failure, not a verdict on the transaction.
  L1_VERIFY_POOL_FAILED: RPC_CODES.SERVER_ERROR,
};
const BY_PREFIX: ReadonlyArray<readonly [string, number]> = [
  ["TX_", RPC_CODES.TRANSACTION_REJECTED],
  ["PRIORITY_", RPC_CODES.TRANSACTION_REJECTED],
  ["L1_", RPC_CODES.TRANSACTION_REJECTED],
];

export function rpcCodeOf(code: ErrorCode): number {
  const explicit = EXPLICIT[code];
  if (explicit !== undefined) return explicit;
  for (const [prefix, rpcCode] of BY_PREFIX) if (code.startsWith(prefix)) return rpcCode;
  return RPC_CODES.SERVER_ERROR;
}

/**
 * A thrown value as a JSON-RPC error. A GhostError's message and details were written to be shown; any
 * other error is a bug whose message may leak internals, so it becomes a bare -32603 unless `debug`.
 */
export function toRpcError(e: unknown, debug = false): RpcErrorObject {
  if (e instanceof GhostError) {
    const details = jsonSafe(e.details);
    return {
      code: rpcCodeOf(e.code),
      message: e.message,
      data: details === undefined ? { code: e.code } : { code: e.code, details },
    };
  }
  const data: RpcErrorObject["data"] = debug
    ? {
        code: "RPC_INTERNAL",
        details: { message: String((e as Error)?.message ?? e), stack: (e as Error)?.stack },
      }
    : { code: "RPC_INTERNAL" };
  return { code: RPC_CODES.INTERNAL_ERROR, message: ERROR_CODES.RPC_INTERNAL.message, data };
}

/**
 * An error object from a server as a typed GhostError. A code this client does not know (a newer server)
 * keeps its text in the message and becomes RPC_BAD_RESPONSE rather than a wrong guess.
 */
export function fromRpcError(error: RpcErrorObject): GhostError {
  const cause = { rpcCode: error.code, message: error.message };
  const code = error.data?.code;
  const details = error.data?.details;
  const detailsOpt =
    typeof details === "object" && details !== null ? (details as Record<string, unknown>) : undefined;
  if (code !== undefined && Object.hasOwn(ERROR_CODES, code)) {
    return new GhostError(code as ErrorCode, error.message, { details: detailsOpt, cause });
  }
  return new GhostError("RPC_BAD_RESPONSE", `unknown error ${error.code} ${code ?? ""}: ${error.message}`, {
    details: detailsOpt,
    cause,
  });
}

/** Details as JSON can carry them: bigints as decimal strings; anything unserialisable is dropped. */
function jsonSafe(details: Record<string, unknown> | undefined): unknown {
  if (details === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(details, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  } catch {
    return undefined;
  }
}
