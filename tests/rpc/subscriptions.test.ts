/**
 * Subscriptions end to end: events in publish order, only to the subscribing socket, filtered by params,
 * gone when the socket closes or the iterator returns; the WebSocket client failing pending calls with a
 * typed error, reconnecting after a restart on the same port and subscribing again; an ordered close.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRpcClient, createTransport } from "../../src/client/index.js";
import { GhostError } from "../../src/protocol/index.js";
import type { RpcServer } from "../../src/rpc/index.js";
import { api, call, rawSocket, startServer, type subscriptions } from "./exampleApi.js";

let server: RpcServer<typeof subscriptions>;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

const wsClient = (url: string, reconnect: { attempts: number; delayMs: number } | false = false) =>
  createRpcClient(api, createTransport({ kind: "ws", url, reconnect, timeoutMs: 5_000 }));

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("delivery", () => {
  it("delivers events in publish order, only to subscribing sockets, filtered by params", async () => {
    const a = wsClient(server.wsUrl);
    const b = wsClient(server.wsUrl);
    const onlyRed = a.subscribe("ticks", { channel: "red" });
    const all = b.subscribe("ticks");
    await Promise.all([onlyRed.ready, all.ready]);
    const bystander = await rawSocket(server.wsUrl);

    for (let n = 0; n < 200; n++) {
      const channel = n % 2 === 0 ? "red" : "blue";
      server.publish("ticks", (p) => p.channel === undefined || p.channel === channel, { channel, n });
    }
    const red = await take(onlyRed, 100);
    expect(red.map((e) => e.n)).toEqual(Array.from({ length: 100 }, (_, i) => 2 * i));
    expect(red.every((e) => e.channel === "red")).toBe(true);
    expect((await take(all, 200)).map((e) => e.n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    bystander.send(call(1, "ghost_echo", { message: "x" }));
    expect((await bystander.next()).id).toBe(1);
    expect(bystander.queued).toEqual([]);

    await Promise.all([a.close(), b.close(), bystander.close()]);
  });

  it("stops sending when the iterator returns (for-await break unsubscribes)", async () => {
    const client = wsClient(server.wsUrl);
    const sub = client.subscribe("ticks", { channel: "c" });
    await sub.ready;
    expect(server.publish("ticks", undefined, { channel: "c", n: 1 })).toBe(1);
    for await (const event of sub) {
      expect(event).toEqual({ channel: "c", n: 1 });
      break;
    }
    await expect.poll(() => server.publish("ticks", undefined, { channel: "c", n: 2 })).toBe(0);
    await client.close();
  });

  it("cleans a socket's subscriptions up when it closes", async () => {
    const socket = await rawSocket(server.wsUrl);
    socket.send(call(1, "ghost_subscribe", { name: "ticks" }));
    socket.send(call(2, "ghost_subscribe", { name: "ticks", params: { channel: "z" } }));
    await socket.next();
    await socket.next();
    expect(server.publish("ticks", undefined, { channel: "z", n: 0 })).toBe(2);
    await socket.close();
    await expect.poll(() => server.publish("ticks", undefined, { channel: "z", n: 1 })).toBe(0);
  });

  it("refuses an unknown subscription or bad params with RPC_INVALID_PARAMS", async () => {
    const socket = await rawSocket(server.wsUrl);
    socket.send(call(1, "ghost_subscribe", { name: "nope" }));
    expect((await socket.next()).error.data.code).toBe("RPC_INVALID_PARAMS");
    socket.send(call(2, "ghost_subscribe", { name: "ticks", params: { channel: 5 } }));
    expect((await socket.next()).error.code).toBe(-32602);
    await socket.close();
    // The typed client refuses the same params before sending them.
    const client = wsClient(server.wsUrl);
    expect(() => client.subscribe("ticks", { channel: 5 as unknown as string })).toThrow(
      expect.objectContaining({ code: "RPC_INVALID_PARAMS" }),
    );
    await client.close();
  });

  it("refuses to publish an event outside its schema, with RPC_INTERNAL", () => {
    expect(() => server.publish("ticks", undefined, { channel: "x", n: 1.5 })).toThrow(
      expect.objectContaining({ code: "RPC_INTERNAL" }),
    );
  });

  it("ends a subscription whose event does not match the client's schema with RPC_BAD_RESPONSE", async () => {
    const stricter = {
      methods: api.methods,
      subscriptions: {
        ticks: {
          ...api.subscriptions.ticks,
          event: z.object({ channel: z.literal("never"), n: z.number() }),
        },
      },
    };
    const client = createRpcClient(
      stricter,
      createTransport({ kind: "ws", url: server.wsUrl, reconnect: false }),
    );
    const sub = client.subscribe("ticks");
    await sub.ready;
    server.publish("ticks", undefined, { channel: "x", n: 1 });
    await expect(sub.next()).rejects.toMatchObject({ code: "RPC_BAD_RESPONSE" });
    await client.close();
  });
});

describe("the WebSocket client across closes", () => {
  it("fails pending calls with RPC_CONNECTION_CLOSED when the socket closes", async () => {
    const own = await startServer({ closeGraceMs: 50 });
    const client = wsClient(own.wsUrl);
    expect(await client.ghost_echo({ message: "up" })).toEqual({ message: "up" });
    const slow = client.ghost_slow({ ms: 2_000 }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    const e = await slow;
    expect(e).toBeInstanceOf(GhostError);
    expect((e as GhostError).code).toBe("RPC_CONNECTION_CLOSED");
    await client.close();
  });

  it("reconnects after the server restarts on the same port and subscribes again", async () => {
    const first = await startServer({ closeGraceMs: 50 });
    const port = first.port;
    const client = wsClient(first.wsUrl, { attempts: 8, delayMs: 50 });
    const sub = client.subscribe("ticks", { channel: "r" });
    const firstId = await sub.ready;
    first.publish("ticks", undefined, { channel: "r", n: 1 });
    expect(await take(sub, 1)).toEqual([{ channel: "r", n: 1 }]);

    await first.close();
    const second = await startServer({ port, closeGraceMs: 50 });
    try {
      await expect
        .poll(() => second.publish("ticks", undefined, { channel: "r", n: 0 }), { timeout: 5_000 })
        .toBe(1);
      second.publish("ticks", undefined, { channel: "r", n: 2 });
      const events = await take(sub, 2);
      // The probe that found the subscription may or may not have been delivered first; 2 always is.
      expect(events.map((e) => e.n)).toContain(2);
      expect(await client.ghost_echo({ message: "back" })).toEqual({ message: "back" });
      expect(firstId).toMatch(/^0x/);
    } finally {
      await client.close();
      await second.close();
    }
  });

  it("gives up after its bounded attempts and ends subscriptions with a typed error", async () => {
    const own = await startServer({ closeGraceMs: 50 });
    const client = wsClient(own.wsUrl, { attempts: 2, delayMs: 20 });
    const sub = client.subscribe("ticks");
    await sub.ready;
    await own.close();
    await expect(sub.next()).rejects.toMatchObject({ code: "RPC_CONNECTION_CLOSED" });
    await expect(client.ghost_echo({ message: "x" })).rejects.toMatchObject({
      code: "RPC_CONNECTION_CLOSED",
    });
    await client.close();
  });
});

describe("close", () => {
  it("is idempotent and ordered: refuses new sockets, closes open ones with 1001, then stops listening", async () => {
    const own = await startServer({ closeGraceMs: 100 });
    const socket = await rawSocket(own.wsUrl);
    const first = own.close();
    expect(own.close()).toBe(first);
    expect(await socket.closed).toMatchObject({ code: 1001 });
    await first;
    await expect(fetch(own.url)).rejects.toThrow();
    expect(own.httpServer.listening).toBe(false);
  });
});
