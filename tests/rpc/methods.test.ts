/**
 * Every method of the example table through the real server and the real client, over HTTP and over
 * WebSocket; typed errors rebuilt from `error.data.code`; the OpenRPC document against the table.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import {
  createRpcClient,
  createTransport,
  type RpcClient,
  type Subscription,
} from "../../src/client/index.js";
import { GhostError, isGhostError } from "../../src/protocol/index.js";
import { buildOpenRpcDocument, jsonSchemaOf, type RpcServer } from "../../src/rpc/index.js";
import { api, methods, post, startServer, type subscriptions } from "./exampleApi.js";

let server: RpcServer<typeof subscriptions>;
const clients: Record<"http" | "ws", RpcClient<typeof methods, typeof subscriptions>> = {} as never;

beforeAll(async () => {
  server = await startServer();
  clients.http = createRpcClient(api, createTransport({ kind: "http", url: server.url }));
  clients.ws = createRpcClient(api, createTransport({ kind: "ws", url: server.wsUrl }));
});

afterAll(async () => {
  await clients.ws.close();
  await server.close();
});

async function rejection(p: Promise<unknown>): Promise<GhostError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GhostError);
  return e as GhostError;
}

describe.each(["http", "ws"] as const)("every method over %s", (kind) => {
  it("echoes, with optional params", async () => {
    expect(await clients[kind].ghost_echo({ message: "boo" })).toEqual({ message: "boo" });
    expect(await clients[kind].ghost_echo({ message: "ab", times: 3 })).toEqual({ message: "ababab" });
  });

  it("decodes params and encodes results through codecs (bigints as decimal strings)", async () => {
    const sum = await clients[kind].ghost_add({ a: 2n ** 200n, b: 1n });
    expect(sum).toBe(2n ** 200n + 1n);
  });

  it("rebuilds a GhostError thrown by a handler, code and details included", async () => {
    const e = await rejection(clients[kind].ghost_fail());
    expect(e.code).toBe("TX_NONCE_MISMATCH");
    expect(e.message).toBe("nonce 5 is not the current nonce 3");
    expect(e.details).toEqual({ expected: "3", got: "5" });
    expect(e.cause).toEqual({ rpcCode: -32003, message: e.message });
  });

  it("hides an unexpected error behind RPC_INTERNAL", async () => {
    const e = await rejection(clients[kind].ghost_crash());
    expect(isGhostError(e, "RPC_INTERNAL")).toBe(true);
    expect(e.message).not.toContain("secret");
    expect(e.details).toBeUndefined();
  });

  it("waits for a slow method, and times out with RPC_TIMEOUT when told to", async () => {
    expect(await clients[kind].ghost_slow({ ms: 50 })).toEqual({ slept: 50 });
    const e = await rejection(clients[kind].ghost_slow({ ms: 500 }, { timeoutMs: 50 }));
    expect(e.code).toBe("RPC_TIMEOUT");
  });

  it("refuses params its schema cannot encode before sending", async () => {
    const e = await rejection(clients[kind].ghost_add({ a: -1n, b: 1n }));
    expect(e.code).toBe("RPC_INVALID_PARAMS");
  });

  it("returns the OpenRPC document from rpc.discover", async () => {
    expect(await clients[kind].discover()).toEqual(server.openrpc);
  });
});

describe("the client's types", () => {
  it("come from the table: code-form params and results, optional params when all are optional", () => {
    expectTypeOf(clients.http.ghost_add).parameter(0).toEqualTypeOf<{ a: bigint; b: bigint }>();
    expectTypeOf(clients.http.ghost_add).returns.resolves.toEqualTypeOf<bigint>();
    expectTypeOf(clients.http.ghost_echo).returns.resolves.toEqualTypeOf<{ message: string }>();
    expectTypeOf(clients.ws.ghost_fail).toBeCallableWith();
    type Events = ReturnType<RpcClient<typeof methods, typeof subscriptions>["subscribe"]>;
    expectTypeOf<Events>().toEqualTypeOf<Subscription<{ channel: string; n: number }>>();
  });
});

describe("the OpenRPC document", () => {
  it("lists every method of the table with its params and result schemas", async () => {
    const doc = server.openrpc;
    expect(doc.openrpc).toBe("1.3.2");
    for (const [name, def] of Object.entries(methods)) {
      const method = doc.methods.find((m) => m.name === name);
      expect(method, name).toBeDefined();
      expect(method!.summary).toBe(def.summary);
      expect(method!.paramStructure).toBe("by-name");
      const shape = def.params.shape as Record<string, z.ZodType>;
      expect(method!.params.map((p) => p.name)).toEqual(Object.keys(shape));
      for (const param of method!.params) {
        expect(param.schema).toEqual(jsonSchemaOf(shape[param.name]!));
        expect(param.required).toBe(!shape[param.name]!.safeParse(undefined).success);
      }
      expect(method!.result.schema).toEqual(jsonSchemaOf(def.result));
    }
    expect(doc.methods.map((m) => m.name).sort()).toEqual(
      [...Object.keys(methods), "ghost_subscribe", "ghost_unsubscribe"].sort(),
    );
    expect(doc["x-subscriptions"].map((s) => s.name)).toEqual(["ticks"]);
    expect(doc["x-subscriptions"][0]!.event.schema).toEqual(jsonSchemaOf(api.subscriptions.ticks.event));
  });

  it("is what the server answers, and what the tables build", async () => {
    const { json } = await post(
      server.url,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "rpc.discover" }),
    );
    expect(json.result).toEqual(
      buildOpenRpcDocument(api, { title: "GhostChain JSON-RPC", version: "0.1.0" }),
    );
  });

  it("describes a codec by its wire form", () => {
    const add = server.openrpc.methods.find((m) => m.name === "ghost_add")!;
    expect(add.params[0]!.schema).toMatchObject({ type: "string" });
    expect(add.result.schema).toMatchObject({ type: "string" });
  });
});

describe("the HTTP side", () => {
  it("answers GET /health", async () => {
    const res = await fetch(new URL("/health", server.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("serves the calls it counted on GET /metrics", async () => {
    const res = await fetch(new URL("/metrics", server.url));
    const text = await res.text();
    expect(text).toMatch(/rpc_requests_total\{method="ghost_echo",outcome="ok"\} \d+/);
    expect(text).toContain("rpc_ws_connections");
  });

  it("puts the stack in data.details only with the debug flag", async () => {
    const debugServer = await startServer({ debug: true });
    try {
      const { json } = await post(
        debugServer.url,
        JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ghost_crash" }),
      );
      expect(json.error.code).toBe(-32603);
      expect(json.error.data.code).toBe("RPC_INTERNAL");
      expect(json.error.data.details.message).toBe("secret internal state");
      expect(json.error.data.details.stack).toContain("Error");
    } finally {
      await debugServer.close();
    }
  });
});
