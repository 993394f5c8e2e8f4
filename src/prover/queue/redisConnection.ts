/**
 * A `redis://` (or `rediss://`, TLS) URL as BullMQ's connection options. Commands wait through a Redis
 * restart instead of failing (`maxRetriesPerRequest: null`, which BullMQ's workers require), so a Redis
 * restart delays proofs and loses none of them when Redis persists its data (docs/operations.md).
 */
import type { RedisOptions } from "bullmq";
import { GhostError } from "../../protocol/errors.js";

export function redisConnectionOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GhostError("PROVER_QUEUE_UNAVAILABLE", `"${url.slice(0, 200)}" is not a URL`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new GhostError("PROVER_QUEUE_UNAVAILABLE", `"${u.protocol}" is not redis: or rediss:`);
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isSafeInteger(db) || db < 0) {
    throw new GhostError("PROVER_QUEUE_UNAVAILABLE", `"${u.pathname}" is not a database number`);
  }
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1",
    port: u.port === "" ? 6379 : Number(u.port),
    db,
    ...(u.username === "" ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === "" ? {} : { password: decodeURIComponent(u.password) }),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly at first, then every 2 s at most, for ever: the queue outlives a Redis restart.
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  };
}

/** Resolves once `ready` does, or fails with PROVER_QUEUE_UNAVAILABLE after `timeoutMs`. */
export async function readyWithin(ready: Promise<unknown>, url: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new GhostError(
                "PROVER_QUEUE_UNAVAILABLE",
                `Redis at ${redactUrl(url)} did not answer in ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.href;
  } catch {
    return "(not a URL)";
  }
}
