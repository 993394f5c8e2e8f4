/**
 * The sequencer's heads and memory over time, for `npm run bench -- sequencer`: `l2_chainInfo` through the
 * typed client and the process tree's RSS, every `intervalMs` (one call at a time, so a slow answer
 * stretches the interval instead of piling calls up). The seal rate is read from these samples.
 */
import { createGhostplaneClient } from "../../../src/client/index.js";
import type { PlaneProcess } from "./plane.js";

export interface Sample {
  /** performance.now() of the bench process. */
  readonly t: number;
  readonly closed: number;
  readonly sealed: number;
  readonly proven: number;
  readonly treeMiB: number;
  /** The tree's RSS process by process (PlaneProcess.memory().parts). */
  readonly parts: string;
}

export interface Sampler {
  readonly samples: readonly Sample[];
  /** The sample with the largest tree RSS so far. */
  peak(): Sample | undefined;
  /** The next sample that satisfies `done`, or undefined after `timeoutMs`. */
  until(done: (s: Sample) => boolean, timeoutMs: number): Promise<Sample | undefined>;
  stop(): Promise<void>;
}

export async function startSampler(plane: PlaneProcess, intervalMs: number): Promise<Sampler> {
  const client = createGhostplaneClient(plane.wsUrl, { reconnect: false });
  const samples: Sample[] = [];
  const waiters = new Set<(s: Sample) => void>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped && plane.exited() === undefined) {
      const info = await client.l2_chainInfo({}).catch(() => undefined);
      if (info !== undefined) {
        const { closed, sealed, proven } = info.heads;
        const { treeMiB, parts } = plane.memory();
        const s = { t: performance.now(), closed, sealed, proven, treeMiB, parts };
        samples.push(s);
        for (const w of waiters) w(s);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    samples,
    peak: () =>
      samples.reduce<Sample | undefined>(
        (a, s) => (a === undefined || s.treeMiB > a.treeMiB ? s : a),
        undefined,
      ),
    until(done, timeoutMs) {
      const last = samples.at(-1);
      if (last !== undefined && done(last)) return Promise.resolve(last);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(undefined);
        }, timeoutMs);
        const check = (s: Sample) => {
          if (!done(s)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(s);
        };
        waiters.add(check);
      });
    },
    async stop() {
      stopped = true;
      await loop;
      await client.close();
    },
  };
}
