/**
 * The L2 state as L1 settled it, rebuilt from ghostd's posted data alone (docs/protocol.md §6.4): genesis,
 * the priority queue's consumed entries and every settled batch's data, replayed by the reference model
 * (`rebuildFromData`), which must reach ghostd's last settled root. `ghostplane --rebuild-from-l1` and
 * `ghost exodus` both start here, so an L1 observer and the sequencer rebuild the same way.
 */
import { fromHex } from "../l1/encoding/index.js";
import { type Genesis, genesisFromJson } from "../l1/genesis/index.js";
import {
  type ChainConfig,
  createGenesis,
  GhostError,
  initProtocol,
  opFromJson,
  type PriorityOp,
  type PublishedBatch,
  rebuildFromData,
  type State,
  stateRoot,
} from "../protocol/index.js";
import { fetchPriorityEntries } from "./fetchPriorityEntries.js";
import type { GhostdClient } from "./ghostd.js";

export type RollupStateWire = Awaited<ReturnType<GhostdClient["l1_rollupState"]>>;

/** A settled batch as the model replays it, with the L1 block that settled it and its proof. */
export interface SettledBatch extends PublishedBatch {
  readonly block: number;
  readonly proof: Record<string, unknown>;
}

export interface SettledL2State {
  /** The genesis JSON as ghostd serves it, and parsed. */
  readonly genesisJson: unknown;
  readonly genesis: Genesis;
  readonly config: ChainConfig;
  /** ghostd's rollup state when the rebuild started: the rebuild stops at its `lastBatch`. */
  readonly rollup: RollupStateWire;
  /** The priority ops the settled batches consumed (`rollup.consumed` of them), in queue order. */
  readonly priorityOps: readonly PriorityOp[];
  /** Batches 1 … `rollup.lastBatch`. */
  readonly batches: readonly SettledBatch[];
  /** The model state after the last settled batch: its root is `rollup.lastRoot`. */
  readonly state: State;
}

/** Throws DA_MALFORMED or DA_MISMATCH if ghostd's data does not replay to its own last settled root. */
export async function rebuildSettledL2State(l1: GhostdClient): Promise<SettledL2State> {
  await initProtocol();
  const genesisJson = await l1.l1_genesis();
  const genesis = genesisFromJson(genesisJson);
  const { rollup } = genesis;
  const config: ChainConfig = { chainId: rollup.chainId, depth: rollup.depth, batchSize: rollup.batchSize };
  // One read of the rollup: lastBatch, lastRoot and consumed change together when a batch settles.
  const r = await l1.l1_rollupState();
  const entries = await fetchPriorityEntries(l1, r.consumed);
  const priorityOps = entries.map((e) => opFromJson(e.op) as PriorityOp);
  const batches: SettledBatch[] = [];
  for (let k = 1; k <= r.lastBatch; k++) {
    const b = await l1.l1_getBatch({ batchNumber: k });
    if (b === null)
      throw new GhostError("DA_MISMATCH", `ghostd has no batch ${k} though its last is ${r.lastBatch}`);
    batches.push({
      batchNumber: k,
      feeAccount: b.feeAccount,
      newRoot: BigInt(b.newRoot),
      data: fromHex(b.data.slice(2)),
      block: b.block,
      proof: b.proof,
    });
  }
  const state = rebuildFromData(createGenesis(config, rollup.accounts), priorityOps, batches);
  const root = stateRoot(state);
  if (root !== BigInt(r.lastRoot)) {
    throw new GhostError(
      "DA_MISMATCH",
      `the rebuilt root ${root} is not ghostd's last settled root ${r.lastRoot}`,
    );
  }
  return { genesisJson, genesis, config, rollup: r, priorityOps, batches, state };
}
