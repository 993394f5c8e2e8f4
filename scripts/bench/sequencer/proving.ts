/**
 * Run 2 of `npm run bench -- sequencer`: a proving backlog and nothing else. A fresh sequencer with the
 * local prover is sent enough transfers for a few batches at once; then the bench waits until the proven
 * head reaches the closed one and reads each batch's proving time (`l2_getBatch(k).proveMs`: witness and
 * proof) and stage times. The prover's busy share over the backlog is its busy time (every call into the
 * prover queue, from `ghostplane_prover_busy_share` × the time since the sequencer started) over the
 * span from the first batch sealed to the last proven.
 */
import { createGhostplaneClient } from "../../../src/client/index.js";
import { median } from "../harness.js";
import { runLoad } from "./load.js";
import { startPlane } from "./plane.js";
import { startSampler } from "./sampler.js";

export interface ProvingResult {
  readonly batches: number;
  readonly txs: number;
  /** Witness + proof per batch, ms, in batch order. */
  readonly proveMs: readonly number[];
  readonly proveMsMedian: number;
  /** First batch sealed → last batch proven, s. */
  readonly spanSeconds: number;
  readonly provenTxPerSec: number;
  /** The prover queue's busy time over the span (the gauge's measure). */
  readonly busyShare: number;
  /** Witness + proof time alone over the span (what the records say). */
  readonly recordedShare: number;
  /** Peak RSS of the sequencer's process tree (sampled), and the sum of its processes' peaks, MiB. */
  readonly treeMiB: number;
  readonly peakSumMiB: number;
  /** At the sampled peak, process by process. */
  readonly rssParts: string;
  /** CPU cores the tree used over the span. */
  readonly cores: number;
}

export async function runProving(o: {
  readonly l1WsUrl: string;
  /** One tx per account (nonce 0), batchSize × batches of them. */
  readonly txs: readonly string[];
  readonly batchSize: number;
  readonly nodeArgs: readonly string[];
  readonly nodeOptions: string | undefined;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}): Promise<ProvingResult> {
  const plane = await startPlane({
    l1WsUrl: o.l1WsUrl,
    prover: "wasm",
    maxProvingBacklogMs: 3_600_000,
    nodeArgs: o.nodeArgs,
    nodeOptions: o.nodeOptions,
  });
  const sampler = await startSampler(plane, 250);
  const client = createGhostplaneClient(plane.wsUrl, { reconnect: false });
  try {
    const cpu0 = plane.cpuSeconds();
    const t0 = performance.now();
    const load = await runLoad({
      wsUrl: plane.wsUrl,
      perConnection: [o.txs],
      window: o.txs.length,
      batch: Math.min(o.txs.length, 100),
      ratePerConnection: Number.POSITIVE_INFINITY,
      durationMs: 30_000,
      drainMs: 30_000,
    });
    if (load.answered !== o.txs.length) {
      throw new Error(
        `run 2: ${load.answered} of ${o.txs.length} answered: ${JSON.stringify([...load.refused])}`,
      );
    }
    const batches = Math.ceil(o.txs.length / o.batchSize);
    const done = await sampler.until((s) => s.closed >= batches && s.proven >= s.closed, o.timeoutMs);
    if (done === undefined) {
      const last = sampler.samples.at(-1);
      throw new Error(
        `run 2: the proven head did not reach the closed one in ${o.timeoutMs / 1000} s (${JSON.stringify(last)}; ${plane.exited() ?? "running"})`,
      );
    }
    const cores = (plane.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000);
    const share = await plane.metric("ghostplane_prover_busy_share");
    const busyMs = share * (Date.now() - plane.startedAt);
    const records: NonNullable<Awaited<ReturnType<typeof client.l2_getBatch>>>[] = [];
    for (let k = 1; k <= done.closed; k++) {
      const b = await client.l2_getBatch({ batchNumber: k });
      if (b === null) throw new Error(`run 2: batch ${k} is unknown`);
      records.push(b);
    }
    const at = (b: (typeof records)[number], status: string) =>
      b.events.find((e) => e.status === status)?.at ?? Number.NaN;
    const spanMs = at(records.at(-1)!, "proven") - at(records[0]!, "sealed");
    const proveMs = records.map((b) => b.proveMs ?? Number.NaN);
    const txs = records.reduce((s, b) => s + b.txHashes.length, 0);
    const mem = plane.memory();
    const peak = sampler.peak();
    return {
      batches: records.length,
      txs,
      proveMs,
      proveMsMedian: median(proveMs),
      spanSeconds: spanMs / 1000,
      provenTxPerSec: txs / (spanMs / 1000),
      busyShare: busyMs / spanMs,
      recordedShare: proveMs.reduce((s, x) => s + x, 0) / spanMs,
      treeMiB: Math.max(mem.treeMiB, peak?.treeMiB ?? 0),
      peakSumMiB: mem.peakSumMiB,
      rssParts: peak?.parts ?? mem.parts,
      cores,
    };
  } finally {
    await client.close();
    await sampler.stop();
    const why = plane.exited();
    if (why !== undefined) o.log(`run 2: the sequencer ${why}`);
    await plane.stop();
  }
}
