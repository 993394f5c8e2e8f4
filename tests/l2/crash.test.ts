/**
 * kill -9 the sequencer while txs are being sent, restart it on the same data directory: every tx it
 * acknowledged is there, in the batch and place it was given, and settles on L1. Then
 * `ghostplane --rebuild-from-l1` on that directory rebuilds the state from ghostd's posted data alone and
 * reaches ghostd's last settled root. ghostd runs in this process; the sequencer is the real command in
 * a child process. `npm test` runs one crash; `npm run test:slow` runs L2_CRASH_CYCLES of them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  createGhostdClient,
  createGhostplaneClient,
  createL2Wallet,
  type GhostdClient,
  type GhostplaneClient,
  type SequencedTx,
} from "../../src/client/index.js";
import { createGhostd, type Ghostd } from "../../src/l1/node/index.js";
import { l2KeyFromSeed } from "../../src/protocol/index.js";
import { L2_CHAIN_ID, waitFor } from "./stackFixture.js";

const CYCLES = Number(process.env.L2_CRASH_CYCLES ?? 1);
const cli = join(import.meta.dirname, "../../src/cli/ghostplane.ts");
const l1Dir = mkdtempSync(join(tmpdir(), "ghostd-l2crash-"));
const dir = mkdtempSync(join(tmpdir(), "ghostplane-crash-"));
let ghostd: Ghostd;
let l1: GhostdClient;
let child: ChildProcess | undefined;

beforeAll(async () => {
  ghostd = await createGhostd({
    dataDir: l1Dir,
    port: 0,
    blockMode: "auto",
    blockTime: 20,
    idleBlockTime: 200,
    logger: pino({ level: "silent" }),
  });
  l1 = createGhostdClient(ghostd.url);
}, 120_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await l1?.close();
  await ghostd?.close();
  rmSync(l1Dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the ghostplane command on a free port; resolves with its WebSocket URL once it listens. */
function startPlane(...extra: string[]): Promise<string> {
  const c = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      cli,
      ...["--l1", ghostd.wsUrl, "--data-dir", dir, "--port", "0", "--batch-timeout", "100"],
      ...["--rpc-rate", "100000", ...extra],
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  child = c;
  return new Promise((resolve, reject) => {
    let buffered = "";
    c.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split("\n").slice(0, -1)) {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "ghostplane started" && entry.url !== undefined)
          resolve(entry.url.replace(/^http/, "ws"));
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    });
    c.on("exit", (code) => reject(new Error(`ghostplane exited with ${code}`)));
  });
}

async function killHard(): Promise<void> {
  const c = child!;
  const exited = new Promise((resolve) => c.once("exit", resolve));
  c.kill("SIGKILL");
  await exited;
}

async function stop(): Promise<void> {
  const c = child!;
  const exited = new Promise((resolve) => c.once("exit", resolve));
  c.kill("SIGTERM");
  await exited;
}

test(`every acknowledged tx survives ${CYCLES} kill -9 and settles; --rebuild-from-l1 reaches the settled root`, async () => {
  const acked: SequencedTx[] = [];
  let l2: GhostplaneClient | undefined;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    l2 = createGhostplaneClient(await startPlane(), { reconnect: false });
    // Everything acknowledged before the crash is there, exactly where it was acknowledged.
    for (const a of acked) {
      const t = await l2.l2_getTransaction({ txHash: a.txHash });
      expect(t).toMatchObject({ txHash: a.txHash, batchNumber: a.batchNumber, position: a.position });
    }
    // Load: the four development accounts each send transfers back to back; kill -9 after a few answers.
    const wallets = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        createL2Wallet(l2!, {
          privateKey: l2KeyFromSeed(`account-${i}`).privateKey,
          index: i + 1,
          chainId: L2_CHAIN_ID,
        }),
      ),
    );
    const before = acked.length;
    let crashed = false;
    const senders = wallets.map(async (w, i) => {
      for (let k = 0; k < 2 && !crashed; k++) {
        try {
          acked.push(await w.transfer({ to: ((i + 1) % 4) + 1, token: 0, amount: 1n, fee: 1n }));
        } catch {
          return; // the crash cut this one: not acknowledged, so nothing is promised about it
        }
      }
    });
    await waitFor(
      async () => acked.length - before,
      (n) => n >= 3,
      30_000,
      "a few acknowledged txs",
    );
    crashed = true;
    await killHard();
    await Promise.all(senders);
    await l2.close();
  }

  l2 = createGhostplaneClient(await startPlane(), { reconnect: false });
  for (const a of acked) {
    expect(await l2.l2_getTransaction({ txHash: a.txHash })).toMatchObject({
      batchNumber: a.batchNumber,
      position: a.position,
    });
  }
  // Every acknowledged tx settles (the open batch closes on its timeout, then proof and commit).
  const last = Math.max(...acked.map((a) => a.batchNumber));
  await waitFor(
    () => l2!.l2_chainInfo(),
    (i) => i.heads.settled >= last,
    240_000,
    `batch ${last} settled`,
  );
  for (const a of acked) {
    expect((await l2.l2_getTransaction({ txHash: a.txHash }))!.status).toBe("settled");
  }
  const settled = await l1.l1_rollupState();
  const info = await l2.l2_chainInfo();
  await l2.close();
  await stop();

  // Rebuild from L1 alone on the same directory: the state is ghostd's last settled root.
  l2 = createGhostplaneClient(await startPlane("--rebuild-from-l1", "--prover", "none"), {
    reconnect: false,
  });
  const rebuilt = await l2.l2_chainInfo();
  expect(rebuilt.heads).toMatchObject({
    sealed: settled.lastBatch,
    settled: settled.lastBatch,
    soft: { batchNumber: settled.lastBatch + 1, ops: 0 },
  });
  const account = await l2.l2_getAccount({ index: 1 });
  expect(account!.sealed.root).toBe(settled.lastRoot);
  expect(info.heads.settled).toBeLessThanOrEqual(settled.lastBatch);
  await l2.close();
  await stop();
}, 420_000);
