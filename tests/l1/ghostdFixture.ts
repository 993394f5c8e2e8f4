/**
 * One real ghostd for a test file: LevelDB in a fresh temporary directory, JSON-RPC on a free loopback
 * port, blocks only on demand (l1_mine), silent logs, and a typed client. `restart()` closes the node and
 * opens it again on the same directory; `close()` removes the directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createGhostdClient, type GhostdClient } from "../../src/client/index.js";
import { createGhostd, type Ghostd, type GhostdOptions } from "../../src/l1/node/index.js";

export interface TestGhostd {
  readonly node: Ghostd;
  readonly client: GhostdClient;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestGhostd(
  name: string,
  options: Partial<GhostdOptions> = {},
): Promise<TestGhostd> {
  const dir = mkdtempSync(join(tmpdir(), `ghostd-${name}-`));
  const open = () =>
    createGhostd({
      dataDir: dir,
      port: 0,
      blockMode: "manual",
      logger: pino({ level: "silent" }),
      ...options,
    });
  let node = await open();
  let client = createGhostdClient(node.url);
  return {
    get node() {
      return node;
    },
    get client() {
      return client;
    },
    async restart() {
      await node.close();
      node = await open();
      client = createGhostdClient(node.url);
    },
    async close() {
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
