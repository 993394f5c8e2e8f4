/**
 * How this machine's times of the answers map onto the sequencer's clock: for a sample of accepted txs,
 * `l2_getTransaction` gives the time the sequencer recorded each as sequenced, and the median of (answer
 * received here − sequenced there) is the lag: the answer's delay (the log's sync, the socket) plus any
 * difference between the two clocks. A tx's sequenced time on the sequencer's clock is then its answer's
 * time minus the lag, so the later stages never subtract one clock from the other. The sample is also
 * checked: the sequencer's record must give the (batch, position) it answered.
 */
import type { GhostplaneClient } from "../../src/client/index.js";
import { median } from "../bench/harness.js";
import type { AcceptedTx } from "./runBurst.js";

const SAMPLE = 64;

export interface AnswerLag {
  readonly lagMs: number;
  /** Sampled txs whose record disagrees with their answer (none expected). */
  readonly problems: readonly string[];
}

export async function answerLag(
  client: GhostplaneClient,
  accepted: readonly AcceptedTx[],
): Promise<AnswerLag> {
  if (accepted.length === 0) return { lagMs: 0, problems: [] };
  const step = Math.max(1, Math.floor(accepted.length / SAMPLE));
  const sample = accepted.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const problems: string[] = [];
  const lags: number[] = [];
  const records = await Promise.all(sample.map((tx) => client.l2_getTransaction({ txHash: tx.txHash })));
  sample.forEach((tx, i) => {
    const record = records[i];
    const sequenced = record?.events.find((e) => e.status === "sequenced");
    if (record == null || sequenced === undefined) {
      problems.push(`${tx.txHash}: accepted, but the sequencer has no record of it`);
      return;
    }
    if (record.batchNumber !== tx.batchNumber || record.position !== tx.position) {
      problems.push(
        `${tx.txHash}: answered (${tx.batchNumber}, ${tx.position}), recorded (${record.batchNumber}, ${record.position})`,
      );
    }
    lags.push(tx.answeredAt - sequenced.at);
  });
  return { lagMs: lags.length === 0 ? 0 : median(lags), problems };
}
