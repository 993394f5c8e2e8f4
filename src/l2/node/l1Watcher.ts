/**
 * The L1 watcher (docs/sequencer.md §L1): follows ghostd's priority queue. Every rollup event and a
 * periodic poll trigger a catch-up that reads the queue by range from the next index the sequencer has
 * not taken (`l1_priorityOps`), so a restart, a dropped socket or a missed event loses nothing: the
 * queue on L1 is the source, the events only say when to look.
 */
import type { GhostdClient } from "../../client/index.js";
import { type Deposit, type ForcedExit, opFromJson, type PriorityOp } from "../../protocol/index.js";
import type { PendingPriorityOp } from "./sequencer.js";

export interface L1WatcherOptions {
  readonly l1: GhostdClient;
  /** The next queue index the sequencer needs. */
  readonly nextQueueIndex: () => number;
  readonly onOps: (ops: PendingPriorityOp[]) => void;
  readonly onReachable: (reachable: boolean) => void;
  /** Poll period (ms) when no event comes. */
  readonly pollMs?: number;
}

export class L1Watcher {
  private readonly o: L1WatcherOptions;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private closed = false;
  private events: AsyncIterableIterator<unknown> | undefined;

  constructor(o: L1WatcherOptions) {
    this.o = o;
  }

  start(): void {
    this.poke();
    this.timer = setInterval(() => this.poke(), this.o.pollMs ?? 1_000);
    void this.follow();
  }

  /** Subscribes to rollup events (WebSocket clients only); each one triggers a catch-up. */
  private async follow(): Promise<void> {
    if (this.o.l1.transport.kind !== "ws") return;
    while (!this.closed) {
      try {
        this.events = this.o.l1.subscribe("rollupEvents", {});
        for await (const _ of this.events) this.poke();
      } catch {
        // The transport gave up reconnecting: the poll goes on; try the subscription again later.
      }
      if (!this.closed) await new Promise((r) => setTimeout(r, this.o.pollMs ?? 1_000));
    }
  }

  /** Runs a catch-up now, or right after the one in progress. */
  poke(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.catchUp().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  private async catchUp(): Promise<void> {
    try {
      const { queueLength } = await this.o.l1.l1_rollupState();
      this.o.onReachable(true);
      let from = this.o.nextQueueIndex();
      while (from < queueLength && !this.closed) {
        const entries = await this.o.l1.l1_priorityOps({ from, count: Math.min(1000, queueLength - from) });
        if (entries.length === 0) break;
        const at = Date.now();
        this.o.onOps(entries.map((e) => ({ queueIndex: e.index, op: toPriorityOp(e.op), receivedAt: at })));
        const next = this.o.nextQueueIndex();
        if (next === from) break; // not taken (out of order): the next poke retries
        from = next;
      }
    } catch {
      this.o.onReachable(false);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.events?.return?.();
  }
}

/** A queue entry's op in the protocol's form (its JSON is the protocol's canonical JSON, docs/protocol.md §9). */
function toPriorityOp(json: unknown): PriorityOp {
  return opFromJson(json) as Deposit | ForcedExit;
}
