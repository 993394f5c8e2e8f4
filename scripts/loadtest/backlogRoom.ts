/**
 * How many more L2 txs a sequencer takes before its backpressure refuses them (docs/sequencer.md
 * §Backpressure), from `l2_chainInfo`: the proving backlog (closed batches not yet proven, in estimated
 * proving time, against `maxProvingBacklogMs`) and the soft-confirmed txs waiting to be sealed (against
 * `--max-unsealed`, which the API does not report: the caller says what it is). A run sized within this
 * room is not cut short by refusals.
 */
import type { GhostplaneClient } from "../../src/client/index.js";
import { INITIAL_PROVING_MS } from "../../src/l2/core/index.js";

export type ChainInfo = Awaited<ReturnType<GhostplaneClient["l2_chainInfo"]>>;

export interface BacklogRoom {
  /** Txs that fit. */
  readonly txs: number;
  /** The cap that binds, for people. */
  readonly limit: string;
}

/** The share of the proving cap a run may fill: the estimate per batch moves as proofs come in. */
const PROVING_MARGIN = 0.9;

export function backlogRoom(info: ChainInfo, maxUnsealedTxs: number): BacklogRoom {
  const { backlog, heads, batchSize } = info;
  // The sequencer's estimate per batch (a moving average of its proofs); before any backlog, its seed.
  const perBatchMs =
    backlog.batches > 0
      ? backlog.estimatedProvingMs / backlog.batches
      : (INITIAL_PROVING_MS[info.circuit] ?? 10_000);
  const provingTxs =
    Math.floor((PROVING_MARGIN * backlog.maxProvingBacklogMs - backlog.estimatedProvingMs) / perBatchMs) *
    batchSize;
  const unsealedTxs = maxUnsealedTxs - ((heads.closed - heads.sealed) * batchSize + heads.soft.ops);
  if (provingTxs <= unsealedTxs) {
    return {
      txs: Math.max(0, provingTxs),
      limit:
        `the proving backlog cap (${Math.round(backlog.maxProvingBacklogMs / 1000)} s of estimated proving at ` +
        `${(perBatchMs / 1000).toFixed(1)} s a batch of ${batchSize}, ${backlog.batches} batches unproven now)`,
    };
  }
  return {
    txs: Math.max(0, unsealedTxs),
    limit: `--max-unsealed (${maxUnsealedTxs.toLocaleString("en-US")} soft-confirmed txs waiting to be sealed)`,
  };
}
