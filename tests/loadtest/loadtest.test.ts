/**
 * `npm run loadtest` as CI runs it: a small burst on a throw-away devnet with the test-size circuit (4
 * accounts, 200 txs of the default mix), a short settle wait, and its JSON line checked for figures that
 * are non-zero and add up: every tx accepted or rejected, a soft rate and latency, at least one batch
 * settled on L1 with its data, the circuit's constraints and the bytes per tx.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

interface Summary {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

interface LoadtestRecord {
  submitted: number;
  accepted: number;
  rejected: Record<string, number>;
  unanswered: number;
  softTxPerSec: number;
  settledTxs: number;
  settledTxPerSec: number;
  latencyMs: Record<"soft" | "sealed" | "proven" | "settled" | "endToEnd", Summary | null>;
  provingMsPerBatch: number | null;
  constraints: number;
  constraintsPerTx: number;
  bytesPerTx: number;
  bytesPerTxFrom: string;
  batches: { first: number; last: number; settledHead: number };
  backlog: number;
  invariants: Record<string, boolean>;
  planned: { transfer: number; withdraw: number; batched: number; userBatches: number };
  machine: { cores: number };
  commit: string;
  options: { txs: number; accounts: number };
}

function loadtest(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts", "loadtest.ts"), ...args],
      { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : ((error.code as number) ?? 1), stdout, stderr }),
    );
  });
}

test("a 200-tx burst on a throw-away test-size devnet reports consistent, non-zero figures", async () => {
  const run = await loadtest(
    ...["--circuit", "test", "--accounts", "4", "--connections", "2", "--txs", "200"],
    ...["--settle-wait", "30", "--json-only"],
  );
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const r = JSON.parse(lines.at(-1)!) as LoadtestRecord;

  const rejected = Object.values(r.rejected).reduce((a, b) => a + b, 0);
  expect(r.submitted).toBe(200);
  expect(r.accepted + rejected).toBe(r.submitted);
  expect(r.accepted).toBeGreaterThan(0);
  expect(r.unanswered).toBe(0);
  expect(Object.values(r.invariants).every(Boolean)).toBe(true);
  expect(r.invariants.settledDataOnL1).toBe(true);
  expect(r.planned.withdraw + r.planned.batched).toBeGreaterThan(0);

  expect(r.softTxPerSec).toBeGreaterThan(0);
  expect(r.latencyMs.soft!.p50).toBeGreaterThan(0);
  expect(r.latencyMs.soft!.count).toBe(r.accepted);
  expect(r.latencyMs.soft!.p50).toBeLessThanOrEqual(r.latencyMs.soft!.p99);
  expect(r.latencyMs.soft!.p99).toBeLessThanOrEqual(r.latencyMs.soft!.max);

  // At least one batch proven and settled within the wait, and its txs counted in every stage.
  expect(r.settledTxPerSec).toBeGreaterThanOrEqual(0);
  expect(r.batches.settledHead).toBeGreaterThanOrEqual(r.batches.first);
  expect(r.settledTxs).toBeGreaterThan(0);
  expect(r.settledTxPerSec).toBeGreaterThan(0);
  expect(r.latencyMs.endToEnd!.count).toBeGreaterThanOrEqual(r.settledTxs);
  expect(r.latencyMs.endToEnd!.p50).toBeGreaterThan(r.latencyMs.soft!.p50);
  expect(r.provingMsPerBatch).toBeGreaterThan(0);
  expect(r.backlog).toBeGreaterThanOrEqual(0);

  // The test circuit: 2 txs a batch, depth 4 (a Transfer's DA record is 8 bytes there).
  expect(r.constraints).toBeGreaterThan(0);
  expect(r.constraintsPerTx).toBe(r.constraints / 2);
  expect(r.bytesPerTxFrom).toBe("settled batches");
  expect(r.bytesPerTx).toBeGreaterThan(0);
  expect(r.machine.cores).toBeGreaterThan(0);
  expect(r.commit).not.toBe("");
}, 240_000);
