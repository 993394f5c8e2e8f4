/**
 * A real redis-server for a test file: on a free loopback port, in a fresh directory, with append-only
 * persistence (fsync on every write), so `restart()` brings back every job a stop left. CI installs
 * Debian's redis-server (.ci/run); without it the test says so instead of skipping.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: it writes its data) and starts it again on the same port and files. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? "redis-server";

export async function startTestRedis(): Promise<TestRedis> {
  if (spawnSync(REDIS_SERVER, ["--version"]).status !== 0) {
    throw new Error(`${REDIS_SERVER} is not installed: apt-get install redis-server (.ci/run does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "ghost-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    const c = spawn(
      REDIS_SERVER,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--maxmemory-policy",
        "noeviction",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    child = c;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      const onData = (b: Buffer) => {
        out += b.toString();
        if (out.includes("Ready to accept connections")) {
          c.stdout!.off("data", onData);
          c.stdout!.resume();
          resolve();
        }
      };
      c.stdout!.on("data", onData);
      c.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`)));
    });
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
