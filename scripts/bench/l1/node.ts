/**
 * ghostd in its own process for `npm run bench -- l1`: the compiled CLI (`node dist/cli/ghostd.js`) when
 * dist/ is current (its content key: scripts/build/sourceKeys.ts), else the TypeScript CLI through tsx, on a fresh temporary
 * data directory, a free loopback port and auto block mode. Its peak and current RSS come from
 * /proc/<pid>/status, its block production histogram from GET /metrics.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { distIsCurrent } from "../../build/sourceKeys.js";
import { spawnNode } from "../../devnet/nodeProcess.js";
import { processCpuSeconds, processMemory } from "../harness.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export interface NodeOptions {
  readonly genesisFile: string;
  readonly blockTime: number;
}

export interface NodeProcess {
  readonly url: string;
  readonly wsUrl: string;
  readonly pid: number;
  /** Peak (VmHWM) and current (VmRSS) resident set, MiB; undefined where /proc is not there. */
  memory(): { peakMiB: number; rssMiB: number } | undefined;
  /** CPU seconds the process has used so far (all its threads), from /proc/<pid>/stat. */
  cpuSeconds(): number;
  /** Sum and count of ghostd_block_production_ms so far. */
  blockProduction(): Promise<{ sumMs: number; count: number }>;
  stop(): Promise<void>;
}

/**
 * How a node's CLI (ghostd, or ghostplane for the sequencer bench) is started: compiled if dist/ is
 * current, else through tsx; `forced` (BENCH_L1_NODE for ghostd) = dist|tsx chooses.
 */
export function nodeCommand(
  cli: "ghostd" | "ghostplane" = "ghostd",
  forced = process.env.BENCH_L1_NODE,
): { args: string[]; label: string } {
  const dist = join(ROOT, "dist", "cli", `${cli}.js`);
  const useDist = forced === undefined ? distIsCurrent() : forced === "dist";
  return useDist
    ? { args: [dist], label: `node dist/cli/${cli}.js` }
    : {
        args: ["--import", "tsx", join(ROOT, "src", "cli", `${cli}.ts`)],
        label: `node --import tsx src/cli/${cli}.ts`,
      };
}

/**
 * What a benchmarked node's output shows on the console: lines that say something went wrong (pino levels
 * 40 warn, 50 error, 60 fatal) and anything that is not a log line (a crash's stack on stderr).
 */
export function warningsOf(name: string): (text: string) => void {
  return (text) => {
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      if (!line.startsWith("{") || /"level":[456]0/.test(line)) console.error(`${name}: ${line}`);
    }
  };
}

export async function startNode(o: NodeOptions): Promise<NodeProcess> {
  const dir = mkdtempSync(join(tmpdir(), "ghostd-bench-"));
  const { args } = nodeCommand();
  const { child, url } = await spawnNode(
    "ghostd",
    [
      ...["--data-dir", dir, "--port", "0", "--block-mode", "auto"],
      ...["--block-time", String(o.blockTime), "--genesis", o.genesisFile, "--log-level", "info"],
    ],
    {
      script: args,
      nodeArgs: process.env.BENCH_L1_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
      log: warningsOf("ghostd"),
    },
  );
  const exited = new Promise<void>((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) ok();
    else child.once("exit", () => ok());
  });
  const pid = child.pid!;
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    pid,
    memory: () => processMemory(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    async blockProduction() {
      const text = await (await fetch(new URL("/metrics", url))).text();
      const value = (name: string) =>
        Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
      return {
        sumMs: value("ghostd_block_production_ms_sum"),
        count: value("ghostd_block_production_ms_count"),
      };
    },
    async stop() {
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(forced);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
