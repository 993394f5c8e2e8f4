/**
 * After the burst: wait up to `seconds` for the batches the run's txs fell in to be proven and settled on
 * L1, polling `l2_chainInfo` twice a second, with a progress display of those batches settled and the
 * sequencer's backlog. Batches settle in order, so the settled head says how many of them have.
 */
import type { GhostplaneClient } from "../../src/client/index.js";
import type { ChainInfo } from "./backlogRoom.js";
import { createProgress, type ProgressMode } from "./createProgress.js";

const POLL_MS = 500;

export interface SettleWait {
  /** The last `l2_chainInfo` read, at the end of the wait. */
  readonly info: ChainInfo;
  /** The end of the wait, ms since the epoch. */
  readonly endedAt: number;
}

export async function settleWait(
  client: GhostplaneClient,
  o: {
    /** The run's batches (none if no tx was accepted). */
    readonly batches: { readonly first: number; readonly last: number } | undefined;
    readonly seconds: number;
    readonly progress: ProgressMode;
  },
): Promise<SettleWait> {
  const until = performance.now() + o.seconds * 1000;
  const total = o.batches === undefined ? 0 : o.batches.last - o.batches.first + 1;
  const bar = createProgress(o.seconds > 0 ? o.progress : "off", "settle", total, "batches settled");
  try {
    for (;;) {
      const info = await client.l2_chainInfo({});
      const { heads, backlog } = info;
      const settled =
        o.batches === undefined ? 0 : Math.min(total, Math.max(0, heads.settled - o.batches.first + 1));
      bar.update(
        settled,
        `backlog ${backlog.batches.toLocaleString("en-US")} batches unproven, ` +
          `heads: sealed ${heads.sealed.toLocaleString("en-US")}, proven ${heads.proven.toLocaleString("en-US")}`,
      );
      if (settled === total || performance.now() >= until) return { info, endedAt: Date.now() };
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, until - performance.now()))));
    }
  } finally {
    bar.stop();
  }
}
