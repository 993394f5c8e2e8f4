/**
 * One real ghostd and one real ghostplane for a test file, in this process: LevelDB in fresh temporary
 * directories, JSON-RPC on free loopback ports, the test-size circuit, silent logs, typed clients for
 * both. `restartPlane()` closes the sequencer and opens it again on the same directory; `stopGhostd()` and
 * `startGhostd()` take ghostd away and bring it back on the same directory and port (an L1 outage);
 * `close()` stops both and removes the directories.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import {
  createGhostdClient,
  createGhostplaneClient,
  createL2Wallet,
  type GhostdClient,
  type GhostplaneClient,
  type L2Wallet,
} from "../../src/client/index.js";
import { createGhostd, type Ghostd, type GhostdOptions } from "../../src/l1/node/index.js";
import { createGhostplane, type Ghostplane, type GhostplaneOptions } from "../../src/l2/node/index.js";
import { l2KeyFromSeed } from "../../src/protocol/index.js";

export interface TestStack {
  /** The running ghostd (the latest one after startGhostd). */
  readonly ghostd: Ghostd;
  readonly plane: Ghostplane;
  readonly l1: GhostdClient;
  readonly l2: GhostplaneClient;
  readonly planeDir: string;
  /** The L2 wallet of development account `account-i` (index i + 1). */
  wallet(i: number): Promise<L2Wallet>;
  restartPlane(options?: Partial<GhostplaneOptions>): Promise<void>;
  stopGhostd(): Promise<void>;
  startGhostd(): Promise<void>;
  close(): Promise<void>;
}

export const L2_CHAIN_ID = 7;

export async function startTestStack(
  name: string,
  options: { ghostd?: Partial<GhostdOptions>; plane?: Partial<GhostplaneOptions> } = {},
): Promise<TestStack> {
  const l1Dir = mkdtempSync(join(tmpdir(), `ghostd-${name}-`));
  const planeDir = mkdtempSync(join(tmpdir(), `ghostplane-${name}-`));
  const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const openGhostd = (port: number) =>
    createGhostd({
      dataDir: l1Dir,
      port,
      blockMode: "auto",
      blockTime: 20,
      idleBlockTime: 200,
      logger: silent,
      ...options.ghostd,
    });
  let ghostd = await openGhostd(0);
  const l1Port = Number(new URL(ghostd.url).port);
  let ghostdUp = true;
  const l1 = createGhostdClient(ghostd.url);
  const openPlane = (extra: Partial<GhostplaneOptions> = {}) =>
    createGhostplane({
      l1Url: ghostd.wsUrl,
      dataDir: planeDir,
      port: 0,
      logger: silent,
      sequencing: { batchTimeoutMs: 200 },
      limits: { requestsPerSecond: 100_000, requestBurst: 200_000 },
      ...options.plane,
      ...extra,
    });
  let plane = await openPlane();
  let l2 = createGhostplaneClient(plane.wsUrl);
  return {
    get ghostd() {
      return ghostd;
    },
    get plane() {
      return plane;
    },
    l1,
    get l2() {
      return l2;
    },
    planeDir,
    wallet: (i) =>
      createL2Wallet(l2, {
        privateKey: l2KeyFromSeed(`account-${i}`).privateKey,
        index: i + 1,
        chainId: L2_CHAIN_ID,
      }),
    async restartPlane(extra) {
      await l2.close();
      await plane.close();
      plane = await openPlane(extra);
      l2 = createGhostplaneClient(plane.wsUrl);
    },
    async stopGhostd() {
      ghostdUp = false;
      await ghostd.close();
    },
    async startGhostd() {
      ghostd = await openGhostd(l1Port);
      ghostdUp = true;
    },
    async close() {
      await l2.close();
      await plane.close();
      await l1.close();
      if (ghostdUp) await ghostd.close();
      rmSync(l1Dir, { recursive: true, force: true });
      rmSync(planeDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `done` holds (or throws after `timeoutMs`). */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 60_000,
  what = "a condition",
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
