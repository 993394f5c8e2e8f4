/**
 * GhostPlane's prom-client metrics (GET /metrics): txs sequenced and rejected (by code), the time each
 * stage takes (received → sequenced, closed → sealed, sealed → proven, proven → settled), the mempool,
 * the unproven backlog and the prover's busy share, and the heads.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface GhostplaneGauges {
  readonly waiting: () => number;
  readonly intake: () => number;
  readonly backlogBatches: () => number;
  readonly backlogMs: () => number;
  readonly proverBusyShare: () => number;
  readonly heads: () => { soft: number; closed: number; sealed: number; proven: number; settled: number };
}

export interface GhostplaneMetrics {
  sequenced(n: number, latenciesMs: readonly number[]): void;
  rejected(code: string): void;
  stage(stage: "sealed" | "proven" | "settled", ms: number): void;
}

const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const STAGE_BUCKETS = [10, 50, 100, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000];

export function createGhostplaneMetrics(registry: Registry, g: GhostplaneGauges): GhostplaneMetrics {
  const registers = [registry];
  const sequenced = new Counter({
    name: "ghostplane_txs_sequenced_total",
    help: "L2 txs soft-confirmed and on disk (rate: tx/s)",
    registers,
  });
  const rejected = new Counter({
    name: "ghostplane_txs_rejected_total",
    help: "L2 txs refused, by GhostChain code",
    labelNames: ["code"],
    registers,
  });
  const acknowledge = new Histogram({
    name: "ghostplane_sequence_latency_ms",
    help: "From a tx's arrival to its answer (soft-confirmed and on disk)",
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const stages = new Histogram({
    name: "ghostplane_stage_ms",
    help: "Time a batch spent reaching each stage from the previous one",
    labelNames: ["stage"],
    buckets: STAGE_BUCKETS,
    registers,
  });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge("ghostplane_mempool_waiting", "Txs waiting for an earlier nonce", g.waiting);
  gauge("ghostplane_mempool_intake", "Txs queued for the next soft-confirmation round", g.intake);
  gauge("ghostplane_backlog_batches", "Closed batches not yet proven", g.backlogBatches);
  gauge("ghostplane_backlog_estimated_ms", "Estimated proving time of the unproven backlog", g.backlogMs);
  gauge(
    "ghostplane_prover_busy_share",
    "Share of wall time the prover spent proving since start",
    g.proverBusyShare,
  );
  new Gauge({
    name: "ghostplane_head",
    help: "The last batch at each stage (soft: the open batch)",
    labelNames: ["stage"],
    registers,
    collect() {
      for (const [stage, n] of Object.entries(g.heads())) this.set({ stage }, n);
    },
  });
  return {
    sequenced(n, latencies) {
      sequenced.inc(n);
      for (const ms of latencies) acknowledge.observe(ms);
    },
    rejected: (code) => rejected.inc({ code }),
    stage: (stage, ms) => stages.observe({ stage }, ms),
  };
}
