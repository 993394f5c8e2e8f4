/**
 * ghostd's RPC handlers: each reads the one part of the node it needs (the in-memory state, the head, the
 * block store, the mempool) and answers in the wire form of src/l1/api. Writes go only through the
 * mempool (`l1_sendTransaction`) and block production (`l1_mine`).
 */
import { GhostError, opToJson } from "../../protocol/index.js";
import type { Handlers } from "../../rpc/index.js";
import { type ghostdMethods, toWire } from "../api/index.js";
import type { ChainParams } from "../chain/index.js";
import type { ChainState } from "../state/index.js";
import { txFromJson, txToJson } from "../tx/index.js";
import { blockWire } from "./blockWire.js";
import type { ChainStore, StoredBlock } from "./chainStore.js";
import type { Mempool } from "./mempool.js";

export interface HandlerModules {
  /**
   * Runs `read` on the state as of the head. It waits while a block is being applied and written, then
   * reads synchronously: a read never sees half
   * a block (applying one awaits proof verification), nor a block's effects before its receipts and the
   * block itself can be read (a nonce that moved while its transaction's receipt is still missing).
   */
  readonly readState: <T>(read: (state: ChainState) => T) => Promise<T>;
  readonly head: () => StoredBlock;
  readonly store: ChainStore;
  readonly genesisJson: unknown;
  readonly params: ChainParams;
  readonly mempool: Mempool;
  /** Absent unless the node serves development methods: l1_mine then answers RPC_METHOD_NOT_FOUND. */
  readonly mine: ((blocks?: number, timestamp?: number) => Promise<StoredBlock>) | undefined;
  /** Called after each admission: auto mode schedules a block. */
  readonly onAdmitted: () => void;
}

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));

export function ghostdHandlers(m: HandlerModules): Handlers<typeof ghostdMethods> {
  const rollupJson = (
    m.genesisJson as {
      rollup: { verificationKey: { protocol: string }; verificationKeyHash: string; circuit: string };
    }
  ).rollup;
  const blockAt = async (height: number) => {
    const b = height === m.head().header.height ? m.head() : await m.store.block(height);
    return b === undefined ? null : blockWire(b);
  };
  return {
    l1_chainId: () => ({ chainId: m.params.chainId, l2ChainId: m.params.rollup.chainId }),
    l1_genesis: () => m.genesisJson as never,
    l1_head: () => blockWire(m.head()),
    l1_getBlock: async ({ height, hash }) => {
      if ((height === undefined) === (hash === undefined)) {
        throw new GhostError("RPC_INVALID_PARAMS", "give exactly one of height and hash");
      }
      if (height !== undefined) return blockAt(height);
      const at = await m.store.heightOf(bytes(hash!));
      return at === undefined ? null : blockAt(at);
    },
    l1_getAccount: ({ address }) =>
      m.readState((state) => {
        const a = BigInt(address);
        const account = state.account(a);
        return {
          address,
          nonce: account.nonce.toString(),
          balances: account.balances.map(String),
          keyRegistered: state.publicKey(a) !== undefined,
        };
      }),
    l1_sendTransaction: async ({ tx }) => {
      const hash = await m.mempool.admit(txFromJson(tx));
      m.onAdmitted();
      return { txHash: `0x${hash}` };
    },
    l1_getTransaction: async ({ txHash }) => {
      const found = await m.store.tx(bytes(txHash));
      if (found === undefined) return null;
      const block = await m.store.block(found.block);
      const signed = block?.txs[found.index];
      if (signed === undefined) return null;
      return { tx: txToJson(signed) as { type: string }, block: found.block, index: found.index };
    },
    l1_getReceipt: async ({ txHash }) => {
      const found = await m.store.tx(bytes(txHash));
      return found === undefined ? null : (found.receipt as never);
    },
    l1_mine: async ({ blocks, timestamp }) => {
      if (m.mine === undefined) {
        throw new GhostError(
          "RPC_METHOD_NOT_FOUND",
          "l1_mine is a development method: this node serves it only with --dev-methods",
        );
      }
      return blockWire(await m.mine(blocks ?? 1, timestamp));
    },
    l1_rollupState: () =>
      m.readState((state) => {
        const r = state.rollup();
        return {
          lastBatch: r.lastBatch,
          lastRoot: r.lastRoot.toString(),
          queueLength: r.queueLength,
          consumed: r.consumed,
          exodus: r.exodus,
          escrow: r.escrow.map(String),
          bond: r.bond.toString(),
          sequencer: toWire(m.params.rollup.sequencer, "sequencer") as string,
          nextDeadline: state.queueEntry(r.consumed)?.deadline ?? null,
        };
      }),
    l1_getBatch: ({ batchNumber }) =>
      m.readState((state) => {
        const b = state.batch(batchNumber);
        if (b === undefined) return null;
        return {
          batchNumber,
          newRoot: b.newRoot.toString(),
          feeAccount: b.feeAccount,
          block: b.block,
          firstQueue: b.firstQueue,
          priorityOps: b.priorityOps,
          data: toWire(b.data) as string,
          proof: b.proof as never,
        };
      }),
    l1_verificationKey: () => ({
      verificationKey: rollupJson.verificationKey,
      hash: rollupJson.verificationKeyHash,
      circuit: rollupJson.circuit,
    }),
    l1_priorityOps: ({ from, count }) =>
      m.readState((state) => {
        const end = Math.min(from + count, state.rollup().queueLength);
        const out = [];
        for (let k = from; k < end; k++) {
          const e = state.queueEntry(k)!;
          out.push({
            index: k,
            op: opToJson(e.op) as { type: "deposit" | "forcedExit" },
            depositor: toWire(e.depositor, "depositor") as string,
            deadline: e.deadline,
            status: e.status,
            hash: e.hash.toString(),
          });
        }
        return out;
      }),
  };
}
