/**
 * The RPC layer's Prometheus metrics, registered in the registry the node passes (or a fresh one, so two
 * servers in one process never collide on metric names).
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface RpcMetrics {
  readonly requests: Counter<"method" | "outcome">;
  readonly duration: Histogram<"method">;
  readonly connections: Gauge;
  readonly subscriptions: Gauge;
}

export function createRpcMetrics(registry: Registry, subscriptionCount: () => number): RpcMetrics {
  return {
    requests: new Counter({
      name: "rpc_requests_total",
      help: "JSON-RPC calls by method and outcome (ok or the GhostChain error code)",
      labelNames: ["method", "outcome"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "rpc_request_duration_seconds",
      help: "JSON-RPC handler time by method",
      labelNames: ["method"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    connections: new Gauge({
      name: "rpc_ws_connections",
      help: "open WebSocket connections",
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: "rpc_subscriptions",
      help: "active subscriptions over all connections",
      registers: [registry],
      collect() {
        this.set(subscriptionCount());
      },
    }),
  };
}
