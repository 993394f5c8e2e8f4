/**
 * A `ghost prover` worker as a user runs it (`node dist/cli/ghost.js prover …`), its JSON log lines kept
 * so a test can see which batches it proved.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const GHOST = join(import.meta.dirname, "..", "..", "..", "dist", "cli", "ghost.js");

export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every JSON log line so far. */
  readonly lines: Record<string, unknown>[];
  /** The batch numbers this worker proved, in order. */
  proved(): number[];
  /** Resolves when a line matching `match` has been logged. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<void>;
  /** SIGTERM (finishes the jobs in hand) or SIGKILL; resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startWorkerProcess(
  name: string,
  redisUrl: string,
  cacheDir: string,
  extra: string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      GHOST,
      "prover",
      "--redis",
      redisUrl,
      "--name",
      name,
      "--cache-dir",
      cacheDir,
      "--lock-duration",
      "2000",
      ...extra,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  child.stdout!.on("data", (b: Buffer) => {
    buffer += b.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
      for (const w of waiters) w();
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const w: WorkerProcess = {
    name,
    child,
    lines,
    proved: () => lines.filter((l) => l.msg === "proved").map((l) => l.batch as number),
    waitForLine(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (lines.some(match)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `worker ${name}: no matching line in ${timeoutMs} ms; last: ${JSON.stringify(lines.slice(-3))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  await w.waitForLine((l) => l.msg === "prover worker started", 30_000);
  return w;
}
