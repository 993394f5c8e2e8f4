/**
 * From a received text to the text to send back, the same for HTTP and WebSocket: JSON parse, single or
 * batch, envelope check, rate limit, built-in methods, params validation, the handler, result encoding,
 * and every failure turned into an error object by the one table in errors.ts. Notifications (no id) run
 * but get no response; a batch of notifications gets none at all.
 */
import type { Logger } from "pino";
import { z } from "zod";
import { GhostError } from "../protocol/index.js";
import {
  errorResponse,
  idOf,
  type RpcId,
  type RpcResponse,
  readRequest,
  resultResponse,
} from "./envelope.js";
import { toRpcError } from "./errors.js";
import type { RpcLimits, TokenBucket } from "./limits.js";
import {
  type CallContext,
  DISCOVER_METHOD,
  type Handlers,
  type MethodTable,
  type RpcApi,
  SUBSCRIBE_METHOD,
  type SubscriptionTable,
  UNSUBSCRIBE_METHOD,
} from "./methodTable.js";
import type { RpcMetrics } from "./metrics.js";
import type { OpenRpcDocument } from "./openrpc.js";
import type { Subscriber, SubscriptionRegistry } from "./subscriptions.js";
import { invalidParams, issuesOf, parseParams } from "./validate.js";

/** One client connection: a WebSocket, or for HTTP the remote address's shared bucket. */
export interface Connection extends Subscriber, CallContext {
  readonly bucket: TokenBucket;
}

export interface DispatcherOptions<M extends MethodTable, S extends SubscriptionTable> {
  readonly api: RpcApi<M, S>;
  readonly handlers: Handlers<M>;
  readonly limits: RpcLimits;
  readonly registry: SubscriptionRegistry<S>;
  readonly openrpc: OpenRpcDocument;
  readonly logger: Logger;
  readonly metrics: RpcMetrics;
  readonly debug: boolean;
}

const subscribeParams = z.object({ name: z.string(), params: z.record(z.string(), z.unknown()).optional() });
const unsubscribeParams = z.object({ subscription: z.string() });

export type Dispatcher = (text: string, conn: Connection) => Promise<string | undefined>;

export function createDispatcher<M extends MethodTable, S extends SubscriptionTable>(
  opts: DispatcherOptions<M, S>,
): Dispatcher {
  const { api, handlers, limits, registry, logger, metrics, debug } = opts;

  function fail(id: RpcId, e: unknown, method: string): RpcResponse {
    if (!(e instanceof GhostError)) logger.error({ err: e, method }, "rpc handler failed");
    metrics.requests.inc({ method, outcome: e instanceof GhostError ? e.code : "RPC_INTERNAL" });
    return errorResponse(id, toRpcError(e, debug));
  }

  async function runMethod(method: string, params: unknown, conn: Connection): Promise<unknown> {
    if (method === DISCOVER_METHOD) return opts.openrpc;
    if (method === SUBSCRIBE_METHOD || method === UNSUBSCRIBE_METHOD) {
      if (conn.transport !== "ws") {
        throw new GhostError("RPC_INVALID_REQUEST", `${method} needs a WebSocket connection`);
      }
      if (method === SUBSCRIBE_METHOD) {
        const p = parseParams(subscribeParams, params);
        return registry.subscribe(conn, p.name, p.params);
      }
      return registry.unsubscribe(conn, parseParams(unsubscribeParams, params).subscription);
    }
    if (!Object.hasOwn(api.methods, method)) {
      throw new GhostError("RPC_METHOD_NOT_FOUND", `the method ${method} does not exist`);
    }
    const def = api.methods[method]!;
    const handler = handlers[method]! as (params: unknown, ctx: CallContext) => unknown;
    const value = await handler(parseParams(def.params, params), conn);
    const encoded = z.safeEncode(def.result, value as never);
    if (!encoded.success) {
      // The handler broke its own contract: a server bug, not the caller's fault.
      throw new Error(`${method} returned a result its schema rejects`, {
        cause: invalidParams(encoded.error),
      });
    }
    return encoded.data;
  }

  /** One call of a single or batch request; undefined for a notification. */
  async function handleCall(raw: unknown, conn: Connection): Promise<RpcResponse | undefined> {
    const envelope = readRequest(raw);
    if (!envelope.success) {
      return fail(idOf(raw), invalidRequest(envelope.error), "invalid");
    }
    const { method, params, id } = envelope.data;
    const label = Object.hasOwn(api.methods, method) || isBuiltin(method) ? method : "unknown";
    let response: RpcResponse;
    if (!conn.bucket.take()) {
      response = fail(id ?? null, rateLimited(limits), label);
    } else {
      const end = metrics.duration.startTimer({ method: label });
      try {
        response = resultResponse(id ?? null, await runMethod(method, params, conn));
        metrics.requests.inc({ method: label, outcome: "ok" });
      } catch (e) {
        response = fail(id ?? null, e, label);
      } finally {
        end();
      }
    }
    return id === undefined ? undefined : response;
  }

  return async (text, conn) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return JSON.stringify(fail(null, new GhostError("RPC_PARSE_ERROR"), "invalid"));
    }
    if (!Array.isArray(parsed)) {
      const response = await handleCall(parsed, conn);
      return response === undefined ? undefined : JSON.stringify(response);
    }
    if (parsed.length === 0) {
      return JSON.stringify(fail(null, new GhostError("RPC_INVALID_REQUEST", "empty batch"), "invalid"));
    }
    if (parsed.length > limits.maxBatchLength) {
      const e = new GhostError(
        "RPC_LIMIT_EXCEEDED",
        `a batch holds at most ${limits.maxBatchLength} requests`,
        {
          details: { limit: "batch", max: limits.maxBatchLength, got: parsed.length },
        },
      );
      return JSON.stringify(fail(null, e, "invalid"));
    }
    const responses = (await Promise.all(parsed.map((call) => handleCall(call, conn)))).filter(
      (r): r is RpcResponse => r !== undefined,
    );
    return responses.length === 0 ? undefined : JSON.stringify(responses);
  };
}

function isBuiltin(method: string): boolean {
  return method === DISCOVER_METHOD || method === SUBSCRIBE_METHOD || method === UNSUBSCRIBE_METHOD;
}

function invalidRequest(error: z.ZodError): GhostError {
  return new GhostError("RPC_INVALID_REQUEST", "not a JSON-RPC 2.0 request", {
    details: { issues: issuesOf(error) },
  });
}

export function rateLimited(limits: RpcLimits): GhostError {
  return new GhostError("RPC_LIMIT_EXCEEDED", `more than ${limits.requestsPerSecond} requests per second`, {
    details: { limit: "rate", perSecond: limits.requestsPerSecond, burst: limits.requestBurst },
  });
}
