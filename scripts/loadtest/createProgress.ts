/**
 * The load test's progress on stderr: a cli-progress bar on a terminal, a line every few seconds
 * elsewhere (a CI log), nothing with --json-only. Each update gives the count done and a short status.
 */
import { Presets, SingleBar } from "cli-progress";

export type ProgressMode = "bar" | "lines" | "off";

export interface Progress {
  update(value: number, status: string): void;
  stop(): void;
}

const LINE_EVERY_MS = 5_000;

export function progressMode(jsonOnly: boolean): ProgressMode {
  if (jsonOnly) return "off";
  return process.stderr.isTTY ? "bar" : "lines";
}

/** A progress display of `total` `unit` (e.g. "txs sent"). */
export function createProgress(mode: ProgressMode, label: string, total: number, unit: string): Progress {
  if (mode === "off") return { update: () => {}, stop: () => {} };
  if (mode === "lines") {
    let last = performance.now();
    let latest = "";
    const line = (value: number, status: string) =>
      `${label}: ${value.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit}, ${status}`;
    return {
      update(value, status) {
        latest = line(value, status);
        if (performance.now() - last < LINE_EVERY_MS) return;
        last = performance.now();
        process.stderr.write(`${latest}\n`);
      },
      stop: () => {
        if (latest !== "") process.stderr.write(`${latest}\n`);
      },
    };
  }
  const bar = new SingleBar(
    {
      format: `${label.padEnd(6)} [{bar}] {value}/{total} ${unit} | {status} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { status: "" });
  return {
    update: (value, status) => bar.update(value, { status }),
    stop: () => bar.stop(),
  };
}
