/**
 * A bounded push queue read as an async iterator: the socket pushes events, `for await` pulls them in
 * order. A reader that falls `max` events behind ends with RPC_LIMIT_EXCEEDED instead of growing memory.
 */
import { GhostError } from "../../protocol/index.js";

export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private readonly waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> =
    [];
  private failure: unknown;
  private ended = false;

  constructor(
    private readonly max: number,
    /** Called once when the reader stops (return) so the owner can unsubscribe. */
    private readonly onReturn: () => Promise<void>,
  ) {}

  get done(): boolean {
    return this.ended;
  }

  push(item: T): void {
    if (this.ended) return;
    const waiter = this.waiting.shift();
    if (waiter !== undefined) {
      waiter.resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.max) {
      this.fail(new GhostError("RPC_LIMIT_EXCEEDED", `the subscriber fell ${this.max} events behind`));
      void this.onReturn();
      return;
    }
    this.items.push(item);
  }

  /** Ends the iterator with an error, after the events already queued. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  /** Ends the iterator normally, after the events already queued. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.ended) {
      if (this.failure === undefined) return Promise.resolve({ value: undefined, done: true });
      const failure = this.failure;
      this.failure = undefined; // reported once; later calls see a finished iterator
      return Promise.reject(failure);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    const wasEnded = this.ended;
    this.items.length = 0;
    this.end();
    if (!wasEnded) await this.onReturn();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
