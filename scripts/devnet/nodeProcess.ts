/**
 * A node's compiled CLI (`node dist/cli/<name>.js`) in its own process, as a user runs it: its JSON logs
 * (pino, stdout) and its stderr go to `log`, and the start resolves once the line `<name> started` gives
 * its URL (so port 0 works). A process that exits before that rejects with the last lines it wrote.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";

import { PROJECT_ROOT } from "../build/sourceKeys.js";

export { PROJECT_ROOT };

export type NodeName = "ghostd" | "ghostplane";

export interface NodeProcess {
  readonly name: NodeName;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  readonly wsUrl: string;
  /** Why it ended ("exit 0", "signal SIGKILL"), once it has. */
  exited(): string | undefined;
  /** SIGTERM (the node closes cleanly), SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnNodeOptions {
  /** Where every line of stdout and stderr goes (default: dropped). */
  readonly log?: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Node flags before the script (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  /** The script to run instead of dist/cli/<name>.js (the benchmarks may run the TypeScript one). */
  readonly script?: readonly string[];
  /** Aborting kills the process (SIGKILL) if it has not started yet: the start then rejects. */
  readonly signal?: AbortSignal;
}

const KEPT_LINES = 40;

export async function spawnNode(
  name: NodeName,
  args: readonly string[],
  options: SpawnNodeOptions = {},
): Promise<NodeProcess> {
  const script = options.script ?? [join(PROJECT_ROOT, "dist", "cli", `${name}.js`)];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...script, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a terminal's Ctrl-C reaches the parent only, which then stops the nodes in
    // order (the sequencer before the L1 it settles on) instead of both at once.
    detached: true,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const log = options.log ?? (() => {});
  const kill = () => child.kill("SIGKILL");
  options.signal?.addEventListener("abort", kill, { once: true });
  let ended: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      ended = signal === null ? `exit ${code}` : `signal ${signal}`;
      resolve();
    });
  });
  const last: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    log(text);
    last.push(text);
    if (last.length > KEPT_LINES) last.shift();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    let started = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      log(text);
      if (started) return;
      buffered += text;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        last.push(line);
        if (last.length > KEPT_LINES) last.shift();
        let entry: { msg?: string; url?: string };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        if (entry.msg === `${name} started` && typeof entry.url === "string") {
          started = true;
          resolve(entry.url);
        }
      }
    });
    void gone.then(() =>
      reject(new Error(`${name} ended (${ended}) before it started; its last lines:\n${last.join("\n")}`)),
    );
  });
  options.signal?.removeEventListener("abort", kill);
  return {
    name,
    child,
    pid: child.pid!,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    exited: () => ended,
    async stop(graceMs = 15_000) {
      if (ended !== undefined) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await gone;
      clearTimeout(forced);
    },
  };
}

/**
 * A loopback port free right now: asked of the OS by listening on port 0. The devnet tells ghostd its port
 * up front, so the sequencer can start beside it instead of after it.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
