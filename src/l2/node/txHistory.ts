/**
 * A tx's life as the API tells it (`l2_getTransaction`, docs/sequencer.md §Statuses). A sequenced tx's
 * stages come from the store (its record, then its batch's record), so they survive a restart; a tx
 * still waiting for an earlier nonce, or refused, is remembered in memory only (the newest `capacity` of
 * them): it was never acknowledged.
 */
import type { ErrorCode } from "../../protocol/index.js";
import type { ResultOf } from "../../rpc/index.js";
import type { ghostplaneMethods } from "../api/index.js";
import type { SequencerStore } from "./sequencerStore.js";

type TxResult = NonNullable<ResultOf<(typeof ghostplaneMethods)["l2_getTransaction"]>>;
type TxEvent = TxResult["events"][number];

export class TxHistory {
  private readonly recent = new Map<string, TxEvent[]>();

  constructor(
    private readonly store: SequencerStore,
    private readonly capacity = 10_000,
  ) {}

  private remember(txHash: string, e: TxEvent): void {
    const events = this.recent.get(txHash) ?? [];
    this.recent.delete(txHash);
    this.recent.set(txHash, [...events, e]);
    if (this.recent.size > this.capacity) this.recent.delete(this.recent.keys().next().value!);
  }

  received(txHash: string, at: number): TxEvent {
    const e: TxEvent = { txHash, status: "received", at };
    this.remember(txHash, e);
    return e;
  }

  rejected(txHash: string, code: ErrorCode, reason: string, at: number): TxEvent {
    const e: TxEvent = { txHash, status: "rejected", at, code, reason };
    this.remember(txHash, e);
    return e;
  }

  /** The tx is on disk now: the store answers for it. */
  sequenced(txHash: string): void {
    this.recent.delete(txHash);
  }

  async transaction(txHash: string): Promise<TxResult | null> {
    const r = await this.store.tx(txHash);
    if (r === undefined) {
      const events = this.recent.get(txHash);
      if (events === undefined) return null;
      const last = events[events.length - 1]!;
      return {
        txHash,
        status: last.status,
        ...(last.code === undefined ? {} : { code: last.code, reason: last.reason! }),
        events,
      };
    }
    const b = await this.store.batch(r.batch);
    const at = { batchNumber: r.batch, position: r.position };
    const events: TxEvent[] = [
      { txHash, status: "received", at: r.receivedAt },
      { txHash, status: "sequenced", at: r.sequencedAt, ...at },
    ];
    if (b?.sealedAt !== undefined) events.push({ txHash, status: "sealed", at: b.sealedAt, ...at });
    if (b?.provenAt !== undefined) events.push({ txHash, status: "proven", at: b.provenAt, ...at });
    if (b?.settledAt !== undefined) {
      events.push({
        txHash,
        status: "settled",
        at: b.settledAt,
        ...at,
        ...(b.l1Block === undefined ? {} : { l1Block: b.l1Block }),
      });
    }
    return { txHash, status: events[events.length - 1]!.status, ...at, events };
  }
}
