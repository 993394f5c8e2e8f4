/**
 * The OpenRPC document (https://spec.open-rpc.org, 1.3.2) built from a node's tables, served by
 * `rpc.discover`. Schemas come from zod's own JSON Schema export, taken on the input side (`io: "input"`)
 * because that is the wire form a caller writes and reads; the tables' examples become Example Pairings.
 */
import { z } from "zod";
import {
  type JsonValue,
  type MethodExample,
  type MethodTable,
  type ParamsSchema,
  type RpcApi,
  SUBSCRIBE_METHOD,
  SUBSCRIPTION_NOTIFICATION,
  type SubscriptionTable,
  UNSUBSCRIBE_METHOD,
} from "./methodTable.js";

export type JsonSchema = Record<string, unknown>;

export interface ContentDescriptor {
  readonly name: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** OpenRPC Example Object: one value, named after the content descriptor it is an example of. */
export interface ExampleObject {
  readonly name: string;
  readonly value: JsonValue;
}

/** OpenRPC Example Pairing: one example per param given, and the result (for a subscription, the event). */
export interface ExamplePairing {
  readonly name: string;
  readonly params: ExampleObject[];
  readonly result: ExampleObject;
}

export interface OpenRpcMethod {
  readonly name: string;
  readonly summary: string;
  readonly paramStructure: "by-name";
  readonly params: ContentDescriptor[];
  readonly result: ContentDescriptor;
  readonly examples?: ExamplePairing[];
}

export interface OpenRpcSubscription {
  readonly name: string;
  readonly summary: string;
  readonly params: ContentDescriptor[];
  readonly event: ContentDescriptor;
  /** Pairings as for methods, with the event as the `result` (named `event`, like its descriptor). */
  readonly examples?: ExamplePairing[];
}

export interface OpenRpcDocument {
  readonly openrpc: "1.3.2";
  readonly info: { readonly title: string; readonly version: string };
  readonly methods: OpenRpcMethod[];
  /** OpenRPC has no notion of subscriptions: listed under an extension field, one entry per name. */
  readonly "x-subscriptions": OpenRpcSubscription[];
}

export interface OpenRpcInfo {
  readonly title: string;
  readonly version: string;
}

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/** One content descriptor per key of a by-name params object, `required` from the object's schema. */
export function paramDescriptors(params: ParamsSchema): ContentDescriptor[] {
  const object = jsonSchemaOf(params);
  const required = new Set((object.required as string[] | undefined) ?? []);
  const properties = (object.properties as Record<string, JsonSchema> | undefined) ?? {};
  return Object.entries(properties).map(([name, schema]) => ({ name, required: required.has(name), schema }));
}

/** An Example Pairing: one Example Object per param given (by-name params, in their order), and the result. */
function pairing(name: string, params: MethodExample["params"], result: ExampleObject): ExamplePairing {
  const given = Object.entries(params).flatMap(([k, value]) =>
    value === undefined ? [] : [{ name: k, value }],
  );
  return { name, params: given, result };
}

/** `{ examples }` when the definition has any, nothing otherwise (the field is optional in OpenRPC). */
function examplesOf(pairings: ExamplePairing[] | undefined): { examples?: ExamplePairing[] } {
  return pairings === undefined || pairings.length === 0 ? {} : { examples: pairings };
}

export function buildOpenRpcDocument<M extends MethodTable, S extends SubscriptionTable>(
  api: RpcApi<M, S>,
  info: OpenRpcInfo,
): OpenRpcDocument {
  const methods: OpenRpcMethod[] = Object.entries(api.methods).map(([name, def]) => ({
    name,
    summary: def.summary,
    paramStructure: "by-name",
    params: paramDescriptors(def.params),
    result: { name: "result", schema: jsonSchemaOf(def.result) },
    ...examplesOf(def.examples?.map((e) => pairing(e.name, e.params, { name: "result", value: e.result }))),
  }));
  const subscriptions: OpenRpcSubscription[] = Object.entries(api.subscriptions).map(([name, def]) => ({
    name,
    summary: def.summary,
    params: paramDescriptors(def.params),
    event: { name: "event", schema: jsonSchemaOf(def.event) },
    ...examplesOf(def.examples?.map((e) => pairing(e.name, e.params, { name: "event", value: e.event }))),
  }));
  if (subscriptions.length > 0) methods.push(...subscriptionMethods(api.subscriptions));
  return { openrpc: "1.3.2", info, methods, "x-subscriptions": subscriptions };
}

/**
 * The id in the examples of `ghost_subscribe` and `ghost_unsubscribe`: one a server handed out
 * (0x + 32 random hex digits, src/rpc/subscriptions.ts).
 */
export const EXAMPLE_SUBSCRIPTION_ID = "0xdf68c18a30d7a6dbca6c1a926e6df9b7";

/**
 * `ghost_subscribe` and `ghost_unsubscribe`, described like any other method. Their examples subscribe
 * as the first subscription's first example does, and end that subscription.
 */
function subscriptionMethods(table: SubscriptionTable): OpenRpcMethod[] {
  const names = Object.keys(table);
  const shown = names.find((name) => (table[name]!.examples?.length ?? 0) > 0);
  const subscribe: ExamplePairing[] = [];
  const unsubscribe: ExamplePairing[] = [];
  if (shown !== undefined) {
    const { params } = table[shown]!.examples![0]!;
    const subscribeParams = Object.keys(params).length === 0 ? { name: shown } : { name: shown, params };
    const id = EXAMPLE_SUBSCRIPTION_ID;
    subscribe.push(pairing(`Subscribes to ${shown}`, subscribeParams, { name: "subscription", value: id }));
    unsubscribe.push(
      pairing("Ends that subscription", { subscription: id }, { name: "removed", value: true }),
    );
  }
  return [
    {
      name: SUBSCRIBE_METHOD,
      summary: `Starts a subscription (WebSocket only); events arrive as ${SUBSCRIPTION_NOTIFICATION} notifications`,
      paramStructure: "by-name",
      params: [
        { name: "name", required: true, schema: { type: "string", enum: names } },
        { name: "params", required: false, schema: { type: "object" } },
      ],
      result: { name: "subscription", schema: { type: "string" } },
      ...examplesOf(subscribe),
    },
    {
      name: UNSUBSCRIBE_METHOD,
      summary: "Ends a subscription of this connection; false if it was not active",
      paramStructure: "by-name",
      params: [{ name: "subscription", required: true, schema: { type: "string" } }],
      result: { name: "removed", schema: { type: "boolean" } },
      ...examplesOf(unsubscribe),
    },
  ];
}
