/**
 * Reading one JSON-RPC response, shared by both transports: a malformed response is RPC_BAD_RESPONSE,
 * an error object becomes the typed GhostError its `data.code` names (viem `utils/buildRequest.ts`).
 */
import { GhostError } from "../../protocol/index.js";
import { fromRpcError, type RpcResponse, responseSchema } from "../../rpc/index.js";

export function parseResponse(raw: unknown): RpcResponse {
  const parsed = responseSchema.safeParse(raw);
  if (!parsed.success) throw new GhostError("RPC_BAD_RESPONSE", "not a JSON-RPC 2.0 response");
  return parsed.data as RpcResponse;
}

/** The result of a response, or its error thrown as a GhostError. */
export function resultOf(response: RpcResponse): unknown {
  if ("error" in response) throw fromRpcError(response.error);
  return response.result;
}
