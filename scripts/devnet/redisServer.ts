/**
 * A real redis-server for the prover queue's tests and benchmark: on a free loopback port, in a fresh
 * directory, with append-only persistence (fsync on every write), so a stop and a start bring back every
 * job. CI installs Debian's redis-server (.ci/run); without it this says so instead of skipping.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./nodeProcess.js";

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: it writes its data) and starts it again on the same port and files. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? "redis-server";

export async function startRedisServer(): Promise<RedisServer> {
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
