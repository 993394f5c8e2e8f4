/**
 * The example tables the RPC tests run against: an echo, a method with a codec (bigint as a decimal
 * string), one that throws a GhostError, one that crashes, one that is slow, and one subscription.
 */
import { WebSocket } from "ws";
import { z } from "zod";
import { GhostError } from "../../src/protocol/index.js";
import {
  createRpcServer,
  defineMethods,
  defineSubscriptions,
  type RpcServerOptions,
} from "../../src/rpc/index.js";

/** A bigint on the wire as a decimal string: the codec convention docs/rpc.md describes. */
const decimal = z.codec(z.string().regex(/^(0|[1-9][0-9]*)$/), z.bigint().nonnegative(), {
  decode: (s) => BigInt(s),
  encode: (b) => b.toString(),
});

export const methods = defineMethods({
  ghost_echo: {
    summary: "Returns its message, repeated",
    params: z.object({ message: z.string().max(10_000), times: z.number().int().min(1).max(10).optional() }),
    result: z.object({ message: z.string() }),
  },
  ghost_add: {
    summary: "Adds two unsigned integers of any size",
    params: z.object({ a: decimal, b: decimal }),
    result: decimal,
  },
  ghost_fail: {
    summary: "Always rejects with TX_NONCE_MISMATCH",
    params: z.object({}),
    result: z.null(),
  },
  ghost_crash: {
    summary: "Throws an unexpected error",
    params: z.object({}),
    result: z.null(),
  },
  ghost_slow: {
    summary: "Answers after a delay",
    params: z.object({ ms: z.number().int().min(0).max(5_000) }),
    result: z.object({ slept: z.number() }),
  },
});

export const subscriptions = defineSubscriptions({
  ticks: {
    summary: "A counter per channel",
    params: z.object({ channel: z.string().optional() }),
    event: z.object({ channel: z.string(), n: z.number().int() }),
  },
});

export const api = { methods, subscriptions };

export function startServer(overrides: Partial<RpcServerOptions<typeof methods, typeof subscriptions>> = {}) {
  return createRpcServer({
    methods,
    subscriptions,
    handlers: {
      ghost_echo: ({ message, times }) => ({ message: message.repeat(times ?? 1) }),
      ghost_add: ({ a, b }) => a + b,
      ghost_fail: () => {
        throw new GhostError("TX_NONCE_MISMATCH", "nonce 5 is not the current nonce 3", {
          details: { expected: 3n, got: 5n },
        });
      },
      ghost_crash: () => {
        throw new Error("secret internal state");
      },
      ghost_slow: async ({ ms }) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return { slept: ms };
      },
    },
    closeGraceMs: 200,
    ...overrides,
  });
}

/** Parsed JSON under test, read by path in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary response paths
export type Json = any;

/** A raw POST: status and parsed body (undefined when empty). */
export async function post(url: string, body: string): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
}

/** A raw WebSocket with its messages queued, for tests that write envelopes by hand. */
export interface RawSocket {
  readonly ws: WebSocket;
  send(value: unknown): void;
  next(timeoutMs?: number): Promise<Json>;
  /** Messages received and not yet read. */
  readonly queued: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function rawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(url);
  const queued: unknown[] = [];
  const waiters: Array<(v: unknown) => void> = [];
  ws.on("message", (data) => {
    const value = JSON.parse(String(data));
    const waiter = waiters.shift();
    if (waiter) waiter(value);
    else queued.push(value);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    queued,
    closed,
    send: (value) => ws.send(typeof value === "string" ? value : JSON.stringify(value)),
    next: (timeoutMs = 2_000) =>
      queued.length > 0
        ? Promise.resolve(queued.shift())
        : new Promise((resolve, reject) => {
            const waiter = (v: unknown) => {
              clearTimeout(timer);
              resolve(v);
            };
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              reject(new Error("no message"));
            }, timeoutMs);
            waiters.push(waiter);
          }),
    close: async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

export const call = (id: number | string | null, method: string, params?: unknown) => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params === undefined ? {} : { params }),
});
