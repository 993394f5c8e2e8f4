/**
 * A prover worker's `/health` and `/metrics` (`ghost prover --port`): for a process supervisor and for
 * Prometheus. Health is 200 while the worker reaches Redis, 503 when it does not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Registry } from "prom-client";
import type { ProverWorker } from "./proverWorker.js";

export interface WorkerStatusServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveWorkerStatus(o: {
  readonly worker: ProverWorker;
  readonly registry: Registry;
  readonly host: string;
  readonly port: number;
}): Promise<WorkerStatusServer> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => {
    const w = o.worker;
    res.status(w.redisConnected ? 200 : 503).json({
      status: w.redisConnected ? "ok" : "redis unreachable",
      name: w.name,
      active: w.active,
      completed: w.completed,
      failed: w.failed,
      busyShare: Math.min(1, w.busyMs / Math.max(1, Date.now() - w.startedAt)),
    });
  });
  app.get("/metrics", async (_req, res) => {
    res.type(o.registry.contentType).send(await o.registry.metrics());
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(":") ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
