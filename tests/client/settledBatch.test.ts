/**
 * `verifySettledBatch` (`ghost proof verify`) against a real ghostd and ghostplane (test-size circuit):
 * a deposit from L1 and a transfer on L2 settle, then every settled batch verifies from ghostd alone, its
 * checks agreeing with what the sequencer computed. A tampered proof, tampered data, data that does not
 * decode and a tampered root are invalid at the check they break, without throwing; a batch L1 has not
 * settled is BATCH_NOT_SETTLED.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  BATCH_CHECKS,
  type BatchVerification,
  createGhostplaneClient,
  createL1Signer,
  createL2Wallet,
  verifySettledBatch,
} from "../../src/client/index.js";
import { devKey } from "../../src/l1/keys/index.js";
import { BASE_FIELD_MODULUS } from "../../src/l1/tx/index.js";
import { decodeDaRecords, encodeDaRecord, l2KeyFromSeed } from "../../src/protocol/index.js";
import { terminateSnarkjsCurve } from "../../src/prover/setup/index.js";
import { L2_CHAIN_ID, startTestStack, type TestStack, waitFor } from "../l2/stackFixture.js";
import { rejectedCode } from "../thrownCode.js";

const DEPTH = 4;

let s: TestStack;
/** The settled batch holding the transfer. */
let transferBatch: number;

beforeAll(async () => {
  // A batch stays open 2 s: the deposit and the transfer usually share batch 1, so one proof settles both.
  s = await startTestStack("settled-batch", { plane: { sequencing: { batchTimeoutMs: 2_000 } } });
  // A deposit to account 1 from L1 (a priority record), then a transfer on L2, both settled.
  // (A patient client: on a loaded machine the sequencer can take over 10 s to answer while its prover starts.)
  const l2 = createGhostplaneClient(s.plane.wsUrl, { timeoutMs: 30_000 });
  const alice = await createL1Signer(s.l1, devKey("account-0"));
  await alice.send({ type: "deposit", token: 0, amount: 500n, to: 1, ax: 0n, ay: 0n });
  alice.close();
  await waitFor(
    () => l2.l2_chainInfo(),
    (i) => i.priority.nextQueueIndex === 1,
    30_000,
    "the deposit",
  );
  const wallet = await createL2Wallet(l2, {
    privateKey: l2KeyFromSeed("account-0").privateKey,
    index: 1,
    chainId: L2_CHAIN_ID,
  });
  const transfer = await wallet.transfer({ to: 2, token: 0, amount: 100n, fee: 1n });
  transferBatch = transfer.batchNumber!;
  await l2.close();
  await waitFor(
    () => s.l1.l1_rollupState(),
    (r) => r.lastBatch >= transferBatch,
    60_000,
    "the transfer's batch to settle",
  );
}, 120_000);

afterAll(async () => {
  await s?.close();
  await terminateSnarkjsCurve();
});

const check = (v: BatchVerification, name: (typeof BATCH_CHECKS)[number]) =>
  v.checks.find((c) => c.name === name)!;

describe("a settled batch verifies from ghostd alone", () => {
  test("every settled batch passes every check, with the sequencer's roots and hashes", async () => {
    const { lastBatch } = await s.l1.l1_rollupState();
    const types = new Set<string>();
    for (let k = 1; k <= lastBatch; k++) {
      const v = await verifySettledBatch(s.l1, k);
      expect(v).toMatchObject({ valid: true, batchNumber: k, failed: [] });
      expect(v.checks.map((c) => c.name)).toEqual([...BATCH_CHECKS]);
      for (const c of v.checks) {
        expect(c.status).toBe("passed");
        expect(c.description.length).toBeGreaterThan(0);
      }
      // What the sequencer computed when it proved the batch, recomputed here independently.
      const sealed = (await s.l2.l2_getBatch({ batchNumber: k }))!;
      expect(check(v, "oldRoot").value).toBe(sealed.oldRoot);
      expect(check(v, "newRoot").value).toBe(sealed.newRoot);
      expect(check(v, "dataHash").value).toBe(sealed.dataHash);
      expect(check(v, "publicInputHash").value).toBe(sealed.publicInputHash);
      expect(check(v, "verificationKey").value).toMatch(/^test 0x[0-9a-f]{64}$/);
      expect(check(v, "groth16").value).toBe("valid");
      for (const r of sealed.records) types.add(r.type);
    }
    expect(types).toEqual(new Set(["deposit", "transfer"]));
  });

  test("the priority hashes are the running hashes of the queue", async () => {
    const [deposit] = await s.l1.l1_priorityOps({ from: 0, count: 1 });
    const hashes = await Promise.all(
      [1, transferBatch].map(async (k) => {
        const v = await verifySettledBatch(s.l1, k);
        return [check(v, "oldPriorityHash").value, check(v, "newPriorityHash").value];
      }),
    );
    expect(hashes[0]).toEqual(["0", deposit!.hash]);
    expect(hashes[1]![1]).toBe(deposit!.hash);
  });
});

