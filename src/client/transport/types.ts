/**
 * What a transport offers the typed client: one call (wire params in, wire result out, failures as typed
 * GhostErrors), subscriptions as async iterators, and close. Node-specific clients build on this.
 */

export interface RequestOptions {
  /** Overrides the transport's per-call timeout. */
  readonly timeoutMs?: number;
}

/**
 * A live subscription: iterate it with `for await`; breaking out of the loop (or `return()`) unsubscribes.
 * `ready` resolves with the server's subscription id once the server has accepted it (a reconnect makes a
 * new one, transparently) and rejects, like the first `next()`, if the server refuses it.
 */
export interface Subscription<T> extends AsyncIterableIterator<T> {
  readonly ready: Promise<string>;
  unsubscribe(): Promise<void>;
}

export interface Transport {
  readonly kind: "http" | "ws";
  readonly url: string;
  request(method: string, params: unknown, options?: RequestOptions): Promise<unknown>;
  /** `decode` turns each event's wire form into what the iterator yields; a throw ends the iterator. */
  subscribe<T>(name: string, params: unknown, decode: (event: unknown) => T): Subscription<T>;
  close(): Promise<void>;
}
