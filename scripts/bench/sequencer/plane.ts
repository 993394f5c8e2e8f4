/**
 * GhostPlane in its own process for `npm run bench -- sequencer`: the `ghostplane` CLI (compiled when
 * dist/ is current, else through tsx, as ghostd in the l1 bench) on a fresh temporary data directory
 * (LevelDB: the write-ahead log is on and synced), a free loopback port and no per-connection rate limit
 * to speak of. The sequencer forks a sealing process and, when proving, a prover process: its memory and
 * CPU are those of the whole process tree, read from /proc.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { spawnNode } from "../../devnet/nodeProcess.js";
import { processCpuSeconds, processMemory, processTree } from "../harness.js";
import { nodeCommand, warningsOf } from "../l1/node.js";

export interface PlaneOptions {
  /** ghostd's WebSocket URL. */
  readonly l1WsUrl: string;
  /** "none": proving paused, batches stay sealed (run 1); "wasm": the forked prover (run 2). */
  readonly prover: "none" | "wasm";
  /** --max-proving-backlog (ms of estimated proving before L2 txs are refused). */
  readonly maxProvingBacklogMs: number;
  /** --max-unsealed (soft-confirmed txs waiting to be sealed before L2 txs are refused); the default if absent. */
  readonly maxUnsealedTxs?: number;
  /** Node flags for the sequencer's main process (BENCH_SEQ_NODE_ARGS, e.g. --cpu-prof). */
  readonly nodeArgs: readonly string[];
  /** NODE_OPTIONS for the whole tree (BENCH_SEQ_NODE_OPTIONS, e.g. to profile the sealing process). */
  readonly nodeOptions?: string | undefined;
}

export interface PlaneProcess {
  readonly url: string;
  readonly wsUrl: string;
  readonly pid: number;
  /** Date.now() when its "started" line arrived (≈ the pipeline's start: the busy share's origin). */
  readonly startedAt: number;
  /**
   * Current RSS of the whole tree, the sum of its processes' peaks (an upper bound of the tree's peak),
   * MiB, and the tree's current RSS process by process ("ghostplane 371 + sealerWorker 212").
   */
  memory(): { treeMiB: number; peakSumMiB: number; parts: string };
  /** CPU seconds used so far by the tree (a helper that exited no longer counts). */
  cpuSeconds(): number;
  /** A sample's value from GET /metrics (`name{labels}` as printed), NaN if absent. */
  metric(name: string): Promise<number>;
  /** Why the process ended, if it has (a crash under load shows here). */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/** The script a node process runs (its last argument ending in .js or .ts), by its base name. */
function processName(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const script = [...args].reverse().find((a) => /\.(js|ts)$/.test(a)) ?? args[0] ?? "";
    return basename(script).replace(/\.(js|ts)$/, "");
  } catch {
    return String(pid);
  }
}

export function planeCommandLabel(): string {
  return nodeCommand("ghostplane", process.env.BENCH_SEQ_NODE).label;
}

export async function startPlane(o: PlaneOptions): Promise<PlaneProcess> {
  const dir = mkdtempSync(join(tmpdir(), "ghostplane-bench-"));
  const { args } = nodeCommand("ghostplane", process.env.BENCH_SEQ_NODE);
  const { child, url } = await spawnNode(
    "ghostplane",
    [
      ...["--l1", o.l1WsUrl, "--data-dir", dir, "--port", "0", "--prover", o.prover],
      ...["--max-proving-backlog", String(o.maxProvingBacklogMs), "--rpc-rate", "1000000"],
      ...(o.maxUnsealedTxs === undefined ? [] : ["--max-unsealed", String(o.maxUnsealedTxs)]),
      ...["--log-level", "info"],
    ],
    {
      script: args,
      nodeArgs: o.nodeArgs,
      // NODE_OPTIONS reaches the forked sealing and prover processes too (they get no other node flags).
      ...(o.nodeOptions === undefined ? {} : { env: { ...process.env, NODE_OPTIONS: o.nodeOptions } }),
      log: warningsOf("ghostplane"),
    },
  );
  let exit: string | undefined;
  const exited = new Promise<void>((ok) => {
    const ended = (code: number | null, signal: NodeJS.Signals | null) => {
      exit = `exited with ${signal ?? code}`;
      ok();
    };
    if (child.exitCode !== null || child.signalCode !== null) ended(child.exitCode, child.signalCode);
    else child.once("exit", ended);
  });
  const startedAt = Date.now();
  const pid = child.pid!;
  // The tree is found by scanning /proc, a few ms on the load's own thread: once every 5 s is enough (the
  // sealing and prover processes are forked at start and live as long as the sequencer).
  let tree = { pids: processTree(pid), at: performance.now() };
  const pids = () => {
    if (performance.now() - tree.at > 5_000) tree = { pids: processTree(pid), at: performance.now() };
    return tree.pids;
  };
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    pid,
    startedAt,
    memory() {
      const each = pids().map((p) => ({ name: processName(p), m: processMemory(p) }));
      const sum = (f: (m: { peakMiB: number; rssMiB: number }) => number) =>
        each.reduce((s, { m }) => s + (m === undefined ? 0 : f(m)), 0);
      return {
        treeMiB: sum((m) => m.rssMiB),
        peakSumMiB: sum((m) => m.peakMiB),
        parts: each
          .filter(({ m }) => m !== undefined)
          .map(({ name, m }) => `${name} ${m!.rssMiB.toFixed(0)}`)
          .join(" + "),
      };
    },
    cpuSeconds: () => pids().reduce((s, p) => s + (processCpuSeconds(p) || 0), 0),
    async metric(name) {
      const text = await (await fetch(new URL("/metrics", url))).text();
      const line = text.split("\n").find((l) => l.startsWith(`${name} `));
      return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
    },
    exited: () => exit,
    async stop() {
      if (exit === undefined) {
        child.kill("SIGTERM");
        const forced = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited;
        clearTimeout(forced);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
