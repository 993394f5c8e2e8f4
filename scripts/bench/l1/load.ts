/**
 * The load generator of `npm run bench -- l1`: pre-signed transfers sent to ghostd as `l1_sendTransaction`
 * calls over several WebSocket connections, each with a bounded number of calls in flight and its own
 * pace, and one more connection subscribed to `newHeads` that sees each transaction included. Requests are
 * plain strings built around the pre-serialized JSON form, so the generator spends as little of the
 * shared cores as it can.
 *
 * ghostd limits each WebSocket connection to `requestsPerSecond` calls (100/s by default, docs/rpc.md
 * §Limits); every connection here stays under it, so the rate a run can offer is connections × pace.
 */
import { WebSocket } from "ws";

/** One signed transaction: its hash (0x-hex) and its JSON form, serialized. */
export interface PreparedTx {
  readonly hash: string;
  readonly json: string;
}

export interface LoadOptions {
  readonly wsUrl: string;
  /** The transactions each connection sends, in order (each sender's in nonce order). */
  readonly perConnection: readonly (readonly PreparedTx[])[];
  /** Calls in flight per connection at most. */
  readonly window: number;
  /** Calls per second per connection at most. */
  readonly ratePerConnection: number;
  /** Calls per WebSocket message (a JSON-RPC batch when above 1). */
  readonly batch: number;
  /** No new call after this many milliseconds. */
  readonly durationMs: number;
  /** After the last call, how long to wait for the rest to be included. */
  readonly drainMs: number;
}

export interface LoadResult {
  readonly sent: number;
  readonly included: number;
  /** Refusals by error message (none expected). */
  readonly refused: ReadonlyMap<string, number>;
  /** Calls answered "rate limited" and sent again (none expected). */
  readonly rateLimited: number;
  /** First call sent → last transaction included, seconds. */
  readonly seconds: number;
  readonly txPerSec: number;
  /** Send → seen in a `newHeads` block, ms, sorted. */
  readonly latencies: Float64Array;
  readonly blocks: number;
}

interface RpcMessage {
  id?: number;
  error?: { code: number; message: string };
  method?: string;
  params?: { result?: { txs?: string[] } };
}

const RATE_LIMITED = -32005;

/** A WebSocket to `url`, open (no compression: it would cost the load generator's cores). */
export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

/** One connection of a load, as `drive` paces it. */
export interface PacedConnection {
  /** `seconds` more of its pace: it may send that much more now. */
  refill(seconds: number): void;
  /** Nothing left to send. */
  idle(): boolean;
}

/**
 * Paces the connections every `tickMs` until `durationMs` has passed or all are idle, then calls
 * `stopSending`; resolves once `finished` does, or `drainMs` after sending stopped.
 */
export async function drive(
  connections: readonly PacedConnection[],
  o: { readonly durationMs: number; readonly drainMs: number; readonly tickMs: number },
  stopSending: () => void,
  finished: Promise<void>,
): Promise<void> {
  const start = performance.now();
  let last = start;
  let drainTimer: NodeJS.Timeout | undefined;
  let stopped: () => void = () => undefined;
  const drained = new Promise<void>((ok) => {
    stopped = () => {
      drainTimer = setTimeout(ok, o.drainMs);
    };
  });
  let sending = true;
  const ticker = setInterval(() => {
    const now = performance.now();
    if (!sending) return;
    if (now - start >= o.durationMs || connections.every((c) => c.idle())) {
      sending = false;
      stopSending();
      stopped();
      return;
    }
    for (const c of connections) c.refill((now - last) / 1000);
    last = now;
  }, o.tickMs);
  await Promise.race([finished, drained]);
  clearInterval(ticker);
  clearTimeout(drainTimer);
}

