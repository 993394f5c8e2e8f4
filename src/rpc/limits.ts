/**
 * The server's limits, their defaults, and the token bucket behind the per-connection rate limit.
 * Every limit answers with RPC_LIMIT_EXCEEDED (-32005) and leaves the server, and where the protocol
 * allows it the connection, running (docs/rpc.md §Limits).
 */

export interface RpcLimits {
  /** HTTP request body, bytes. */
  readonly maxBodyBytes: number;
  /**
   * WebSocket message, bytes: a larger message is answered with an error and the socket stays open.
   * Messages over twice this are cut by the WebSocket layer itself (close 1009), so memory stays bounded.
   */
  readonly maxFrameBytes: number;
  /** Requests in one batch. */
  readonly maxBatchLength: number;
  /** Open WebSocket connections. */
  readonly maxConnections: number;
  /** Active subscriptions per WebSocket connection. */
  readonly maxSubscriptionsPerConnection: number;
  /** Sustained calls per second per connection (WebSocket) or per remote address (HTTP). */
  readonly requestsPerSecond: number;
  /** Calls allowed at once before the sustained rate applies (the bucket's size). */
  readonly requestBurst: number;
  /** Bytes queued on a socket before the server drops it as a slow consumer (close 1013). */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: RpcLimits = {
  maxBodyBytes: 1024 * 1024,
  maxFrameBytes: 1024 * 1024,
  maxBatchLength: 100,
  maxConnections: 1000,
  maxSubscriptionsPerConnection: 32,
  requestsPerSecond: 100,
  requestBurst: 200,
  maxBufferedBytes: 16 * 1024 * 1024,
};

export function resolveLimits(overrides: Partial<RpcLimits> = {}): RpcLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!(Number.isFinite(value) && value > 0))
      throw new RangeError(`limit "${key}" expected a positive number, got ${value}`);
  }
  return limits;
}

/** A token bucket: `capacity` tokens, refilled at `perSecond`; `clock` is injectable for tests. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = clock();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely, i.e. the caller has been idle. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}

/**
 * Buckets for HTTP callers, keyed by remote address: HTTP has no lasting connection to hang a bucket on.
 * Full buckets are forgotten when the map grows, so idle addresses cost nothing.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: Pick<RpcLimits, "requestsPerSecond" | "requestBurst">,
    private readonly clock: () => number = Date.now,
    private readonly sweepAt = 10_000,
  ) {}

  bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.sweepAt) this.sweep();
      bucket = newBucket(this.limits, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.full) this.buckets.delete(key);
  }
}

export function newBucket(
  limits: Pick<RpcLimits, "requestsPerSecond" | "requestBurst">,
  clock: () => number = Date.now,
): TokenBucket {
  return new TokenBucket(limits.requestBurst, limits.requestsPerSecond, clock);
}
