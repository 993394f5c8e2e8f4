/**
 * ghostd's prom-client metrics (GET /metrics): height, transactions, mempool size, block production time,
 * signature and proof verification latency, settled batches.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { L1Event } from "../chain/index.js";

export interface GhostdMetrics {
  readonly height: Gauge;
  /** A batch of admission signatures verified in the pool (ms for the batch, its size). */
  observeSignatureBatch(ms: number, n: number): void;
  /** A CommitBatch's Groth16 proof verified. */
  observeProofVerify(ms: number): void;
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
  const signatureMs = new Histogram({
    name: "ghostd_signature_verify_ms",
    help: "Time to verify one batch of admitted transactions' ML-DSA-65 signatures in the pool",
    buckets: [0.5, 1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  const signatures = new Counter({
    name: "ghostd_signatures_verified_total",
    help: "ML-DSA-65 signatures verified on admission",
    registers: [registry],
  });
  const proofMs = new Histogram({
    name: "ghostd_proof_verify_ms",
    help: "Time to verify a CommitBatch's Groth16 proof",
    buckets: [5, 10, 20, 50, 100, 200, 500],
    registers: [registry],
  });
  return {
    height,
    observeSignatureBatch(ms, n) {
      signatureMs.observe(ms);
      signatures.inc(n);
    },
    observeProofVerify: (ms) => proofMs.observe(ms),
    observeBlock(h, n, ms, events) {
      height.set(h);
      txs.inc(n);
      blockMs.observe(ms);
      batches.inc(events.filter((e) => e.type === "batchSettled").length);
    },
  };
}
