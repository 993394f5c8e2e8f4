/**
 * The JSON-RPC 2.0 envelope against the real server, written by hand: batches, notifications, and every
 * kind of bad input, each answered with the standard code and the GhostChain code in `data.code`, and
 * each followed by a good request to show the server (and the socket) still answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RpcServer } from "../../src/rpc/index.js";
import {
  call,
  type Json,
  post,
  type RawSocket,
  rawSocket,
  startServer,
  type subscriptions,
} from "./exampleApi.js";

let server: RpcServer<typeof subscriptions>;
let socket: RawSocket;

beforeAll(async () => {
  server = await startServer();
  socket = await rawSocket(server.wsUrl);
});

afterAll(async () => {
  await socket.close();
  await server.close();
});

const good = call(99, "ghost_echo", { message: "still here" });

/** Sends a text over HTTP and over WebSocket; returns both answers after checking a good call works. */
async function both(text: string): Promise<{ http: Json; ws: Json }> {
  const http = (await post(server.url, text)).json;
  expect((await post(server.url, JSON.stringify(good))).json.result).toEqual({ message: "still here" });
  socket.send(text);
  const ws = await socket.next();
  socket.send(good);
  expect((await socket.next()).result).toEqual({ message: "still here" });
  return { http, ws };
}

function expectError(answer: Json, id: unknown, rpcCode: number, code: string): void {
  expect(answer.jsonrpc).toBe("2.0");
  expect(answer.id).toBe(id);
  expect(answer.error.code).toBe(rpcCode);
  expect(answer.error.data.code).toBe(code);
  expect(answer.result).toBeUndefined();
}

describe("bad input over HTTP and WebSocket", () => {
  it("answers malformed JSON with -32700 RPC_PARSE_ERROR and id null", async () => {
    for (const text of ['{"jsonrpc":"2.0",', "not json", "", "[1,"]) {
      const { http, ws } = await both(text === "" ? " " : text);
      expectError(http, null, -32700, "RPC_PARSE_ERROR");
      expectError(ws, null, -32700, "RPC_PARSE_ERROR");
    }
  });

  it("answers invalid request shapes with -32600 RPC_INVALID_REQUEST, keeping a readable id", async () => {
    const cases: Array<[unknown, unknown]> = [
      [{ jsonrpc: "1.0", id: 1, method: "ghost_echo" }, 1],
      [{ jsonrpc: "2.0", id: 2 }, 2],
      [{ jsonrpc: "2.0", id: 3, method: 42 }, 3],
      [{ jsonrpc: "2.0", id: 4, method: "ghost_echo", params: "x" }, 4],
      [{ jsonrpc: "2.0", id: { nested: true }, method: "ghost_echo" }, null],
      [42, null],
      ["a string", null],
      [null, null],
    ];
    for (const [request, id] of cases) {
      const { http, ws } = await both(JSON.stringify(request));
      expectError(http, id, -32600, "RPC_INVALID_REQUEST");
      expectError(ws, id, -32600, "RPC_INVALID_REQUEST");
    }
  });

  it("answers an empty batch with a single -32600", async () => {
    const { http, ws } = await both("[]");
    expectError(http, null, -32600, "RPC_INVALID_REQUEST");
    expectError(ws, null, -32600, "RPC_INVALID_REQUEST");
  });

  it("answers an unknown method with -32601 RPC_METHOD_NOT_FOUND", async () => {
    for (const method of ["ghost_nope", "eth_chainId", "toString", "__proto__", "constructor"]) {
      const { http, ws } = await both(JSON.stringify(call(7, method, {})));
      expectError(http, 7, -32601, "RPC_METHOD_NOT_FOUND");
      expectError(ws, 7, -32601, "RPC_METHOD_NOT_FOUND");
    }
  });

  it("answers wrong param types with -32602 RPC_INVALID_PARAMS and the issue's path", async () => {
    const cases: unknown[] = [
      { message: 5 },
      { message: "x", times: 1.5 },
      { message: "x", times: 11 },
      {},
      ["positional"],
    ];
    for (const params of cases) {
      const { http, ws } = await both(JSON.stringify(call("p", "ghost_echo", params)));
      expectError(http, "p", -32602, "RPC_INVALID_PARAMS");
      expectError(ws, "p", -32602, "RPC_INVALID_PARAMS");
      expect(http.error.data.details.issues.length).toBeGreaterThan(0);
    }
    const { http } = await both(JSON.stringify(call(1, "ghost_add", { a: "-1", b: "01" })));
    expect(http.error.data.details.issues.map((i: { path: string }) => i.path)).toEqual(["a", "b"]);
  });

  it("maps a handler's GhostError through the table, with details made JSON-safe", async () => {
    const { http, ws } = await both(JSON.stringify(call(5, "ghost_fail")));
    expectError(http, 5, -32003, "TX_NONCE_MISMATCH");
    expect(http.error.data.details).toEqual({ expected: "3", got: "5" });
    expect(ws).toEqual(http);
  });

  it("answers an unexpected error with a bare -32603", async () => {
    const { http } = await both(JSON.stringify(call(6, "ghost_crash")));
    expectError(http, 6, -32603, "RPC_INTERNAL");
    expect(http.error.message).toBe("internal error");
    expect(http.error.data.details).toBeUndefined();
  });

  it("refuses subscriptions over HTTP", async () => {
    const { json } = await post(server.url, JSON.stringify(call(1, "ghost_subscribe", { name: "ticks" })));
    expectError(json, 1, -32600, "RPC_INVALID_REQUEST");
  });
});

describe("batches and notifications", () => {
  it("answers a batch in order, errors and results side by side", async () => {
    const batch = [
      call(1, "ghost_echo", { message: "a" }),
      call(2, "ghost_nope"),
      call(3, "ghost_slow", { ms: 30 }),
      call(4, "ghost_echo", { message: 1 }),
      { jsonrpc: "2.0", method: "ghost_echo", params: { message: "notification" } },
      "junk",
    ];
    const { json } = await post(server.url, JSON.stringify(batch));
    expect(json.map((r: Json) => r.id)).toEqual([1, 2, 3, 4, null]);
    expect(json[0].result).toEqual({ message: "a" });
    expect(json[1].error.code).toBe(-32601);
    expect(json[2].result).toEqual({ slept: 30 });
    expect(json[3].error.code).toBe(-32602);
    expect(json[4].error.code).toBe(-32600);
    socket.send(batch);
    expect(await socket.next()).toEqual(json);
  });

  it("runs a notification and sends nothing back", async () => {
    const note = { jsonrpc: "2.0", method: "ghost_echo", params: { message: "n" } };
    const res = await post(server.url, JSON.stringify(note));
    expect(res.status).toBe(204);
    expect(res.json).toBeUndefined();
    // A notification that fails is silent too.
    expect((await post(server.url, JSON.stringify({ jsonrpc: "2.0", method: "ghost_crash" }))).status).toBe(
      204,
    );
    const batch = await post(server.url, JSON.stringify([note, note]));
    expect(batch.status).toBe(204);
    socket.send(note);
    socket.send([note, { jsonrpc: "2.0", method: "ghost_nope" }]);
    socket.send(good);
    expect(await socket.next()).toMatchObject({ id: 99, result: { message: "still here" } });
    expect(socket.queued).toEqual([]);
  });

  it("accepts string and null ids and echoes them exactly", async () => {
    const { json } = await post(
      server.url,
      JSON.stringify([
        call("abc", "ghost_echo", { message: "s" }),
        call(null, "ghost_echo", { message: "n" }),
      ]),
    );
    expect(json.map((r: Json) => r.id)).toEqual(["abc", null]);
  });
});
