/**
 * When ghostd makes blocks: one configured validator, behind this interface, so that a BFT engine can take
 * its place later. What goes into a block is ghostd's `produce`; this module decides when, and makes sure
 * blocks are produced one at a time, in order.
 *
 * Modes: auto (a block as soon as transactions wait, at most one per `blockTime`, and an empty one after
 * `idleBlockTime` so that time-based deadlines advance on an idle chain), interval (one every
 * `blockTime`), manual (only `mine`, as anvil's `evm_mine`).
 */
import type { StoredBlock } from "./chainStore.js";

export type BlockMode = "auto" | "interval" | "manual";

export interface BlockProducer {
  /** Transactions were admitted: auto mode schedules a block. */
  notify(): void;
  /** Produces `blocks` blocks now, after any in progress; the first at `timestamp` (ms) if given. */
  mine(blocks?: number, timestamp?: number): Promise<StoredBlock>;
  /** Stops the timers; resolves once the block in progress is written. Idempotent. */
  stop(): Promise<void>;
}

export interface ProducerOptions {
  readonly mode: BlockMode;
  readonly blockTime: number;
  readonly idleBlockTime: number;
  /** Makes and writes one block (the only place the chain changes). */
  readonly produce: (timestamp?: number) => Promise<StoredBlock>;
  readonly hasReady: () => boolean;
  readonly onError: (e: unknown) => void;
}

export function createSingleValidatorProducer(o: ProducerOptions): BlockProducer {
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastBlockAt = performance.now();

  const enqueue = (timestamp?: number): Promise<StoredBlock> => {
    lastBlockAt = performance.now();
    const next = chain.then(() => o.produce(timestamp));
    chain = next.catch(() => undefined);
    return next;
  };
  const schedule = () => {
    if (o.mode !== "auto" || timer !== undefined || stopped) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        enqueue().then(() => {
          if (o.hasReady()) schedule();
        }, o.onError);
      },
      Math.max(0, lastBlockAt + o.blockTime - performance.now()),
    );
  };
  const tick = o.mode === "interval" ? o.blockTime : Math.min(o.idleBlockTime, 500);
  const ticker =
    o.mode === "manual"
      ? undefined
      : setInterval(() => {
          if (stopped) return;
          if (o.mode === "interval" || performance.now() - lastBlockAt >= o.idleBlockTime) {
            enqueue().catch(o.onError);
          }
        }, tick);

  let done: Promise<void> | undefined;
  return {
    notify: schedule,
    async mine(blocks = 1, timestamp) {
      let last: StoredBlock | undefined;
      for (let i = 0; i < blocks; i++) last = await enqueue(i === 0 ? timestamp : undefined);
      return last!;
    },
    stop() {
      done ??= (async () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        if (ticker !== undefined) clearInterval(ticker);
        await chain;
      })();
      return done;
    },
  };
}
