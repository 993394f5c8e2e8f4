/**
 * The load generator of `npm run bench -- sequencer` and `npm run loadtest`: pre-signed L2 txs sent as
 * `l2_sendTransaction` calls over several WebSocket connections (each account on one connection, its txs
 * in nonce order), with a bounded number of calls in flight per connection and, for an open-loop load, a
 * pace. A call may also carry several txs of one account, sent atomically as `l2_sendTransactions` (a user
 * batch): counts, the pace and latencies are per tx, the window per call. GhostPlane answers a call once
 * its txs are soft-confirmed and their log entries are on disk, so the latency of a call, from its send
 * to its answer, is the soft-confirmation latency a wallet sees. Requests are strings built around the
 * pre-serialized JSON, so the generator spends little of the cores.
 *
 * Every answer is checked: a `sequenced` status, and a (batch, position) no other answer had. An
 * observer, if given, hears of each tx sent, accepted or refused as it happens.
 */
import { drive, openSocket, type PacedConnection } from "../l1/load.js";

/** One call: a tx's canonical JSON (`l2_sendTransaction`), or one account's txs sent atomically (`l2_sendTransactions`). */
export type LoadCall = string | readonly string[];

/** What the sequencer answers for each tx it accepted. */
export interface SequencedAnswer {
  readonly txHash: string;
  readonly status: string;
  readonly batchNumber: number;
  readonly position: number;
}

export interface LoadObserver {
  /** `txs` more sent (in one message). */
  sent?(txs: number): void;
  /** An accepted tx, with its call's send and answer times (performance.now()). */
  accepted?(answer: SequencedAnswer, sentAt: number, answeredAt: number): void;
  /** A refused call's txs, by GhostChain code or message. */
  refused?(why: string, txs: number): void;
}

export interface LoadOptions {
  readonly wsUrl: string;
  /** The calls each connection sends, in order. */
  readonly perConnection: readonly (readonly LoadCall[])[];
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
  readonly observer?: LoadObserver;
}

/** Counts are of txs (a user batch counts its txs), except `unanswered`. */
export interface LoadResult {
  readonly sent: number;
  readonly answered: number;
  /** Refused txs by GhostChain code or message (none expected in the bench). */
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
  result?: Partial<SequencedAnswer> | Partial<SequencedAnswer>[];
  error?: { code: number; message: string; data?: { code?: string } };
}

/** A call in flight: when it went out, its txs, and whether its answer is a list (l2_sendTransactions). */
interface InFlight {
  readonly at: number;
  readonly txs: number;
  readonly group: boolean;
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
  const connections = o.perConnection.map((calls, c): PacedConnection => {
    const ws = sockets[c]!;
    const inFlight = new Map<number, InFlight>();
    let next = 0;
    let nextId = 1;
    let tokens = paced ? 1 : Number.POSITIVE_INFINITY;
    const pump = () => {
      while (!sendingDone && next < calls.length && inFlight.size < o.window && tokens >= 1) {
        const room = Math.min(o.batch, calls.length - next, o.window - inFlight.size);
        // At full load, wait for room for a whole batch rather than send a small one.
        if (!paced && room < Math.min(o.batch, calls.length - next)) break;
        const now = performance.now();
        if (Number.isNaN(firstSend)) firstSend = now;
        lastSend = now;
        const parts: string[] = [];
        let txs = 0;
        // A token per tx: a user batch may take the bucket below zero, paid back before the next call.
        while (parts.length < room && tokens >= 1) {
          const call = calls[next++]!;
          const id = nextId++;
          const group = typeof call !== "string";
          const size = group ? call.length : 1;
          inFlight.set(id, { at: now, txs: size, group });
          parts.push(
            group
              ? `{"jsonrpc":"2.0","id":${id},"method":"l2_sendTransactions","params":{"txs":[${call.join(",")}]}}`
              : `{"jsonrpc":"2.0","id":${id},"method":"l2_sendTransaction","params":{"tx":${call}}}`,
          );
          txs += size;
          tokens -= size;
        }
        sent += txs;
        inFlightAll += parts.length;
        o.observer?.sent?.(txs);
        ws.send(parts.length === 1 && o.batch === 1 ? parts[0]! : `[${parts.join(",")}]`);
      }
    };
    ws.on("message", (data) => {
      const now = performance.now();
      const parsed = JSON.parse(String(data)) as Reply | Reply[];
      for (const reply of Array.isArray(parsed) ? parsed : [parsed]) {
        const call = reply.id === undefined ? undefined : inFlight.get(reply.id);
        if (call === undefined) continue;
        inFlight.delete(reply.id!);
        inFlightAll--;
        if (reply.error !== undefined) {
          const why = reply.error.data?.code ?? reply.error.message;
          refused.set(why, (refused.get(why) ?? 0) + call.txs);
          o.observer?.refused?.(why, call.txs);
          continue;
        }
        const results = call.group ? (Array.isArray(reply.result) ? reply.result : []) : [reply.result];
        // A user batch answered with fewer results than txs: the missing ones are wrong answers.
        wrong += Math.max(0, call.txs - results.length);
        for (const r of results.slice(0, call.txs) as (Partial<SequencedAnswer> | undefined)[]) {
          const slot = (r?.batchNumber ?? -1) * 65_536 + (r?.position ?? -1);
          if (r?.status !== "sequenced" || slots.has(slot)) wrong++;
          else o.observer?.accepted?.(r as SequencedAnswer, call.at, now);
          slots.add(slot);
          answered++;
          latencies.push(now - call.at);
          lastAnswer = now;
        }
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
      idle: () => next === calls.length,
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
