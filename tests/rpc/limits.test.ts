/**
 * Every limit, exceeded on purpose: a typed RPC_LIMIT_EXCEEDED (-32005) answer, then proof that the server,
 * and the connection where the protocol allows it, still answer a good request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRpcClient, createTransport } from "../../src/client/index.js";
import { GhostError } from "../../src/protocol/index.js";
import { DEFAULT_LIMITS, type RpcServer, TokenBucket } from "../../src/rpc/index.js";
import { api, call, type Json, post, rawSocket, startServer, type subscriptions } from "./exampleApi.js";

let server: RpcServer<typeof subscriptions>;

beforeAll(async () => {
  server = await startServer({
    limits: {
      maxBodyBytes: 1024,
      maxFrameBytes: 1024,
      maxBatchLength: 3,
      maxConnections: 3,
      maxSubscriptionsPerConnection: 2,
    },
  });
});

afterAll(async () => {
  await server.close();
});

const good = JSON.stringify(call(1, "ghost_echo", { message: "ok" }));

function expectLimit(answer: Json, limit: string): void {
  expect(answer.error.code).toBe(-32005);
  expect(answer.error.data.code).toBe("RPC_LIMIT_EXCEEDED");
  expect(answer.error.data.details.limit).toBe(limit);
}

async function serverAnswers(): Promise<void> {
  expect((await post(server.url, good)).json.result).toEqual({ message: "ok" });
}

it("has sane defaults", () => {
  expect(DEFAULT_LIMITS).toMatchObject({
    maxBodyBytes: 1 << 20,
    maxBatchLength: 100,
    maxSubscriptionsPerConnection: 32,
  });
});

describe("HTTP", () => {
  it("refuses an oversize body with 413 and RPC_LIMIT_EXCEEDED", async () => {
    const res = await post(server.url, JSON.stringify(call(1, "ghost_echo", { message: "x".repeat(2000) })));
    expect(res.status).toBe(413);
    expectLimit(res.json, "body");
    await serverAnswers();
  });

  it("refuses a batch longer than the limit as a whole", async () => {
    const batch = Array.from({ length: 4 }, (_, i) => call(i, "ghost_echo", { message: "b" }));
    const { json } = await post(server.url, JSON.stringify(batch));
    expect(json.id).toBeNull();
    expectLimit(json, "batch");
    expect((await post(server.url, JSON.stringify(batch.slice(0, 3)))).json).toHaveLength(3);
  });
});

describe("WebSocket", () => {
  it("answers an oversize frame with an error and keeps the socket open", async () => {
    const socket = await rawSocket(server.wsUrl);
    socket.send(call(1, "ghost_echo", { message: "x".repeat(1500) }));
    const answer = await socket.next();
    expect(answer.id).toBeNull();
    expectLimit(answer, "frame");
    socket.send(good);
    expect((await socket.next()).result).toEqual({ message: "ok" });
    await socket.close();
  });

  it("cuts a frame beyond twice the limit (close 1009), and the server lives on", async () => {
    const socket = await rawSocket(server.wsUrl);
    socket.send("x".repeat(3000));
    expect((await socket.closed).code).toBe(1009);
    await serverAnswers();
  });

  it("refuses a batch longer than the limit", async () => {
    const socket = await rawSocket(server.wsUrl);
    socket.send(Array.from({ length: 4 }, (_, i) => call(i, "ghost_echo", { message: "b" })));
    expectLimit(await socket.next(), "batch");
    socket.send(good);
    expect((await socket.next()).result).toEqual({ message: "ok" });
    await socket.close();
  });

  it("refuses a connection over the cap in-band (close 1013), and admits one when a slot frees", async () => {
    const open = await Promise.all([1, 2, 3].map(() => rawSocket(server.wsUrl)));
    const extra = await rawSocket(server.wsUrl);
    expectLimit(await extra.next(), "connections");
    expect(await extra.closed).toEqual({ code: 1013, reason: "RPC_LIMIT_EXCEEDED" });
    // The typed client sees the same refusal as a GhostError.
    const client = createRpcClient(api, createTransport({ kind: "ws", url: server.wsUrl, reconnect: false }));
    const e = await client.ghost_echo({ message: "hi" }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(GhostError);
    expect((e as GhostError).code).toBe("RPC_LIMIT_EXCEEDED");
    await client.close();
    await open[0]!.close();
    const again = await rawSocket(server.wsUrl);
    again.send(good);
    expect((await again.next()).result).toEqual({ message: "ok" });
    await Promise.all([again, ...open].map((s) => s.close()));
    await serverAnswers();
  });

  it("caps subscriptions per connection, not per server", async () => {
    const a = await rawSocket(server.wsUrl);
    const b = await rawSocket(server.wsUrl);
    const ids: string[] = [];
    for (const id of [1, 2]) {
      a.send(call(id, "ghost_subscribe", { name: "ticks" }));
      ids.push((await a.next()).result);
    }
    expect(ids.every((id) => /^0x[0-9a-f]{32}$/.test(id))).toBe(true);
    a.send(call(3, "ghost_subscribe", { name: "ticks" }));
    const refused = await a.next();
    expect(refused.id).toBe(3);
    expectLimit(refused, "subscriptions");
    b.send(call(1, "ghost_subscribe", { name: "ticks" }));
    const bId = (await b.next()).result;
    expect(bId).toMatch(/^0x/);
    // Another connection's id is not found; ending one of its own makes room again.
    a.send(call(4, "ghost_unsubscribe", { subscription: bId }));
    expect((await a.next()).result).toBe(false);
    a.send(call(5, "ghost_unsubscribe", { subscription: ids[0] }));
    expect((await a.next()).result).toBe(true);
    a.send(call(6, "ghost_subscribe", { name: "ticks" }));
    expect((await a.next()).result).toMatch(/^0x/);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("rate", () => {
  it("limits calls per WebSocket connection with a token bucket; other connections are unaffected", async () => {
    const limited = await startServer({ limits: { requestsPerSecond: 1, requestBurst: 3 } });
    try {
      const a = await rawSocket(limited.wsUrl);
      a.send(Array.from({ length: 5 }, (_, i) => call(i, "ghost_echo", { message: "r" })));
      const answers = await a.next();
      expect(answers.slice(0, 3).every((r: Json) => r.result !== undefined)).toBe(true);
      for (const r of answers.slice(3)) expectLimit(r, "rate");
      const b = await rawSocket(limited.wsUrl);
      b.send(good);
      expect((await b.next()).result).toEqual({ message: "ok" });
      // A second later a token is back.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      a.send(good);
      expect((await a.next()).result).toEqual({ message: "ok" });
      await Promise.all([a.close(), b.close()]);
    } finally {
      await limited.close();
    }
  });

  it("limits HTTP calls per remote address", async () => {
    const limited = await startServer({ limits: { requestsPerSecond: 1, requestBurst: 2 } });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await post(limited.url, good)).json);
      expect(answers[1].result).toEqual({ message: "ok" });
      expectLimit(answers[2], "rate");
    } finally {
      await limited.close();
    }
  });

  it("refills the bucket at the configured rate (fake clock)", () => {
    let now = 0;
    const bucket = new TokenBucket(2, 10, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000;
    expect(bucket.full).toBe(true);
  });
});
