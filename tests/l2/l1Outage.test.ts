/**
 * ghostd goes away and comes back on the same directory and port: meanwhile the sequencer keeps
 * soft-confirming, sealing and proving, and says L1 is unreachable; once ghostd returns, settlement
 * catches up on its own (one shared stack, the test-size circuit, one settled batch).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestStack, type TestStack, waitFor } from "./stackFixture.js";

let s: TestStack;

beforeAll(async () => {
  s = await startTestStack("outage");
}, 300_000);

afterAll(async () => {
  await s?.close();
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

test("soft confirmation goes on while ghostd is down; settlement catches up when it returns", async () => {
  const wallet = await s.wallet(0);
  await s.stopGhostd();
  const sent = await wallet.transfer({ to: 2, token: 0, amount: 10n, fee: 1n });
  expect(sent.status).toBe("sequenced");
  const down = await waitFor(
    () => s.l2.l2_chainInfo(),
    (i) => i.heads.proven >= sent.batchNumber && !i.settlement.l1Reachable,
    120_000,
    "the batch proven, and L1 reported unreachable",
  );
  expect(down.heads.settled).toBeLessThan(sent.batchNumber);
  expect(down.settlement.stopped).toBeNull();

  await s.startGhostd();
  const settled = await waitFor(
    () => s.l2.l2_getTransaction({ txHash: sent.txHash }),
    (t) => t?.status === "settled",
    120_000,
    "the transfer settled after ghostd returned",
  );
  expect(settled!.events.map((e) => e.status)).toEqual([
    "received",
    "sequenced",
    "sealed",
    "proven",
    "settled",
  ]);
  expect((await s.l1.l1_rollupState()).lastBatch).toBe(sent.batchNumber);
  expect((await s.l2.l2_chainInfo()).settlement.l1Reachable).toBe(true);
}, 300_000);
