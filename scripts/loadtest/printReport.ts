/**
 * The load test's table for people (the harness's printTable), from the run's figures: counts, the two
 * rates side by side (soft confirmation, and settlement on L1 with the backlog left), latency per stage,
 * and the per-tx costs of proving and data, then the invariants.
 */
import { printTable } from "../bench/harness.js";
import type { LatencySummary } from "./latencyHistogram.js";
import type { RunFigures } from "./runFigures.js";
import type { Stage } from "./stageLatencies.js";

const STAGE_LABELS: Record<Stage, string> = {
  soft: "soft confirmation (send → answer)",
  sealed: "sequenced → sealed",
  proven: "sealed → proven",
  settled: "proven → settled",
  endToEnd: "send → settled (end to end)",
};

const n = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** ms below 10 s, else s or h, to three significant digits or so. */
function duration(ms: number): string {
  if (ms < 10_000) return `${n(ms, ms < 100 ? 1 : 0)} ms`;
  if (ms < 3_600_000) return `${n(ms / 1000, 1)} s`;
  return `${n(ms / 3_600_000, 2)} h`;
}

function latency(s: LatencySummary | null): string {
  if (s === null) return "no tx reached it";
  return `${duration(s.p50)} / ${duration(s.p99)} / ${duration(s.max)}   (${n(s.count)} txs)`;
}

export function printReport(title: string, f: RunFigures): void {
  const rejectedTotal = Object.values(f.rejected).reduce((a, b) => a + b, 0);
  const rejected = Object.entries(f.rejected)
    .map(([code, count]) => `${code} ${n(count)}`)
    .join(", ");
  const rows: { figure: string; value: string }[] = [
    {
      figure: "submitted / accepted / rejected",
      value: `${n(f.submitted)} / ${n(f.accepted)} / ${n(rejectedTotal)}${rejected === "" ? "" : ` (${rejected})`}${f.unanswered > 0 ? `, ${n(f.unanswered)} calls unanswered` : ""}`,
    },
    { figure: `soft-confirmed tx/s (burst of ${n(f.burstSeconds, 1)} s)`, value: n(f.softTxPerSec) },
    {
      figure: `settled tx/s (settled on L1 over the run's ${n(f.runSeconds, 1)} s)`,
      value:
        `${n(f.settledTxPerSec, 2)}   (${n(f.settledTxs)} txs; backlog left: ${n(f.backlog)} batches, ` +
        `≈ ${duration(f.backlogProvingMs)} of proving)`,
    },
    ...Object.entries(STAGE_LABELS).map(([stage, label]) => ({
      figure: `latency p50 / p99 / max: ${label}`,
      value: latency(f.latencyMs[stage as Stage]),
    })),
    {
      figure: "proving per batch (witness + proof, median)",
      value:
        f.provingMsPerBatch === null
          ? "no batch proven"
          : `${duration(f.provingMsPerBatch)}   (${n(f.provenBatches)} batches)`,
    },
    {
      figure: "constraints per tx",
      value: `${n(f.constraintsPerTx)}   (${n(f.constraints)} constraints / ${n(f.constraints / f.constraintsPerTx)} txs a batch)`,
    },
    { figure: "bytes posted on L1 per tx", value: `${n(f.bytesPerTx, 2)}   (${f.bytesPerTxFrom})` },
    {
      figure: "invariants",
      value: Object.values(f.invariants).every(Boolean)
        ? `all ${Object.keys(f.invariants).length} hold`
        : `FAILED: ${Object.entries(f.invariants)
            .filter(([, ok]) => !ok)
            .map(([name]) => name)
            .join(", ")}`,
    },
  ];
  printTable(title, rows);
  for (const p of f.problems.slice(0, 20)) console.log(`  ${p}`);
}
