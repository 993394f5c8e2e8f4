/**
 * The stage times of the batches a run's txs fell in, as the sequencer recorded them (`l2_getBatch`:
 * closed, sealed, proven and settled times, proving time, published data), read once after the run:
 * every tx of a batch shares its batch's sealed, proven and settled times, so one call per batch serves
 * them all. Settled batches are then read back from ghostd (`l1_getBatch`) when its URL is known: the
 * data posted on L1 must be the data the sequencer reports.
 */
import type { GhostdClient, GhostplaneClient } from "../../src/client/index.js";

export interface BatchTimes {
  readonly batchNumber: number;
  readonly sealedAt: number | undefined;
  readonly provenAt: number | undefined;
  readonly settledAt: number | undefined;
  readonly proveMs: number | undefined;
  /** Bytes of its published data (once sealed). */
  readonly dataBytes: number | undefined;
  readonly data: string | undefined;
  /** Its ops with a data record: L2 txs and priority ops (Noop padding has none). */
  readonly records: number;
}

/** Calls in flight at once on the one connection. */
const CONCURRENCY = 32;

async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function readBatches(
  client: GhostplaneClient,
  batchNumbers: readonly number[],
): Promise<Map<number, BatchTimes>> {
  const read = await mapLimit(batchNumbers, CONCURRENCY, async (batchNumber): Promise<BatchTimes> => {
    const b = await client.l2_getBatch({ batchNumber });
    if (b === null)
      throw new Error(`the sequencer does not know batch ${batchNumber}, which it answered with`);
    const at = (status: string) => b.events.find((e) => e.status === status)?.at;
    return {
      batchNumber,
      sealedAt: at("sealed"),
      provenAt: at("proven"),
      settledAt: at("settled"),
      proveMs: b.proveMs,
      dataBytes: b.data === undefined ? undefined : (b.data.length - 2) / 2,
      data: b.data,
      records: b.records.length,
    };
  });
  return new Map(read.map((b) => [b.batchNumber, b]));
}

/** The settled batches whose data on L1 differs from the sequencer's, or that L1 does not have. */
export async function compareWithL1(l1: GhostdClient, settled: readonly BatchTimes[]): Promise<string[]> {
  const problems = await mapLimit(settled, CONCURRENCY, async (b) => {
    const onL1 = await l1.l1_getBatch({ batchNumber: b.batchNumber });
    if (onL1 === null)
      return `batch ${b.batchNumber} is settled by the sequencer's account but unknown to ghostd`;
    if (onL1.data !== b.data) return `batch ${b.batchNumber}: the data on L1 differs from the sequencer's`;
    return undefined;
  });
  return problems.filter((p) => p !== undefined);
}
