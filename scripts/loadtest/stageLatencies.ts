/**
 * Each accepted tx's latency per stage, in HDR histograms: soft confirmation (send → answer, this
 * machine's clock), then from the stage times the sequencer recorded for the tx's batch: sequenced →
 * sealed, sealed → proven, proven → settled, and send → settled end to end. The tx's sequenced time is its
 * answer's time less the answer lag (answerLag.ts); end to end is its soft latency plus sequenced →
 * settled, so no figure subtracts one machine's clock from another's. A tx counts in the stages its batch
 * reached by the time the batches were read.
 */

import { LatencyHistogram, type LatencySummary } from "./latencyHistogram.js";
import type { BatchTimes } from "./readBatches.js";
import type { AcceptedTx } from "./runBurst.js";

export const STAGES = ["soft", "sealed", "proven", "settled", "endToEnd"] as const;
export type Stage = (typeof STAGES)[number];

export function stageLatencies(
  accepted: readonly AcceptedTx[],
  batches: ReadonlyMap<number, BatchTimes>,
  lagMs: number,
): Record<Stage, LatencySummary | null> {
  const h = Object.fromEntries(STAGES.map((s) => [s, new LatencyHistogram()])) as Record<
    Stage,
    LatencyHistogram
  >;
  for (const tx of accepted) {
    const soft = tx.answeredAt - tx.sentAt;
    h.soft.record(soft);
    const b = batches.get(tx.batchNumber);
    if (b?.sealedAt === undefined) continue;
    const sequencedAt = tx.answeredAt - lagMs;
    h.sealed.record(b.sealedAt - sequencedAt);
    if (b.provenAt === undefined) continue;
    h.proven.record(b.provenAt - b.sealedAt);
    if (b.settledAt === undefined) continue;
    h.settled.record(b.settledAt - b.provenAt);
    h.endToEnd.record(soft + (b.settledAt - sequencedAt));
  }
  return Object.fromEntries(STAGES.map((s) => [s, h[s].summary()])) as Record<Stage, LatencySummary | null>;
}
