/**
 * JSON-RPC over one WebSocket (viem `utils/rpc/socket.ts`): a map of pending calls by id, each with its
 * own timeout; a map of subscriptions by server id; every pending call failed with a typed error when the
 * socket closes; a bounded number of reconnects with exponential backoff, after which each live
 * subscription is made again (events published while disconnected are not replayed).
 */
import { WebSocket } from "ws";
import { GhostError } from "../../protocol/index.js";
import {
  createRequest,
  type RpcResponse,
  SUBSCRIBE_METHOD,
  SUBSCRIPTION_NOTIFICATION,
  UNSUBSCRIBE_METHOD,
} from "../../rpc/index.js";
import { EventQueue } from "./eventQueue.js";
import { parseResponse, resultOf } from "./response.js";
import type { RequestOptions, Subscription, Transport } from "./types.js";

export interface WsTransportOptions {
  readonly url: string;
  /** Per call, including the wait for a connection. Default 10 s. */
  readonly timeoutMs?: number;
  /** Reconnects after an unexpected close: `attempts` tries, waiting `delayMs`, then twice that, ... */
  readonly reconnect?: { readonly attempts: number; readonly delayMs: number } | false;
  /** Events buffered per subscription for a slow reader. Default 1024. */
  readonly maxQueuedEvents?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

interface Sub {
  readonly name: string;
  readonly params: unknown;
  readonly queue: EventQueue<unknown>;
  readonly decode: (event: unknown) => unknown;
  serverId: string | undefined;
}

/** Events whose subscription id is not known yet: they can overtake the subscribe answer. Bounded. */
const MAX_EARLY = 256;

export function wsTransport(opts: WsTransportOptions): Transport {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const reconnect = opts.reconnect === undefined ? { attempts: 5, delayMs: 200 } : opts.reconnect;
  const maxQueued = opts.maxQueuedEvents ?? 1024;
  const pending = new Map<number, Pending>();
  const subs = new Set<Sub>();
  const byServerId = new Map<string, Sub>();
  const early = new Map<string, unknown[]>();
  let nextId = 0;
  let connection: Promise<WebSocket> | undefined;
  let closedByUser = false;

  function open(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(opts.url);
      let opened = false;
      // The server says why before a policy close (e.g. the connection limit): keep it for the close.
      let closeReason: GhostError | undefined;
      ws.on("open", () => {
        opened = true;
        resolve(ws);
      });
      ws.on("message", (data) => {
        const reason = onMessage(String(data));
        if (reason !== undefined) closeReason = reason;
      });
      ws.on("error", (err) => {
        if (!opened)
          reject(new GhostError("RPC_CONNECTION_CLOSED", `cannot connect to ${opts.url}`, { cause: err }));
      });
      ws.on("close", (code, reason) => {
        if (!opened) return reject(new GhostError("RPC_CONNECTION_CLOSED", `cannot connect to ${opts.url}`));
        onClose(
          closeReason ?? new GhostError("RPC_CONNECTION_CLOSED", `socket closed (${code} ${String(reason)})`),
        );
      });
    });
  }

  function ensure(): Promise<WebSocket> {
    if (closedByUser)
      return Promise.reject(new GhostError("RPC_CONNECTION_CLOSED", "the transport is closed"));
    connection ??= open().catch((e: unknown) => {
      connection = undefined;
      throw e;
    });
    return connection;
  }

  /** Routes one message; returns the error of an id-less error response (the server's last word). */
  function onMessage(text: string): GhostError | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    const message = json as { method?: unknown; params?: { subscription?: unknown; result?: unknown } };
    if (message.method === SUBSCRIPTION_NOTIFICATION) {
      const id = message.params?.subscription;
      if (typeof id === "string") deliver(id, message.params?.result);
      return undefined;
    }
    let response: RpcResponse;
    try {
      response = parseResponse(json);
    } catch {
      return undefined;
    }
    const call = typeof response.id === "number" ? pending.get(response.id) : undefined;
    if (call === undefined) {
      if (response.id === null && "error" in response) {
        try {
          resultOf(response);
        } catch (e) {
          return e as GhostError;
        }
      }
      return undefined;
    }
    pending.delete(response.id as number);
    clearTimeout(call.timer);
    try {
      call.resolve(resultOf(response));
    } catch (e) {
      call.reject(e);
    }
    return undefined;
  }

  function deliver(serverId: string, event: unknown): void {
    const sub = byServerId.get(serverId);
    if (sub === undefined) {
      if (early.size >= MAX_EARLY) early.delete(early.keys().next().value!);
      early.set(serverId, [...(early.get(serverId) ?? []), event]);
      return;
    }
    push(sub, event);
  }

  function push(sub: Sub, event: unknown): void {
    try {
      sub.queue.push(sub.decode(event));
    } catch (e) {
      endSub(sub, e);
    }
  }

  function onClose(reason: GhostError): void {
    connection = undefined;
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(reason);
      pending.delete(id);
    }
    byServerId.clear();
    early.clear();
    if (closedByUser) return;
    if (reconnect === false) {
      for (const sub of subs) endSub(sub, reason);
      return;
    }
    connection = reconnectLoop(reconnect.attempts, reconnect.delayMs, reason);
    connection.then(
      () => {
        for (const sub of subs) activate(sub);
      },
      (e: unknown) => {
        connection = undefined;
        for (const sub of subs) endSub(sub, e);
      },
    );
  }

  async function reconnectLoop(attempts: number, delayMs: number, reason: GhostError): Promise<WebSocket> {
    let last: unknown = reason;
    for (let attempt = 0; attempt < attempts; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));
      if (closedByUser) break;
      try {
        return await open();
      } catch (e) {
        last = e;
      }
    }
    throw new GhostError(
      "RPC_CONNECTION_CLOSED",
      `gave up reconnecting to ${opts.url} after ${attempts} tries`,
      {
        cause: last,
      },
    );
  }

  async function request(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    const ms = options.timeoutMs ?? timeoutMs;
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new GhostError("RPC_TIMEOUT", `${method} got no answer in ${ms} ms`));
      }, ms);
      pending.set(id, { resolve, reject, timer });
      ensure().then(
        (ws) => {
          if (pending.has(id)) ws.send(JSON.stringify(createRequest(id, method, params)));
        },
        (e: unknown) => {
          if (!pending.delete(id)) return;
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** Asks the server for (again, after a reconnect) a subscription; resolves with its server id. */
  async function activate(sub: Sub): Promise<string> {
    try {
      const serverId = (await request(SUBSCRIBE_METHOD, { name: sub.name, params: sub.params })) as string;
      if (sub.queue.done) {
        void request(UNSUBSCRIBE_METHOD, { subscription: serverId }).catch(() => {});
        return serverId;
      }
      sub.serverId = serverId;
      byServerId.set(serverId, sub);
      for (const event of early.get(serverId) ?? []) push(sub, event);
      early.delete(serverId);
      return serverId;
    } catch (e) {
      endSub(sub, e);
      throw e;
    }
  }

  function endSub(sub: Sub, error: unknown): void {
    subs.delete(sub);
    if (sub.serverId !== undefined) byServerId.delete(sub.serverId);
    sub.queue.fail(error);
  }

  function subscribe<T>(name: string, params: unknown, decode: (event: unknown) => T): Subscription<T> {
    const sub: Sub = {
      name,
      params,
      decode,
      serverId: undefined,
      queue: new EventQueue<unknown>(maxQueued, async () => {
        subs.delete(sub);
        const serverId = sub.serverId;
        if (serverId === undefined) return; // activate() unsubscribes once the id arrives
        byServerId.delete(serverId);
        await request(UNSUBSCRIBE_METHOD, { subscription: serverId }).catch(() => {});
      }),
    };
    subs.add(sub);
    const ready = activate(sub);
    ready.catch(() => {}); // the same error reaches the reader through next()
    const queue = sub.queue as EventQueue<T>;
    return Object.assign(queue, {
      ready,
      unsubscribe: async () => {
        await queue.return();
      },
    });
  }

  async function close(): Promise<void> {
    if (closedByUser) return;
    closedByUser = true;
    const current = connection;
    for (const sub of subs) sub.queue.end();
    subs.clear();
    const ws = await current?.catch(() => undefined);
    if (ws === undefined) return onClose(new GhostError("RPC_CONNECTION_CLOSED", "the transport is closed"));
    await new Promise<void>((resolve) => {
      ws.once("close", () => resolve());
      ws.close(1000, "client closing");
    });
  }

  return { kind: "ws", url: opts.url, request, subscribe, close };
}
