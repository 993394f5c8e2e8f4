/** ghostd's prom-client metrics (GET /metrics): height, transactions, mempool size, block time, settled batches. */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { L1Event } from "../chain/index.js";

export interface GhostdMetrics {
  readonly height: Gauge;
  observeBlock(height: number, txs: number, ms: number, events: readonly L1Event[]): void;
}

export function createGhostdMetrics(registry: Registry, mempoolSize: () => number): GhostdMetrics {
  const height = new Gauge({
    name: "ghostd_height",
    help: "Height of the head block",
    registers: [registry],
  });
  const txs = new Counter({ name: "ghostd_txs_total", help: "Transactions included", registers: [registry] });
  const blockMs = new Histogram({
    name: "ghostd_block_production_ms",
    help: "Time to apply, sign and write a block",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const batches = new Counter({
    name: "ghostd_batches_settled_total",
    help: "Rollup batches settled",
    registers: [registry],
  });
  new Gauge({
    name: "ghostd_mempool_size",
    help: "Transactions waiting in the mempool",
    registers: [registry],
    collect() {
      this.set(mempoolSize());
    },
  });
  return {
    height,
    observeBlock(h, n, ms, events) {
      height.set(h);
      txs.inc(n);
      blockMs.observe(ms);
      batches.inc(events.filter((e) => e.type === "batchSettled").length);
    },
  };
}
