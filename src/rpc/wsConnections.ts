/**
 * The WebSocket side: upgrades on `/` of the HTTP server, one Connection (rate bucket, subscriptions) per
 * socket, the connection cap, the soft frame limit, slow-consumer protection, and the graceful close.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { GhostError } from "../protocol/index.js";
import type { Connection, Dispatcher } from "./dispatch.js";
import { errorResponse } from "./envelope.js";
import { toRpcError } from "./errors.js";
import { newBucket, type RpcLimits } from "./limits.js";
import type { SubscriptionTable } from "./methodTable.js";
import type { RpcMetrics } from "./metrics.js";
import type { SubscriptionRegistry } from "./subscriptions.js";

/** Close codes (RFC 6455 §7.4.1): 1001 going away (server shutdown), 1013 try again later (overload). */
const GOING_AWAY = 1001;
const TRY_AGAIN_LATER = 1013;

export interface WsOptions<S extends SubscriptionTable> {
  readonly httpServer: Server;
  readonly dispatch: Dispatcher;
  readonly limits: RpcLimits;
  readonly registry: SubscriptionRegistry<S>;
  readonly metrics: RpcMetrics;
  readonly logger: Logger;
  readonly isClosing: () => boolean;
  readonly nextConnectionId: () => number;
}

export interface WsConnections {
  readonly wss: WebSocketServer;
  /** Asks every socket to close, waits up to `graceMs`, then cuts the rest, then closes the server. */
  close(graceMs: number): Promise<void>;
}

export function attachWebSocket<S extends SubscriptionTable>(opts: WsOptions<S>): WsConnections {
  const { limits, logger, metrics, registry } = opts;
  // Beyond twice the soft limit the ws layer itself cuts the socket (1009): memory per frame stays bounded.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes * 2 });
  const sockets = new Set<WebSocket>();

  opts.httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (opts.isClosing() || path !== "/") {
      socket.end(
        `HTTP/1.1 ${opts.isClosing() ? "503 Service Unavailable" : "404 Not Found"}\r\nconnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  });

  function accept(ws: WebSocket, req: IncomingMessage): void {
    if (sockets.size >= limits.maxConnections) {
      // Accepted only to say why in-band, then closed: the client gets a typed error, not a reset.
      const e = new GhostError(
        "RPC_LIMIT_EXCEEDED",
        `at most ${limits.maxConnections} WebSocket connections`,
        {
          details: { limit: "connections", max: limits.maxConnections },
        },
      );
      ws.send(JSON.stringify(errorResponse(null, toRpcError(e))));
      ws.close(TRY_AGAIN_LATER, "RPC_LIMIT_EXCEEDED");
      return;
    }
    const id = opts.nextConnectionId();
    // Frames sent in one turn of the event loop (a group commit's answers, say) leave in one write:
    // the socket is corked at the first and uncorked once the turn's callbacks and promises have run.
    const socket = req.socket;
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    const conn: Connection = {
      transport: "ws",
      connectionId: id,
      id,
      remoteAddress: req.socket.remoteAddress ?? "unknown",
      bucket: newBucket(limits),
      send(text) {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > limits.maxBufferedBytes) {
          logger.warn(
            { connectionId: id, buffered: ws.bufferedAmount },
            "dropping a slow WebSocket consumer",
          );
          ws.close(TRY_AGAIN_LATER, "RPC_LIMIT_EXCEEDED");
          return;
        }
        if (!corked) {
          corked = true;
          socket.cork();
          process.nextTick(uncork);
        }
        ws.send(text);
      },
    };
    sockets.add(ws);
    metrics.connections.inc();

    ws.on("message", (data: RawData) => {
      const bytes = toBuffer(data);
      if (bytes.length > limits.maxFrameBytes) {
        const e = new GhostError("RPC_LIMIT_EXCEEDED", `a message exceeds ${limits.maxFrameBytes} bytes`, {
          details: { limit: "frame", max: limits.maxFrameBytes, got: bytes.length },
        });
        conn.send(JSON.stringify(errorResponse(null, toRpcError(e))));
        return;
      }
      opts.dispatch(bytes.toString("utf8"), conn).then(
        (out) => out !== undefined && conn.send(out),
        (err: unknown) => logger.error({ err, connectionId: id }, "WebSocket dispatch failed"),
      );
    });
    ws.on("error", (err) => logger.debug({ err, connectionId: id }, "WebSocket error"));
    ws.on("close", () => {
      sockets.delete(ws);
      registry.removeConnection(conn);
      metrics.connections.dec();
    });
  }

  async function close(graceMs: number): Promise<void> {
    const closed = [...sockets].map(
      (ws) => new Promise<void>((resolve) => ws.once("close", () => resolve())),
    );
    for (const ws of sockets) ws.close(GOING_AWAY, "server closing");
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const ws of sockets) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  return { wss, close };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
