/**
 * The load generator of `npm run bench -- sequencer`: pre-signed L2 transfers sent as
 * `l2_sendTransaction` calls over several WebSocket connections (each account on one connection, its txs
 * in nonce order), with a bounded number of calls in flight per connection and, for an open-loop load, a
 * pace. GhostPlane answers a call once its tx is soft-confirmed and its log entry is on disk, so the
 * latency of a call, from its send to its answer, is the soft-confirmation latency a wallet sees.
 * Requests are strings built around the pre-serialized JSON, so the generator spends little of the cores.
 *
 * Every answer is checked: a `sequenced` status, and a (batch, position) no other answer had.
 */
import { drive, openSocket, type PacedConnection } from "../l1/load.js";

export interface LoadOptions {
  readonly wsUrl: string;
  /** The canonical JSON of the txs each connection sends, in order. */
  readonly perConnection: readonly (readonly string[])[];
  /** Calls in flight per connection at most. */
  readonly window: number;
  /** Calls per WebSocket message (a JSON-RPC batch when above 1). */
  readonly batch: number;
  /** Calls per second per connection (Infinity: as fast as the window lets: full load). */
  readonly ratePerConnection: number;
  /** No new call after this many milliseconds. */
  readonly durationMs: number;
  /** How long to wait for the answers still due after the last send. */
  readonly drainMs: number;
}

export interface LoadResult {
  readonly sent: number;
  readonly answered: number;
  /** Refusals by GhostChain code or message (none expected). */
  readonly refused: ReadonlyMap<string, number>;
  /** Answers that repeat an earlier answer's batch and position, or are not `sequenced` (none expected). */
  readonly wrong: number;
  /** Calls never answered within drainMs. */
  readonly unanswered: number;
  /** First send → last answer, seconds. */
  readonly seconds: number;
  /** First send → last send, seconds: the burst. */
  readonly sendSeconds: number;
  readonly txPerSec: number;
  /** Send → answer, ms, sorted. */
  readonly latencies: Float64Array;
}

interface Reply {
  id?: number;
  result?: { status?: string; batchNumber?: number; position?: number };
  error?: { code: number; message: string; data?: { code?: string } };
}

/** Runs one load; resolves once every call is answered or drainMs after the last send. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const refused = new Map<string, number>();
  const slots = new Set<number>();
  let wrong = 0;
  let sent = 0;
  let answered = 0;
  let inFlightAll = 0;
  let firstSend = Number.NaN;
  let lastSend = Number.NaN;
  let lastAnswer = Number.NaN;
  let sendingDone = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((ok) => {
    finish = ok;
  });
  const checkDone = () => {
    if (sendingDone && inFlightAll === 0) finish();
  };
  const paced = Number.isFinite(o.ratePerConnection);
  const burst = Math.max(1, o.batch, o.ratePerConnection / 10);

  const sockets = await Promise.all(o.perConnection.map(() => openSocket(o.wsUrl)));
  const connections = o.perConnection.map((txs, c): PacedConnection => {
    const ws = sockets[c]!;
    const sentAt = new Map<number, number>();
    let next = 0;
    let nextId = 1;
    let tokens = paced ? 1 : Number.POSITIVE_INFINITY;
    const pump = () => {
      while (!sendingDone && next < txs.length && sentAt.size < o.window && tokens >= 1) {
        const n = Math.min(o.batch, txs.length - next, o.window - sentAt.size, Math.floor(tokens));
        // At full load, wait for room for a whole batch rather than send a small one.
        if (!paced && n < Math.min(o.batch, txs.length - next)) break;
        const now = performance.now();
        if (Number.isNaN(firstSend)) firstSend = now;
        lastSend = now;
        const parts: string[] = [];
        for (let k = 0; k < n; k++) {
          const id = nextId++;
          sentAt.set(id, now);
          parts.push(
            `{"jsonrpc":"2.0","id":${id},"method":"l2_sendTransaction","params":{"tx":${txs[next++]}}}`,
          );
        }
        sent += n;
        inFlightAll += n;
        tokens -= n;
        ws.send(n === 1 && o.batch === 1 ? parts[0]! : `[${parts.join(",")}]`);
      }
    };
    ws.on("message", (data) => {
      const now = performance.now();
      const parsed = JSON.parse(String(data)) as Reply | Reply[];
      for (const reply of Array.isArray(parsed) ? parsed : [parsed]) {
        const at = reply.id === undefined ? undefined : sentAt.get(reply.id);
        if (at === undefined) continue;
        sentAt.delete(reply.id!);
        inFlightAll--;
        if (reply.error !== undefined) {
          const why = reply.error.data?.code ?? reply.error.message;
          refused.set(why, (refused.get(why) ?? 0) + 1);
          continue;
        }
        const r = reply.result;
        const slot = (r?.batchNumber ?? -1) * 65_536 + (r?.position ?? -1);
        if (r?.status !== "sequenced" || slots.has(slot)) wrong++;
        slots.add(slot);
        answered++;
        latencies.push(now - at);
        lastAnswer = now;
      }
      pump();
      checkDone();
    });
    return {
      refill(seconds: number) {
        // Open loop: calls due while this thread was busy (a GC pause, a burst of answers) go out late
        // rather than not at all, up to 100 ms worth, so the offered rate is the rate asked for.
        if (paced) tokens = Math.min(burst, tokens + seconds * o.ratePerConnection);
        pump();
      },
      idle: () => next === txs.length,
    };
  });

  // Paced connections start with one call's worth; unpaced ones send their whole window at once.
  for (const c of connections) c.refill(0);
  await drive(
    connections,
    { durationMs: o.durationMs, drainMs: o.drainMs, tickMs: 1 },
    () => {
      sendingDone = true;
      checkDone();
    },
    finished,
  );
  for (const ws of sockets) ws.close();

  const seconds = (lastAnswer - firstSend) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sent,
    answered,
    refused,
    wrong,
    unanswered: inFlightAll,
    seconds,
    sendSeconds: (lastSend - firstSend) / 1000,
    txPerSec: answered / seconds,
    latencies: Float64Array.from(latencies),
  };
}
