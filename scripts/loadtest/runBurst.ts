/**
 * The burst: the signed calls sent by the sequencer bench's load generator (scripts/bench/sequencer/
 * load.ts), with a progress display of txs sent, accepted and refused and the current accepted rate, and
 * a record of every accepted tx: its send and answer times on this machine's clock (ms since the epoch)
 * and the (batch, position) the sequencer answered.
 */
import { type LoadCall, type LoadResult, runLoad, type SequencedAnswer } from "../bench/sequencer/load.js";
import { createProgress, type ProgressMode } from "./createProgress.js";

/** Calls in flight per connection, and calls per message at full load (the bench's full-load settings). */
const WINDOW = 64;
const CALLS_PER_MESSAGE = 16;
/** Paced (open loop): single calls, and room for a slow answer not to hold the pace back. */
const PACED_WINDOW = 256;
/** How long to wait for the answers still due after the last send. */
const DRAIN_MS = 30_000;

export interface AcceptedTx extends SequencedAnswer {
  readonly sentAt: number;
  readonly answeredAt: number;
}

export interface Burst {
  readonly load: LoadResult;
  readonly accepted: readonly AcceptedTx[];
  /** The first send, ms since the epoch. */
  readonly startedAt: number;
}

export async function runBurst(o: {
  readonly wsUrl: string;
  readonly perConnection: readonly (readonly LoadCall[])[];
  /** Txs per second in all (Infinity: as fast as the windows allow). */
  readonly rate: number;
  readonly durationMs: number;
  /** Txs planned, the progress bar's total. */
  readonly planned: number;
  readonly progress: ProgressMode;
}): Promise<Burst> {
  const wall = (t: number) => performance.timeOrigin + t;
  const accepted: AcceptedTx[] = [];
  let sent = 0;
  let refused = 0;
  let startedAt = Number.NaN;
  const bar = createProgress(o.progress, "burst", o.planned, "txs sent");
  // The accepted rate over the last second, from a sample every 250 ms.
  const samples: { t: number; accepted: number }[] = [];
  const show = () => {
    const now = performance.now();
    samples.push({ t: now, accepted: accepted.length });
    while (samples.length > 1 && now - samples[0]!.t > 1_000) samples.shift();
    const first = samples[0]!;
    const rate = now > first.t ? ((accepted.length - first.accepted) * 1000) / (now - first.t) : 0;
    bar.update(
      sent,
      `${accepted.length.toLocaleString("en-US")} accepted, ${refused.toLocaleString("en-US")} refused, ` +
        `${Math.round(rate).toLocaleString("en-US")} tx/s`,
    );
  };
  const timer = setInterval(show, 250);
  const paced = Number.isFinite(o.rate);
  try {
    const load = await runLoad({
      wsUrl: o.wsUrl,
      perConnection: o.perConnection,
      window: paced ? PACED_WINDOW : WINDOW,
      batch: paced ? 1 : CALLS_PER_MESSAGE,
      ratePerConnection: o.rate / o.perConnection.length,
      durationMs: o.durationMs,
      drainMs: DRAIN_MS,
      observer: {
        sent(txs) {
          if (Number.isNaN(startedAt)) startedAt = Date.now();
          sent += txs;
        },
        accepted(answer, sentAt, answeredAt) {
          accepted.push({ ...answer, sentAt: wall(sentAt), answeredAt: wall(answeredAt) });
        },
        refused(_why, txs) {
          refused += txs;
        },
      },
    });
    return { load, accepted, startedAt };
  } finally {
    clearInterval(timer);
    show();
    bar.stop();
  }
}
