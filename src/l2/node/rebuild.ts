/**
 * `ghostplane --rebuild-from-l1` (docs/sequencer.md §Rebuild): the whole L2 state from ghostd's posted
 * data alone, as anyone could rebuild it (docs/protocol.md §6.4): genesis, the priority queue's consumed
 * entries and every settled batch's data, replayed by the reference model (the client's
 * `rebuildSettledL2State`, which `ghost exodus` uses too), which must reach ghostd's last settled root.
 * The sequencer's database is then replaced by that state: a snapshot of the sealing engine at the last
 * settled batch, its batches recorded as settled, an empty log. Txs sequenced but never settled are gone,
 * as they are for any L1 observer.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { createEngine } from "../../bridge/index.js";
import { createGhostdClient, rebuildSettledL2State } from "../../client/index.js";
import { decodeDaRecords, GhostError, stateRoot } from "../../protocol/index.js";
import { openLevelStore } from "../../store/index.js";
import { type BatchRecord, GENESIS_HEADS } from "../core/index.js";
import { SequencerStore } from "./sequencerStore.js";

export interface RebuildOptions {
  readonly l1Url: string;
  readonly dataDir: string;
  readonly logger?: Logger;
}

export interface RebuildResult {
  readonly batchNumber: number;
  readonly root: string;
  readonly accounts: number;
  readonly priorityOps: number;
}

export async function rebuildFromL1(o: RebuildOptions): Promise<RebuildResult> {
  const l1 = createGhostdClient(o.l1Url);
  try {
    const { genesisJson, config, rollup: r, priorityOps, batches, state } = await rebuildSettledL2State(l1);
    const root = stateRoot(state);
    o.logger?.info({ batch: r.lastBatch, accounts: state.nextIndex }, "rebuilt the L2 state from L1 data");

    // The sealing engine at that state, with the counters the rebuilt batches reached.
    const accounts = Array.from({ length: state.nextIndex }, (_, i) => state.accounts.get(i)!);
    const engine = await createEngine({
      ...config,
      genesis: accounts,
      checkSignatures: false,
      checkGenesisKeys: false,
      counters: {
        batchNumber: state.batchNumber,
        priorityCount: state.priorityCount,
        priorityHash: state.priorityHash,
      },
    });
    if (engine.root() !== root)
      throw new GhostError("DA_MISMATCH", "the engine does not reproduce the rebuilt root");
    const snapshot = engine.snapshot();

    rmSync(join(o.dataDir, "db"), { recursive: true, force: true });
    const kv = await openLevelStore(join(o.dataDir, "db"));
    try {
      const store = new SequencerStore(kv);
      const now = Date.now();
      const records: BatchRecord[] = batches.map((b) => {
        const ops = decodeDaRecords(b.data, config.depth).map(({ record }) => record.type);
        return {
          batchNumber: b.batchNumber,
          feeAccount: b.feeAccount,
          opCount: ops.length,
          priorityOps: ops.filter((t) => t === "deposit" || t === "forcedExit").length,
          txHashes: [],
          closedAt: now,
          sealedAt: now,
          newRoot: b.newRoot.toString(),
          data: `0x${Buffer.from(b.data).toString("hex")}`,
          provenAt: now,
          proof: b.proof as Record<string, unknown>,
          settledAt: now,
          l1Block: b.block,
        };
      });
      const n = r.lastBatch;
      await kv.batch(
        [
          store.genesisPut(genesisJson),
          ...records.map((b) => store.batchPut(b)),
          ...store.snapshotOps(snapshot, { batchNumber: n, seq: 0 }),
          store.headsPut({ ...GENESIS_HEADS, closed: n, sealed: n, proven: n, settled: n }),
        ],
        { sync: true },
      );
    } finally {
      await kv.close();
    }
    return {
      batchNumber: r.lastBatch,
      root: root.toString(),
      accounts: state.nextIndex,
      priorityOps: priorityOps.length,
    };
  } finally {
    await l1.close();
  }
}
