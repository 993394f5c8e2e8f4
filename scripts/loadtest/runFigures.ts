/**
 * The figures of a load test run, from what was measured: the burst's counts and soft rate, the settled
 * rate over the whole run, stage latencies, proving time per batch, constraints and bytes per tx, the
 * backlog left, and the invariants. This record is the JSON line `npm run loadtest` prints (docs/loadtest.md
 * lists its fields).
 */
import { daRecordSize } from "../../src/protocol/index.js";
import { median } from "../bench/harness.js";
import type { LatencySummary } from "./latencyHistogram.js";
import type { BatchTimes } from "./readBatches.js";
import type { AcceptedTx, Burst } from "./runBurst.js";
import type { SignedCalls } from "./signedCalls.js";
import { type Stage, stageLatencies } from "./stageLatencies.js";

export interface RunFigures {
  readonly submitted: number;
  readonly accepted: number;
  /** Refused txs by GhostChain code. */
  readonly rejected: Record<string, number>;
  /** Calls with no answer within the drain time (txs in them count as neither accepted nor rejected). */
  readonly unanswered: number;
  /** First send → last answer, s. */
  readonly burstSeconds: number;
  readonly softTxPerSec: number;
  /** The run's accepted txs whose batch settled on L1 by the end of the settle wait. */
  readonly settledTxs: number;
  /** First send → end of the settle wait, s. */
  readonly runSeconds: number;
  readonly settledTxPerSec: number;
  readonly latencyMs: Record<Stage, LatencySummary | null>;
  readonly answerLagMs: number;
  /** Median proving time (witness + proof) of the run's proven batches; null if none was proven. */
  readonly provingMsPerBatch: number | null;
  readonly provenBatches: number;
  readonly constraints: number;
  readonly constraintsPerTx: number;
  readonly bytesPerTx: number;
  /** "settled batches": measured; "DA record sizes": none settled, the planned mix's record sizes. */
  readonly bytesPerTxFrom: "settled batches" | "DA record sizes";
  /** The run's batches: first and last, and the sequencer's heads at the end of the settle wait. */
  readonly batches: {
    readonly first: number | null;
    readonly last: number | null;
    readonly sealedHead: number;
    readonly provenHead: number;
    readonly settledHead: number;
  };
  /** Closed batches not yet proven at the end, and their estimated proving time. */
  readonly backlog: number;
  readonly backlogProvingMs: number;
  readonly invariants: Record<string, boolean>;
  /** What each failed invariant found (empty when all hold). */
  readonly problems: readonly string[];
}

/** The first and last batch the accepted txs fell in; undefined if none was accepted. */
export function batchRange(accepted: readonly AcceptedTx[]): { first: number; last: number } | undefined {
  if (accepted.length === 0) return undefined;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const tx of accepted) {
    first = Math.min(first, tx.batchNumber);
    last = Math.max(last, tx.batchNumber);
  }
  return { first, last };
}

export function runFigures(o: {
  readonly burst: Burst;
  readonly batches: ReadonlyMap<number, BatchTimes>;
  readonly answerLag: { readonly lagMs: number; readonly problems: readonly string[] };
  /** What comparing the settled batches with L1 found; undefined when ghostd's URL is not known. */
  readonly l1Problems: readonly string[] | undefined;
  readonly heads: { readonly sealed: number; readonly proven: number; readonly settled: number };
  readonly backlog: { readonly batches: number; readonly estimatedProvingMs: number };
  readonly settleEndedAt: number;
  readonly batchSize: number;
  readonly depth: number;
  readonly constraints: number;
  readonly planned: SignedCalls["planned"];
}): RunFigures {
  const { load, accepted } = o.burst;
  const rejected = Object.fromEntries([...load.refused].sort((a, b) => b[1] - a[1]));
  const rejectedTotal = [...load.refused.values()].reduce((s, n) => s + n, 0);
  const range = batchRange(accepted);
  const settledTxs = accepted.filter((tx) => tx.batchNumber <= o.heads.settled).length;
  const runSeconds = (o.settleEndedAt - o.burst.startedAt) / 1000;
  const runBatches = [...o.batches.values()];
  const proven = runBatches.filter((b) => b.proveMs !== undefined);
  const settled = runBatches.filter((b) => b.batchNumber <= o.heads.settled && b.dataBytes !== undefined);
  const records = settled.reduce((s, b) => s + b.records, 0);
  const transferBytes = daRecordSize("transfer", o.depth).bytes;
  const withdrawBytes = daRecordSize("withdraw", o.depth).bytes;
  const plannedTxs = o.planned.transfer + o.planned.batched + o.planned.withdraw;
  const bytesPerTx =
    records > 0
      ? settled.reduce((s, b) => s + b.dataBytes!, 0) / records
      : ((o.planned.transfer + o.planned.batched) * transferBytes + o.planned.withdraw * withdrawBytes) /
        Math.max(1, plannedTxs);

  const problems: string[] = [];
  const invariants: Record<string, boolean> = {};
  const check = (name: string, found: readonly string[]) => {
    invariants[name] = found.length === 0;
    problems.push(...found.map((p) => `${name}: ${p}`));
  };
  check(
    "acceptedPlusRejectedIsSubmitted",
    load.answered + rejectedTotal === load.sent
      ? []
      : [
          `${load.answered} accepted + ${rejectedTotal} rejected ≠ ${load.sent} submitted` +
            (load.unanswered > 0 ? ` (${load.unanswered} calls never answered)` : ""),
        ],
  );
  check(
    "distinctBatchPositions",
    load.wrong === 0
      ? []
      : [`${load.wrong} answers repeat an earlier (batch, position) or are not "sequenced"`],
  );
  check("recordsMatchAnswers", o.answerLag.problems);
  if (o.l1Problems !== undefined) check("settledDataOnL1", o.l1Problems);

  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    submitted: load.sent,
    accepted: load.answered,
    rejected,
    unanswered: load.unanswered,
    burstSeconds: round(load.seconds, 2),
    softTxPerSec: load.answered === 0 ? 0 : round(load.txPerSec, 1),
    settledTxs,
    runSeconds: round(runSeconds, 2),
    settledTxPerSec: round(settledTxs / runSeconds, 3),
    latencyMs: stageLatencies(accepted, o.batches, o.answerLag.lagMs),
    answerLagMs: Math.round(o.answerLag.lagMs * 100) / 100,
    provingMsPerBatch: proven.length === 0 ? null : Math.round(median(proven.map((b) => b.proveMs!))),
    provenBatches: proven.length,
    constraints: o.constraints,
    constraintsPerTx: round(o.constraints / o.batchSize, 1),
    bytesPerTx: round(bytesPerTx, 2),
    bytesPerTxFrom: records > 0 ? "settled batches" : "DA record sizes",
    batches: {
      first: range?.first ?? null,
      last: range?.last ?? null,
      sealedHead: o.heads.sealed,
      provenHead: o.heads.proven,
      settledHead: o.heads.settled,
    },
    backlog: o.backlog.batches,
    backlogProvingMs: o.backlog.estimatedProvingMs,
    invariants,
    problems,
  };
}
