/**
 * Backpressure (docs/sequencer.md §Backpressure): a zk-rollup's sustained throughput is its proving
 * throughput, so soft confirmation may run ahead of proving only by a bounded amount of work. The
 * backlog is measured in estimated proving time: unproven batches times the recent proving time per
 * batch (an exponential moving average seeded per circuit; with several provers side by side, the
 * interval between their proofs), and L2 txs are refused beyond the cap.
 */

export class ProvingEstimate {
  private ms: number;

  /** `initialMs`: the estimate before the first proof of this run. */
  constructor(
    initialMs: number,
    private readonly weight = 0.3,
  ) {
    this.ms = initialMs;
  }

  get perBatchMs(): number {
    return this.ms;
  }

  observe(proveMs: number): void {
    if (Number.isFinite(proveMs) && proveMs > 0)
      this.ms = this.weight * proveMs + (1 - this.weight) * this.ms;
  }

  backlogMs(unprovenBatches: number): number {
    return unprovenBatches * this.ms;
  }
}

/** Proving time per batch assumed before the first proof (measured on 2 cores: docs/prover.md). */
export const INITIAL_PROVING_MS: Readonly<Record<string, number>> = { test: 1_000, devnet: 3_000 };
