/**
 * Progress for long setup steps: a live bar on a terminal, and a line per tenth elsewhere (CI logs).
 */
import { SingleBar } from "cli-progress";
import type { ProgressFn } from "./pointPool.js";

export type Log = (line: string) => void;

export interface Progress {
  update: ProgressFn;
  stop(): void;
}

export function createProgress(label: string, log: Log | undefined): Progress {
  if (!log) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label.padEnd(24)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    return {
      update: (done, total) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  // A line per tenth at most once a second, and the total at the end.
  const t0 = performance.now();
  let last = t0;
  let lastTenth = 0;
  let total = 0;
  let done = 0;
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
  return {
    update: (d, t) => {
      done = d;
      total = t;
      const tenth = Math.floor((10 * d) / Math.max(1, t));
      const now = performance.now();
      if (tenth > lastTenth && tenth < 10 && now - last >= 1000) {
        log(`${label}: ${tenth * 10}% (${seconds()} s)`);
        last = now;
        lastTenth = tenth;
      }
    },
    stop: () => {
      if (total > 0) log(`${label}: ${done === total ? "done" : `${done}/${total}`} in ${seconds()} s`);
    },
  };
}
