/**
 * The JSON-RPC plumbing shared by ghostd and the sequencer (docs/rpc.md): method and subscription tables,
 * the HTTP + WebSocket server built from them, the error table, limits, and the OpenRPC document with the
 * tables' examples (`shortBytes` for long byte strings in them).
 * A node defines its tables with `defineMethods`/`defineSubscriptions` and serves them with `createRpcServer`.
 */
export {
  createRequest,
  errorResponse,
  type RpcErrorObject,
  type RpcId,
  type RpcRequest,
  type RpcResponse,
  responseSchema,
  resultResponse,
} from "./envelope.js";
export { fromRpcError, RPC_CODES, rpcCodeOf, toRpcError } from "./errors.js";
export { expandShortBytes, MAX_EXAMPLE_BYTES, shortBytes } from "./exampleBytes.js";
export { DEFAULT_LIMITS, type RpcLimits, TokenBucket } from "./limits.js";
export {
  type CallContext,
  DISCOVER_METHOD,
  defineMethods,
  defineSubscriptions,
  type EventOf,
  type Handler,
  type Handlers,
  type JsonValue,
  type MethodDefinition,
  type MethodExample,
  type MethodTable,
  type ParamsOf,
  type ParamsSchema,
  type ResultOf,
  type RpcApi,
  SUBSCRIBE_METHOD,
  SUBSCRIPTION_NOTIFICATION,
  type SubscriptionDefinition,
  type SubscriptionExample,
  type SubscriptionTable,
  UNSUBSCRIBE_METHOD,
} from "./methodTable.js";
export {
  buildOpenRpcDocument,
  type ContentDescriptor,
  EXAMPLE_SUBSCRIPTION_ID,
  type ExampleObject,
  type ExamplePairing,
  jsonSchemaOf,
  type OpenRpcDocument,
  type OpenRpcInfo,
  type OpenRpcMethod,
  type OpenRpcSubscription,
} from "./openrpc.js";
export { createRpcServer, type RpcServer, type RpcServerOptions } from "./server.js";
export type { SubscriptionFilter } from "./subscriptions.js";
export { invalidParams, issuesOf } from "./validate.js";
