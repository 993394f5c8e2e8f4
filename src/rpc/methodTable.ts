/**
 * The one place an RPC method or subscription is defined: name, summary, params schema, result (or event)
 * schema. The server's validation, the typed client and the OpenRPC document are all derived from these
 * definitions (lodestar `RouteDefinitions`: one table serves server and client).
 *
 * Convention (docs/rpc.md): params are always by name, a `z.object`; the schemas describe the wire (JSON)
 * form as their input and the application form as their output, so a `z.codec` can turn a decimal string
 * into a bigint: the server decodes params and encodes results, the client does the opposite.
 */
import type { z } from "zod";

/** Params are a JSON object, one key per parameter (OpenRPC `paramStructure: "by-name"`). */
export type ParamsSchema = z.ZodObject;

/**
 * A JSON value: what examples are written in, since they show the wire form. An object's undefined
 * value is an absent key, as `JSON.stringify` writes it (and as TypeScript types a list of objects
 * whose optional keys differ).
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/**
 * One call as a real node answered it, for the OpenRPC document (an Example Pairing) and docs/api.md:
 * params by name and the result, both in their wire form, so `params.parse(example.params)` and
 * `result.parse(example.result)` succeed (tests/rpc/apiExamples.test.ts checks every one). Byte strings
 * too long to print may be shortened with `shortBytes` (./exampleBytes.ts).
 */
export interface MethodExample {
  /** What the call shows, in a few words. */
  readonly name: string;
  readonly params: { readonly [key: string]: JsonValue | undefined };
  readonly result: JsonValue;
}

/** One subscription with one event it delivered, in their wire form (as MethodExample). */
export interface SubscriptionExample {
  readonly name: string;
  readonly params: { readonly [key: string]: JsonValue | undefined };
  readonly event: JsonValue;
}

export interface MethodDefinition<P extends ParamsSchema = ParamsSchema, R extends z.ZodType = z.ZodType> {
  /** One line for the OpenRPC document and docs/api.md. */
  readonly summary: string;
  readonly params: P;
  readonly result: R;
  readonly examples?: readonly MethodExample[];
}

export interface SubscriptionDefinition<
  P extends ParamsSchema = ParamsSchema,
  E extends z.ZodType = z.ZodType,
> {
  readonly summary: string;
  readonly params: P;
  /** The payload of each event pushed to a subscriber. */
  readonly event: E;
  readonly examples?: readonly SubscriptionExample[];
}

export type MethodTable = Record<string, MethodDefinition>;
export type SubscriptionTable = Record<string, SubscriptionDefinition>;

/** The context a handler runs in: which transport, which connection (for logs and per-connection state). */
export interface CallContext {
  readonly transport: "http" | "ws";
  readonly connectionId: number;
  readonly remoteAddress: string;
}

/** Params as the handler sees them: decoded by the schema. */
export type ParamsOf<D extends MethodDefinition | SubscriptionDefinition> = z.output<D["params"]>;
/** A result as the handler returns it and the client receives it (application form). */
export type ResultOf<D extends MethodDefinition> = z.output<D["result"]>;
export type EventOf<D extends SubscriptionDefinition> = z.output<D["event"]>;

export type Handler<D extends MethodDefinition> = (
  params: ParamsOf<D>,
  ctx: CallContext,
) => ResultOf<D> | Promise<ResultOf<D>>;

/** One handler per method of the table: the node's implementation of its API. */
export type Handlers<M extends MethodTable> = { readonly [K in keyof M]: Handler<M[K]> };

/** `<namespace>_<name>`, e.g. `ghost_getBlock`: one style for every node. */
const METHOD_NAME = /^[a-z][a-z0-9]*_[a-z][A-Za-z0-9]*$/;
/** Names the plumbing answers itself (docs/rpc.md). */
export const SUBSCRIBE_METHOD = "ghost_subscribe";
export const UNSUBSCRIBE_METHOD = "ghost_unsubscribe";
export const SUBSCRIPTION_NOTIFICATION = "ghost_subscription";
export const DISCOVER_METHOD = "rpc.discover";
const RESERVED = new Set([SUBSCRIBE_METHOD, UNSUBSCRIBE_METHOD, SUBSCRIPTION_NOTIFICATION, DISCOVER_METHOD]);

/**
 * Checks the names once, at definition time, and returns the table unchanged with its literal types,
 * so a typo in a node's table fails at startup rather than on the first call.
 */
export function defineMethods<const M extends MethodTable>(methods: M): M {
  for (const name of Object.keys(methods)) {
    if (!METHOD_NAME.test(name)) throw new TypeError(`method "${name}" expected <namespace>_<camelCase>`);
    if (RESERVED.has(name)) throw new TypeError(`method "${name}" is reserved by the RPC layer`);
  }
  return methods;
}

/** Subscription names are plain camelCase (`newHeads`): they are arguments of `ghost_subscribe`. */
export function defineSubscriptions<const S extends SubscriptionTable>(subscriptions: S): S {
  for (const name of Object.keys(subscriptions)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new TypeError(`subscription "${name}" expected camelCase`);
  }
  return subscriptions;
}

/** What a node publishes: its method and subscription tables together. */
export interface RpcApi<
  M extends MethodTable = MethodTable,
  S extends SubscriptionTable = SubscriptionTable,
> {
  readonly methods: M;
  readonly subscriptions: S;
}