describe("a tampered batch is invalid at the check it breaks", () => {
  const settled = async () => (await s.l1.l1_getBatch({ batchNumber: transferBatch }))!;

  test("a proof with a negated point (y → q − y: on the curve) fails the Groth16 check only", async () => {
    const { proof } = await settled();
    const pi_a = [...proof.pi_a];
    pi_a[1] = (BASE_FIELD_MODULUS - BigInt(pi_a[1]!)).toString();
    const v = await verifySettledBatch(s.l1, transferBatch, { proof: { ...proof, pi_a } });
    expect(v.valid).toBe(false);
    expect(v.failed).toEqual(["groth16"]);
    expect(check(v, "groth16")).toMatchObject({ status: "failed", value: "invalid" });
  });

  test("a proof that is not a curve point fails the Groth16 check, without throwing", async () => {
    const { proof } = await settled();
    const v = await verifySettledBatch(s.l1, transferBatch, {
      proof: { ...proof, pi_c: ["1", "1", "1"] },
    });
    expect(v.failed).toEqual(["groth16"]);
    const missing = await verifySettledBatch(s.l1, transferBatch, { proof: { protocol: "groth16" } });
    expect(missing.failed).toEqual(["groth16"]);
  });

  test("data with another transfer amount decodes but fails the data hash and the proof", async () => {
    const b = await settled();
    const honest = await verifySettledBatch(s.l1, transferBatch);
    const records = decodeDaRecords(Buffer.from(b.data.slice(2), "hex"), DEPTH).map(({ record }) =>
      record.type === "transfer" ? { ...record, amount: record.amount + 1n } : record,
    );
    const data = `0x${Buffer.concat(records.map((r) => encodeDaRecord(r, DEPTH))).toString("hex")}`;
    expect(data).not.toBe(b.data);
    expect(data.length).toBe(b.data.length);
    const v = await verifySettledBatch(s.l1, transferBatch, { data });
    expect(v.valid).toBe(false);
    expect(v.failed).toEqual(["dataHash", "groth16"]);
    expect(check(v, "records").status).toBe("passed");
    expect(check(v, "dataHash").value).not.toBe(check(honest, "dataHash").value);
    expect(check(v, "publicInputHash").value).not.toBe(check(honest, "publicInputHash").value);
  });

  test("data that does not decode fails the records check; what needs them is skipped", async () => {
    for (const data of ["0xff", "0x0", "0xzz"]) {
      const v = await verifySettledBatch(s.l1, transferBatch, { data });
      expect(v.valid).toBe(false);
      expect(v.failed).toEqual(["records", "newPriorityHash", "dataHash", "publicInputHash", "groth16"]);
      expect(check(v, "records").status).toBe("failed");
      expect(check(v, "dataHash")).toMatchObject({
        status: "skipped",
        reason: expect.stringMatching(/records/),
      });
      expect(check(v, "groth16").status).toBe("skipped");
    }
  });

  test("another new root fails the root check and the proof", async () => {
    const b = await settled();
    const v = await verifySettledBatch(s.l1, transferBatch, { newRoot: (BigInt(b.newRoot) + 1n).toString() });
    expect(v.failed).toEqual(["newRoot", "groth16"]);
    const bad = await verifySettledBatch(s.l1, transferBatch, { newRoot: "root" });
    expect(bad.failed).toEqual(["newRoot", "publicInputHash", "groth16"]);
  });
});

describe("a batch L1 has not settled", () => {
  test("batch 0, the next batch and a negative number are BATCH_NOT_SETTLED", async () => {
    const { lastBatch } = await s.l1.l1_rollupState();
    for (const k of [0, lastBatch + 1, 2 ** 32, -1, 1.5])
      expect(await rejectedCode(verifySettledBatch(s.l1, k))).toBe("BATCH_NOT_SETTLED");
  });
});

describe("snarkjs' curve", () => {
  test("leaves no snarkjs curve running when it started one", async () => {
    await terminateSnarkjsCurve();
    expect((await verifySettledBatch(s.l1, transferBatch)).valid).toBe(true);
    expect((globalThis as { curve_bn128?: unknown }).curve_bn128 ?? null).toBeNull();
  });
});
