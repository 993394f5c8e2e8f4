/**
 * kill -9 ghostd while it produces blocks under load, restart it on the same data directory: the chain,
 * the state and every receipt a client was given are intact. `npm test` runs two cycles; `npm run
 * test:slow` runs CRASH_CYCLES=50.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { createGhostdClient, createL1Signer, type GhostdClient } from "../../src/client/index.js";
import { devKey } from "../../src/l1/keys/index.js";

const CYCLES = Number(process.env.CRASH_CYCLES ?? 2);
const dir = mkdtempSync(join(tmpdir(), "ghostd-crash-"));
const cli = join(import.meta.dirname, "../../src/cli/ghostd.ts");
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts ghostd on a free port and resolves with its URL once it listens. */
function startGhostd(): Promise<string> {
  child = spawn(
    process.execPath,
    // The check after each restart reads every receipt seen so far: the rate limit is not what is tested.
    ["--import", "tsx", cli, "--data-dir", dir, "--port", "0", "--block-time", "10", "--rpc-rate", "100000"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let buffered = "";
    child!.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split("\n").slice(0, -1)) {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "ghostd started" && entry.url !== undefined) resolve(entry.url);
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    });
    child!.on("exit", (code) => reject(new Error(`ghostd exited with ${code}`)));
  });
}

async function killHard(): Promise<void> {
  const c = child!;
  const exited = new Promise((resolve) => c.once("exit", resolve));
  c.kill("SIGKILL");
  await exited;
}

test(
  `keeps every receipt a client saw across ${CYCLES} kill -9 cycles under load`,
  async () => {
    const seen = new Map<string, unknown>();
    let lastHeight = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const client: GhostdClient = createGhostdClient(await startGhostd());
      // Everything a client was told before the crash is still there, exactly.
      for (const [hash, receipt] of seen)
        expect(await client.l1_getReceipt({ txHash: hash })).toEqual(receipt);
      expect((await client.l1_head()).height).toBeGreaterThanOrEqual(lastHeight);
      const signer = await createL1Signer(client, devKey("account-0"));
      const to = devKey("account-1").address;
      const sent: string[] = [];
      const target = seen.size + 20;
      // Load: transfers in flight while blocks are produced every 10 ms; kill once 20 more receipts are out.
      while (seen.size < target) {
        for (let i = 0; i < 5; i++)
          sent.push(await signer.send({ type: "transfer", to, token: 0, amount: 1n }));
        for (const h of sent.splice(0)) {
          const r = await client.l1_getReceipt({ txHash: h });
          if (r === null) sent.push(h);
          else seen.set(h, r);
        }
      }
      lastHeight = (await client.l1_head()).height;
      for (let i = 0; i < 5; i++)
        await signer.send({ type: "transfer", to, token: 0, amount: 1n }).catch(() => undefined);
      await killHard();
      signer.close();
      await client.transport.close();
    }
    const client = createGhostdClient(await startGhostd());
    for (const [hash, receipt] of seen) expect(await client.l1_getReceipt({ txHash: hash })).toEqual(receipt);
    await client.transport.close();
    await killHard();
  },
  120_000 + CYCLES * 20_000,
);