/** Runs one load and resolves once every accepted transaction is included (or the drain time ends). */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const refused = new Map<string, number>();
  let rateLimited = 0;
  let sent = 0;
  let blocks = 0;
  let firstSend = Number.NaN;
  let lastInclusion = Number.NaN;
  let sendingDone = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((ok) => {
    finish = ok;
  });
  const checkDone = () => {
    if (sendingDone && sentAt.size === 0) finish();
  };

  const watcher = await openSocket(o.wsUrl);
  watcher.on("message", (data) => {
    const now = performance.now();
    const message = JSON.parse(String(data)) as RpcMessage;
    const txs = message.params?.result?.txs;
    if (message.method !== "ghost_subscription" || txs === undefined) return;
    blocks++;
    for (const hash of txs) {
      const at = sentAt.get(hash);
      if (at === undefined) continue;
      sentAt.delete(hash);
      latencies.push(now - at);
      lastInclusion = now;
    }
    checkDone();
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once("message", (data) => {
      const reply = JSON.parse(String(data)) as RpcMessage;
      if (reply.error !== undefined) reject(new Error(`newHeads: ${reply.error.message}`));
      else resolve();
    });
    watcher.send(
      JSON.stringify({ jsonrpc: "2.0", id: 0, method: "ghost_subscribe", params: { name: "newHeads" } }),
    );
  });

  const sockets = await Promise.all(o.perConnection.map(() => openSocket(o.wsUrl)));
  const connections = o.perConnection.map((txs, c) => {
    const ws = sockets[c]!;
    const retry: PreparedTx[] = [];
    const calls = new Map<number, PreparedTx>();
    let next = 0;
    let inFlight = 0;
    let nextId = 1;
    // A token bucket a little smaller than the server's, refilled by the shared ticker.
    let tokens = Math.min(o.batch, 10);
    const capacity = Math.max(o.batch, 10);
    const pending = () => retry.length + (txs.length - next);
    const pump = () => {
      while (!sendingDone && pending() > 0 && inFlight < o.window && tokens >= 1) {
        const n = Math.min(o.batch, pending(), o.window - inFlight, Math.floor(tokens));
        if (n < Math.min(o.batch, pending()) && n < o.window - inFlight) break; // wait for a full batch
        const parts: string[] = [];
        const now = performance.now();
        if (Number.isNaN(firstSend)) firstSend = now;
        for (let k = 0; k < n; k++) {
          const tx = retry.length > 0 ? retry.shift()! : txs[next++]!;
          const id = nextId++;
          calls.set(id, tx);
          if (!sentAt.has(tx.hash)) sent++;
          sentAt.set(tx.hash, now);
          parts.push(`{"jsonrpc":"2.0","id":${id},"method":"l1_sendTransaction","params":{"tx":${tx.json}}}`);
        }
        inFlight += n;
        tokens -= n;
        ws.send(n === 1 && o.batch === 1 ? parts[0]! : `[${parts.join(",")}]`);
      }
    };
    ws.on("message", (data) => {
      const parsed = JSON.parse(String(data)) as RpcMessage | RpcMessage[];
      for (const reply of Array.isArray(parsed) ? parsed : [parsed]) {
        const tx = reply.id === undefined ? undefined : calls.get(reply.id);
        if (tx === undefined) continue;
        calls.delete(reply.id!);
        inFlight--;
        if (reply.error === undefined) continue;
        if (reply.error.code === RATE_LIMITED) {
          rateLimited++;
          retry.push(tx);
        } else {
          refused.set(reply.error.message, (refused.get(reply.error.message) ?? 0) + 1);
          sentAt.delete(tx.hash);
        }
      }
      pump();
      checkDone();
    });
    return {
      refill(seconds: number) {
        tokens = Math.min(capacity, tokens + seconds * o.ratePerConnection);
        pump();
      },
      idle: () => pending() === 0 && inFlight === 0,
    };
  });

  await drive(
    connections,
    { durationMs: o.durationMs, drainMs: o.drainMs, tickMs: 2 },
    () => {
      sendingDone = true;
      checkDone();
    },
    finished,
  );
  for (const ws of [watcher, ...sockets]) ws.close();

  const seconds = (lastInclusion - firstSend) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sent,
    included: latencies.length,
    refused,
    rateLimited,
    seconds,
    txPerSec: latencies.length / seconds,
    latencies: Float64Array.from(latencies),
    blocks,
  };
}
