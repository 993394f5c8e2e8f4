/**
 * The HTTP side: JSON-RPC by `POST /`, `GET /health` and `GET /metrics`. The body is read as text of any
 * content type (callers rarely agree on one) up to the body limit, and handed to the shared dispatcher.
 */
import type { Socket } from "node:net";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Registry } from "prom-client";
import { GhostError } from "../protocol/index.js";
import type { Connection, Dispatcher } from "./dispatch.js";
import { errorResponse } from "./envelope.js";
import { toRpcError } from "./errors.js";
import type { RateLimiter, RpcLimits } from "./limits.js";

export interface HttpAppOptions {
  readonly dispatch: Dispatcher;
  readonly limits: RpcLimits;
  readonly rate: RateLimiter;
  readonly registry: Registry;
  readonly isClosing: () => boolean;
  readonly nextConnectionId: () => number;
  /** A node's own GET routes beside the JSON-RPC ones (the sequencer's /artifacts/<sha256>). */
  readonly routes?: (app: Express) => void;
}

export function createHttpApp(opts: HttpAppOptions): Express {
  const { dispatch, limits, rate, registry, isClosing } = opts;
  // HTTP "connections" are TCP sockets, numbered once so logs can tie keep-alive requests together.
  const socketIds = new WeakMap<Socket, number>();
  const app = express();
  app.disable("x-powered-by");

  app.get("/health", (_req, res) => {
    res.status(isClosing() ? 503 : 200).json({ status: isClosing() ? "closing" : "ok" });
  });

  app.get("/metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  opts.routes?.(app);

  app.post("/", (_req, res, next) => {
    // Requests that reach an already open keep-alive socket while closing: refused, socket released.
    if (!isClosing()) return next();
    res.set("connection", "close").status(503).json({ status: "closing" });
  });

  app.post("/", express.text({ type: () => true, limit: limits.maxBodyBytes }), async (req, res) => {
    const remoteAddress = req.socket.remoteAddress ?? "unknown";
    let connectionId = socketIds.get(req.socket);
    if (connectionId === undefined) {
      connectionId = opts.nextConnectionId();
      socketIds.set(req.socket, connectionId);
    }
    const conn: Connection = {
      transport: "http",
      connectionId,
      id: connectionId,
      remoteAddress,
      bucket: rate.bucket(remoteAddress),
      send: () => {
        throw new GhostError("RPC_INVALID_REQUEST", "HTTP has no channel for pushed messages");
      },
    };
    const out = await dispatch(typeof req.body === "string" ? req.body : "", conn);
    if (out === undefined) res.status(204).end();
    else res.type("application/json").send(out);
  });

  // body-parser's failures, as JSON-RPC errors: too large is a limit, anything else an unreadable body.
  app.use((err: { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const e =
      err.type === "entity.too.large"
        ? new GhostError("RPC_LIMIT_EXCEEDED", `the body exceeds ${limits.maxBodyBytes} bytes`, {
            details: { limit: "body", max: limits.maxBodyBytes },
          })
        : err.status !== undefined && err.status < 500
          ? new GhostError("RPC_PARSE_ERROR", "the body cannot be read")
          : err;
    const status =
      err.type === "entity.too.large" ? 413 : err.status !== undefined && err.status < 500 ? 400 : 500;
    res.status(status).json(errorResponse(null, toRpcError(e)));
  });

  return app;
}
