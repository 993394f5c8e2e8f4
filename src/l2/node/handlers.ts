/**
 * GhostPlane's RPC handlers: each reads the one part of the node it needs (the soft engine, the sealing
 * thread, the store, the pipeline's heads) and answers in the wire form of src/l2/api. Writes go only
 * through the sequencer (`l2_sendTransaction`, `l2_sendTransactions`).
 */
import { toWire } from "../../l1/api/index.js";
import {
  type Account,
  decodeDaRecords,
  GhostError,
  type L2Tx,
  type Op,
  opFromJson,
} from "../../protocol/index.js";
import type { Handlers, ResultOf } from "../../rpc/index.js";
import type { ghostplaneMethods } from "../api/index.js";
import { type BatchRecord, batchStage } from "../core/index.js";
import type { Sealer } from "./sealer.js";
import type { Sequencer } from "./sequencer.js";
import type { SequencerStore } from "./sequencerStore.js";
import type { TxHistory } from "./txHistory.js";

type Methods = typeof ghostplaneMethods;

export interface HandlerModules {
  readonly sequencer: Sequencer;
  readonly account: (index: number) => Account | undefined;
  readonly sealer: Sealer;
  readonly store: SequencerStore;
  readonly history: TxHistory;
  readonly depth: number;
  readonly verificationKey: ResultOf<Methods["l2_verificationKey"]>;
  readonly chainInfo: () => ResultOf<Methods["l2_chainInfo"]>;
}

/** An L2 tx from its canonical JSON; deposits and forced exits are L1's to send (TX_MALFORMED here). */
export function l2TxFromJson(json: unknown, index?: number): L2Tx {
  const at = index === undefined ? "" : `tx ${index}: `;
  const withIndex = (e: GhostError) =>
    index === undefined
      ? e
      : new GhostError(e.code, `${at}${e.message}`, { details: { ...e.details, index } });
  let op: Op;
  try {
    op = opFromJson(json);
  } catch (e) {
    throw e instanceof GhostError ? withIndex(e) : e;
  }
  if (op.type !== "transfer" && op.type !== "withdraw") {
    throw withIndex(
      new GhostError(
        "TX_MALFORMED",
        `a ${op.type} is not an L2 tx: deposits and forced exits are sent to ghostd`,
      ),
    );
  }
  return op;
}

function accountWire(a: Account) {
  return toWire({ ax: a.ax, ay: a.ay, l1Address: a.l1Address, nonce: a.nonce, balances: a.balances }) as {
    ax: string;
    ay: string;
    l1Address: string;
    nonce: number;
    balances: string[];
  };
}

/** A batch record's stages as events, oldest first. */
export function batchEvents(b: BatchRecord) {
  const events: {
    batchNumber: number;
    status: "closed" | "sealed" | "proven" | "settled";
    at: number;
    newRoot?: string;
    l1Block?: number;
  }[] = [{ batchNumber: b.batchNumber, status: "closed", at: b.closedAt }];
  if (b.sealedAt !== undefined)
    events.push({ batchNumber: b.batchNumber, status: "sealed", at: b.sealedAt, newRoot: b.newRoot! });
  if (b.provenAt !== undefined) events.push({ batchNumber: b.batchNumber, status: "proven", at: b.provenAt });
  if (b.settledAt !== undefined)
    events.push({
      batchNumber: b.batchNumber,
      status: "settled",
      at: b.settledAt,
      ...(b.l1Block === undefined ? {} : { l1Block: b.l1Block }),
    });
  return events;
}

export function ghostplaneHandlers(m: HandlerModules): Handlers<Methods> {
  return {
    l2_sendTransaction: ({ tx }) => m.sequencer.submit(l2TxFromJson(tx)),
    l2_sendTransactions: ({ txs }) => m.sequencer.submitGroup(txs.map((t, i) => l2TxFromJson(t, i))),
    l2_getAccount: async ({ index }) => {
      const soft = m.account(index);
      if (soft === undefined) return null;
      // The sealing process answers from the last sealed tree (an index it has not created yet proves an empty leaf).
      const depthOk = index < 2 ** m.depth;
      if (!depthOk) throw new GhostError("RPC_INVALID_PARAMS", `index ${index} is outside the tree`);
      const sealed = await m.sealer.request({ kind: "account", index });
      return {
        index,
        account: accountWire(soft),
        sealed: {
          batchNumber: sealed.batchNumber,
          root: sealed.root.toString(),
          account: sealed.account === null ? null : accountWire(sealed.account),
          leaf: sealed.leaf.toString(),
          siblings: sealed.siblings.map(String),
        },
      };
    },
    l2_getTransaction: ({ txHash }) => m.history.transaction(txHash),
    l2_getBatch: async ({ batchNumber }) => {
      const b = await m.store.batch(batchNumber);
      if (b === undefined) return null;
      const data = b.data === undefined ? undefined : Uint8Array.from(Buffer.from(b.data.slice(2), "hex"));
      const records =
        data === undefined ? [] : decodeDaRecords(data, m.depth).map(({ record }) => toWire(record));
      return {
        batchNumber,
        status: batchStage(b),
        feeAccount: b.feeAccount,
        opCount: b.opCount,
        priorityOps: b.priorityOps,
        txHashes: [...b.txHashes],
        records: records as { type: string }[],
        ...(b.oldRoot === undefined
          ? {}
          : {
              oldRoot: b.oldRoot,
              newRoot: b.newRoot!,
              dataHash: b.dataHash!,
              publicInputHash: b.publicInputHash!,
              data: b.data!,
            }),
        ...(b.proof === undefined
          ? {}
          : {
              proof: b.proof as { pi_a: string[]; pi_b: string[][]; pi_c: string[] },
              publicSignals: [...b.publicSignals!],
              proveMs: b.proveMs!,
            }),
        ...(b.l1Block === undefined ? {} : { l1Block: b.l1Block }),
        ...(b.commitTxHash === undefined ? {} : { commitTxHash: b.commitTxHash }),
        events: batchEvents(b),
      };
    },
    l2_verificationKey: () => m.verificationKey,
    l2_chainInfo: () => m.chainInfo(),
  };
}
