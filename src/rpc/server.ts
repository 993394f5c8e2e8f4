/**
 * `createRpcServer`: one HTTP server on one port carrying JSON-RPC over `POST /`, WebSocket upgrades on
 * `/`, `GET /health` and `GET /metrics`, assembled from a node's method and subscription tables and its
 * handlers. `close()` is idempotent and ordered (lodestar `api/rest/activeSockets.ts`): stop accepting,
 * ask sockets to close, cut the rest after a grace period, then close the HTTP server.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { type Logger, pino } from "pino";
import { Registry } from "prom-client";
import type { WebSocketServer } from "ws";
import { createDispatcher } from "./dispatch.js";
import { createHttpApp } from "./httpApp.js";
import { RateLimiter, type RpcLimits, resolveLimits } from "./limits.js";
import type { EventOf, Handlers, MethodTable, SubscriptionTable } from "./methodTable.js";
import { createRpcMetrics } from "./metrics.js";
import { buildOpenRpcDocument, type OpenRpcDocument, type OpenRpcInfo } from "./openrpc.js";
import { type SubscriptionFilter, SubscriptionRegistry } from "./subscriptions.js";
import { attachWebSocket } from "./wsConnections.js";

export interface RpcServerOptions<M extends MethodTable, S extends SubscriptionTable> {
  readonly methods: M;
  readonly subscriptions?: S;
  readonly handlers: Handlers<M>;
  /** Default 127.0.0.1: a node is reachable from elsewhere only when its operator says so. */
  readonly host?: string;
  /** Default 0 (any free port; read it back from `port`). */
  readonly port?: number;
  readonly limits?: Partial<RpcLimits>;
  readonly logger?: Logger;
  /** The node's registry; a fresh one when absent, so servers in one process never share metric names. */
  readonly metrics?: Registry;
  /** Unknown errors carry their message and stack in `error.data.details`: for development only. */
  readonly debug?: boolean;
  /** OpenRPC `info`; default `{ title: "GhostChain JSON-RPC", version: "0.1.0" }`. */
  readonly info?: OpenRpcInfo;
  /** A node's own GET routes beside `/health` and `/metrics` (the sequencer's `/artifacts/<sha256>`). */
  readonly routes?: (app: Express) => void;
  /** How long `close()` lets sockets close by themselves before cutting them. Default 1000 ms. */
  readonly closeGraceMs?: number;
}

export interface RpcServer<S extends SubscriptionTable = SubscriptionTable> {
  readonly app: Express;
  readonly httpServer: Server;
  readonly wss: WebSocketServer;
  readonly host: string;
  readonly port: number;
  /** `http://host:port/` and `ws://host:port/`. */
  readonly url: string;
  readonly wsUrl: string;
  readonly limits: RpcLimits;
  readonly openrpc: OpenRpcDocument;
  readonly registry: Registry;
  /**
   * Pushes an event to every subscription of `name` whose params pass `filter` (all when undefined),
   * encoded once by the event schema; returns the number of subscriptions it went to.
   */
  publish<K extends keyof S & string>(
    name: K,
    filter: SubscriptionFilter<S[K]> | undefined,
    payload: EventOf<S[K]>,
  ): number;
  close(): Promise<void>;
}

export async function createRpcServer<
  M extends MethodTable,
  S extends SubscriptionTable = Record<never, never>,
>(opts: RpcServerOptions<M, S>): Promise<RpcServer<S>> {
  const host = opts.host ?? "127.0.0.1";
  const limits = resolveLimits(opts.limits);
  const logger = opts.logger ?? pino({ enabled: false });
  const registry = opts.metrics ?? new Registry();
  const api = { methods: opts.methods, subscriptions: opts.subscriptions ?? ({} as S) };
  const openrpc = buildOpenRpcDocument(api, opts.info ?? { title: "GhostChain JSON-RPC", version: "0.1.0" });
  const subscriptions = new SubscriptionRegistry(api.subscriptions, limits.maxSubscriptionsPerConnection);
  const metrics = createRpcMetrics(registry, () => subscriptions.size);
  let closing = false;
  const isClosing = () => closing;
  let connections = 0;
  const nextConnectionId = () => ++connections;

  const dispatch = createDispatcher({
    api,
    handlers: opts.handlers,
    limits,
    registry: subscriptions,
    openrpc,
    logger,
    metrics,
    debug: opts.debug ?? false,
  });
  const rate = new RateLimiter(limits);
  const app = createHttpApp({
    dispatch,
    limits,
    rate,
    registry,
    isClosing,
    nextConnectionId,
    ...(opts.routes === undefined ? {} : { routes: opts.routes }),
  });
  const httpServer = createServer(app);
  const ws = attachWebSocket({
    httpServer,
    dispatch,
    limits,
    registry: subscriptions,
    metrics,
    logger,
    isClosing,
    nextConnectionId,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port ?? 0, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  logger.info({ host, port }, "JSON-RPC server listening");

  const graceMs = opts.closeGraceMs ?? 1000;
  let closed: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    closing = true;
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    await ws.close(graceMs);
    // Requests still in flight on HTTP had the same grace period to finish.
    httpServer.closeAllConnections();
    await httpClosed;
    logger.info({ host, port }, "JSON-RPC server closed");
  }

  return {
    app,
    httpServer,
    wss: ws.wss,
    host,
    port,
    url: `http://${authority}/`,
    wsUrl: `ws://${authority}/`,
    limits,
    openrpc,
    registry,
    publish: (name, filter, payload) => subscriptions.publish(name, filter, payload),
    close: () => (closed ??= shutdown()),
  };
}
