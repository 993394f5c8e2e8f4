/**
 * JSON-RPC 2.0 envelopes (https://www.jsonrpc.org/specification): the shapes on the wire and the one
 * builder for each, used by the server and by both client transports, so no envelope is written by hand
 * twice.
 */
import { z } from "zod";

export type RpcId = string | number | null;

export interface RpcRequest {
  readonly jsonrpc: "2.0";
  readonly method: string;
  readonly params?: unknown;
  /** Absent for a notification, which gets no response. */
  readonly id?: RpcId;
}

export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: { readonly code: string; readonly details?: unknown };
}

export type RpcResponse =
  | { readonly jsonrpc: "2.0"; readonly id: RpcId; readonly result: unknown }
  | { readonly jsonrpc: "2.0"; readonly id: RpcId; readonly error: RpcErrorObject };

const idSchema = z.union([z.string(), z.number(), z.null()]);

/** A request as the server accepts it; params by position are parsed here and refused later with -32602. */
export const requestSchema = z.object({
  jsonrpc: z.literal("2.0"),
  method: z.string().min(1),
  params: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  id: idSchema.optional(),
});

/** A response as the client accepts it: exactly one of result and error. */
export const responseSchema = z.union([
  z.object({ jsonrpc: z.literal("2.0"), id: idSchema, result: z.unknown() }).refine((r) => "result" in r),
  z.object({
    jsonrpc: z.literal("2.0"),
    id: idSchema,
    error: z.object({
      code: z.number().int(),
      message: z.string(),
      data: z.object({ code: z.string(), details: z.unknown().optional() }).optional(),
    }),
  }),
]);

const isId = (v: unknown): v is RpcId => typeof v === "string" || typeof v === "number" || v === null;

/**
 * `raw` as a request when requestSchema accepts it, else the schema's issues. The common well-formed
 * request is recognised by plain checks that accept exactly what the schema does (JSON holds no
 * undefined, NaN or Infinity), so only a request that fails them pays for the schema's parse, whose
 * issues name what is wrong. Params are passed on as they are: each method's schema parses them.
 */
export function readRequest(
  raw: unknown,
): { success: true; data: RpcRequest } | { success: false; error: z.ZodError } {
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const r = raw as Record<string, unknown>;
    const { method, params, id } = r;
    if (
      r.jsonrpc === "2.0" &&
      typeof method === "string" &&
      method.length > 0 &&
      // An own "__proto__" key in params is left to the schema, which drops it.
      (params === undefined ||
        (typeof params === "object" && params !== null && !Object.hasOwn(params, "__proto__"))) &&
      (id === undefined || isId(id))
    ) {
      return { success: true, data: { jsonrpc: "2.0", method, params, ...(id === undefined ? {} : { id }) } };
    }
  }
  const parsed = requestSchema.safeParse(raw);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
}

export function createRequest(id: RpcId | undefined, method: string, params: unknown): RpcRequest {
  return id === undefined ? { jsonrpc: "2.0", method, params } : { jsonrpc: "2.0", id, method, params };
}

export function resultResponse(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: "2.0", id, result };
}

export function errorResponse(id: RpcId, error: RpcErrorObject): RpcResponse {
  return { jsonrpc: "2.0", id, error };
}

/** The id of a request we could not accept, if one can be read from it (else null, as the spec says). */
export function idOf(raw: unknown): RpcId {
  if (typeof raw !== "object" || raw === null || !("id" in raw)) return null;
  const parsed = idSchema.safeParse(raw.id);
  return parsed.success ? parsed.data : null;
}
