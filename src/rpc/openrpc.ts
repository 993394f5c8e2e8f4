/**
 * The OpenRPC document (https://spec.open-rpc.org, 1.3.2) built from a node's tables, served by
 * `rpc.discover`. Schemas come from zod's own JSON Schema export, taken on the input side (`io: "input"`)
 * because that is the wire form a caller writes and reads.
 */
import { z } from "zod";
import {
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

export interface OpenRpcMethod {
  readonly name: string;
  readonly summary: string;
  readonly paramStructure: "by-name";
  readonly params: ContentDescriptor[];
  readonly result: ContentDescriptor;
}

export interface OpenRpcSubscription {
  readonly name: string;
  readonly summary: string;
  readonly params: ContentDescriptor[];
  readonly event: ContentDescriptor;
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
  }));
  const subscriptions: OpenRpcSubscription[] = Object.entries(api.subscriptions).map(([name, def]) => ({
    name,
    summary: def.summary,
    params: paramDescriptors(def.params),
    event: { name: "event", schema: jsonSchemaOf(def.event) },
  }));
  if (subscriptions.length > 0) methods.push(...subscriptionMethods(Object.keys(api.subscriptions)));
  return { openrpc: "1.3.2", info, methods, "x-subscriptions": subscriptions };
}

/** `ghost_subscribe` and `ghost_unsubscribe`, described like any other method. */
function subscriptionMethods(names: string[]): OpenRpcMethod[] {
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
    },
    {
      name: UNSUBSCRIBE_METHOD,
      summary: "Ends a subscription of this connection; false if it was not active",
      paramStructure: "by-name",
      params: [{ name: "subscription", required: true, schema: { type: "string" } }],
      result: { name: "removed", schema: { type: "boolean" } },
    },
  ];
}
