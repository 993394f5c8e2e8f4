/**
 * `createRpcClient(api, transport)`: one typed function per method of a node's table (viem's
 * `createClient({ transport })` plus one action per method, generated here from the table instead of
 * written by hand). Params are encoded and results decoded by the table's schemas, so a server answering
 * outside its contract is caught as RPC_BAD_RESPONSE at the client's boundary.
 */
import { z } from "zod";
import { GhostError } from "../protocol/index.js";
import {
  DISCOVER_METHOD,
  type EventOf,
  invalidParams,
  issuesOf,
  type MethodDefinition,
  type MethodTable,
  type OpenRpcDocument,
  type ParamsOf,
  type ResultOf,
  type RpcApi,
  type SubscriptionTable,
} from "../rpc/index.js";
import type { RequestOptions, Subscription, Transport } from "./transport/types.js";

/** A method whose params are all optional can be called without them. */
export type MethodFunction<D extends MethodDefinition> =
  Record<string, never> extends ParamsOf<D>
    ? (params?: ParamsOf<D>, options?: RequestOptions) => Promise<ResultOf<D>>
    : (params: ParamsOf<D>, options?: RequestOptions) => Promise<ResultOf<D>>;

export type RpcClient<M extends MethodTable, S extends SubscriptionTable> = {
  readonly [K in keyof M]: MethodFunction<M[K]>;
} & {
  readonly transport: Transport;
  /** Starts a subscription (WebSocket transport only); events are decoded by the table's event schema. */
  subscribe<K extends keyof S & string>(name: K, params?: ParamsOf<S[K]>): Subscription<EventOf<S[K]>>;
  /** The server's OpenRPC document (`rpc.discover`). */
  discover(options?: RequestOptions): Promise<OpenRpcDocument>;
  close(): Promise<void>;
};

export function createRpcClient<M extends MethodTable, S extends SubscriptionTable = Record<never, never>>(
  api: { readonly methods: M; readonly subscriptions?: S },
  transport: Transport,
): RpcClient<M, S> {
  const table: RpcApi<M, S> = { methods: api.methods, subscriptions: api.subscriptions ?? ({} as S) };
  const client: Record<string, unknown> = {
    transport,
    subscribe(name: string, params: unknown = {}) {
      const def = table.subscriptions[name];
      if (def === undefined) throw new GhostError("RPC_INVALID_PARAMS", `unknown subscription "${name}"`);
      return transport.subscribe(name, encodeParams(def.params, params, name), (event) =>
        decodeOrThrow(def.event, event, `${name} event`),
      );
    },
    discover: (options?: RequestOptions) => transport.request(DISCOVER_METHOD, {}, options),
    close: () => transport.close(),
  };
  for (const [name, def] of Object.entries(table.methods)) {
    client[name] = async (params: unknown = {}, options?: RequestOptions) => {
      const wire = await transport.request(name, encodeParams(def.params, params, name), options);
      return decodeOrThrow(def.result, wire, `${name} result`);
    };
  }
  return client as RpcClient<M, S>;
}

/** The caller's params in their wire form; a value the schema cannot encode never leaves the client. */
function encodeParams(schema: z.ZodType, params: unknown, name: string): unknown {
  const encoded = z.safeEncode(schema, params as never);
  if (encoded.success) return encoded.data;
  throw invalidParams(encoded.error, `${name}: invalid params`);
}

function decodeOrThrow(schema: z.ZodType, wire: unknown, what: string): unknown {
  const decoded = schema.safeParse(wire);
  if (decoded.success) return decoded.data;
  const issues = issuesOf(decoded.error);
  throw new GhostError("RPC_BAD_RESPONSE", `${what} does not match its schema`, { details: { issues } });
}
