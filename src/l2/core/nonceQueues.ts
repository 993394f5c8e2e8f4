/**
 * Txs that arrived ahead of their sender's nonce (docs/sequencer.md §Mempool): each account keeps a small
 * queue ordered by nonce, released when the sender's nonce reaches the head. Pure bookkeeping: the
 * sequencer owns the timers and the answers.
 */
import { GhostError } from "../../protocol/index.js";

export interface NonceQueueLimits {
  /** Waiting txs per account. */
  readonly perAccount: number;
  /** Waiting txs in all. */
  readonly total: number;
}

export class NonceQueues<T extends { readonly nonce: number }> {
  private readonly byAccount = new Map<number, T[]>();
  private count = 0;

  constructor(private readonly limits: NonceQueueLimits) {}

  get size(): number {
    return this.count;
  }

  /** Queues `item` for `account`; throws L2_NONCE_QUEUE_FULL, L2_MEMPOOL_FULL or L2_TX_KNOWN (same nonce). */
  add(account: number, item: T): void {
    const q = this.byAccount.get(account) ?? [];
    if (q.some((x) => x.nonce === item.nonce)) {
      throw new GhostError(
        "L2_TX_KNOWN",
        `a tx with nonce ${item.nonce} already waits for account ${account}`,
      );
    }
    if (q.length >= this.limits.perAccount) {
      throw new GhostError(
        "L2_NONCE_QUEUE_FULL",
        `${q.length} txs with future nonces already wait for account ${account}`,
      );
    }
    if (this.count >= this.limits.total) throw new GhostError("L2_MEMPOOL_FULL");
    q.push(item);
    q.sort((a, b) => a.nonce - b.nonce);
    this.byAccount.set(account, q);
    this.count++;
  }

  /** The waiting tx of `account` with `nonce`, if any (left waiting). */
  find(account: number, nonce: number): T | undefined {
    return this.byAccount.get(account)?.find((x) => x.nonce === nonce);
  }

  /** Removes and returns the waiting tx of `account` with exactly `nonce`, if any. */
  take(account: number, nonce: number): T | undefined {
    const q = this.byAccount.get(account);
    if (q === undefined || q[0]?.nonce !== nonce) return undefined;
    const item = q.shift()!;
    if (q.length === 0) this.byAccount.delete(account);
    this.count--;
    return item;
  }

  /** Removes `item` (it expired); true if it was waiting. */
  remove(account: number, item: T): boolean {
    const q = this.byAccount.get(account);
    const k = q?.indexOf(item) ?? -1;
    if (q === undefined || k < 0) return false;
    q.splice(k, 1);
    if (q.length === 0) this.byAccount.delete(account);
    this.count--;
    return true;
  }

  /** Every waiting tx, emptying the queues (shutdown). */
  drain(): T[] {
    const all = [...this.byAccount.values()].flat();
    this.byAccount.clear();
    this.count = 0;
    return all;
  }
}
