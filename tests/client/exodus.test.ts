/**
 * `exodusWithdrawFields` (`ghost exodus`) against a real ghostd and ghostplane (test-size circuit): a
 * transfer settles; the sequencer stops; a forced exit queued on L1 misses its deadline and the rollup
 * enters exodus. From ghostd's posted data alone the owner's account is found, its leaf proven against
 * the last settled root, and the ExodusWithdraw signed and sent pays its L2 balances on L1, once.
 * Before exodus, and for an account the owner does not own, it refuses.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createGhostplaneClient,
  createL1Signer,
  createL2Wallet,
  exodusWithdrawFields,
  type GhostdClient,
  rebuildSettledL2State,
} from "../../src/client/index.js";
import { devKey } from "../../src/l1/keys/index.js";
import { formatAddress } from "../../src/l1/tx/index.js";
import { accountLeaf, GhostError, l2KeyFromSeed, verifyMerkleProof } from "../../src/protocol/index.js";
import { terminateSnarkjsCurve } from "../../src/prover/setup/index.js";
import { L2_CHAIN_ID, startTestStack, type TestStack, waitFor } from "../l2/stackFixture.js";
import { rejectedCode } from "../thrownCode.js";

/** `account-1` owns L2 account 2 (the development genesis). */
const OWNER = devKey("account-1");
const ACCOUNT = 2;
const FEE = 1000n;

let s: TestStack;

beforeAll(async () => {
  s = await startTestStack("exodus");
}, 60_000);

afterAll(async () => {
  await s?.close();
  await terminateSnarkjsCurve();
});

const l1Balances = async (address: bigint) =>
  (await s.l1.l1_getAccount({ address: formatAddress(address) })).balances.map(BigInt);

/** Waits for an L1 transaction's receipt. */
const receiptOf = (l1: GhostdClient, txHash: string) =>
  waitFor(
    () => l1.l1_getReceipt({ txHash }),
    (r) => r !== null,
    10_000,
    `the receipt of ${txHash}`,
  ).then((r) => r!);

describe("ghost exodus", () => {
  test("refuses with ROLLUP_NOT_EXODUS while the rollup runs", async () => {
    expect(await rejectedCode(exodusWithdrawFields(s.l1, { owner: OWNER.address }))).toBe(
      "ROLLUP_NOT_EXODUS",
    );
  });

  test("after a missed deadline, the owner withdraws its account's L2 balances once", async () => {
    // A transfer into the owner's account settles, so the rebuild replays a batch. (A patient client: on
    // a loaded machine the sequencer can take over 10 s to answer while its prover starts.)
    const l2 = createGhostplaneClient(s.plane.wsUrl, { timeoutMs: 30_000 });
    const wallet = await createL2Wallet(l2, {
      privateKey: l2KeyFromSeed("account-0").privateKey,
      index: 1,
      chainId: L2_CHAIN_ID,
    });
    const transfer = await wallet.transfer({ to: ACCOUNT, token: 0, amount: 100n, fee: 1n });
    await l2.close();
    await waitFor(
      () => s.l1.l1_rollupState(),
      (r) => r.lastBatch >= transfer.batchNumber!,
      45_000,
      "the transfer to settle",
    );

    // The sequencer stops; a forced exit is queued and its deadline passes in block time.
    await s.l2.close();
    await s.plane.close();
    const signer = await createL1Signer(s.l1, OWNER);
    try {
      const exit = await signer.send({ type: "forcedExit", account: ACCOUNT, token: 1 });
      expect((await receiptOf(s.l1, exit)).status).toBe("ok");
      const { nextDeadline, exodus } = await s.l1.l1_rollupState();
      expect(exodus).toBe(false);
      await s.l1.l1_mine({ timestamp: nextDeadline! + 1 });
      const rollup = await s.l1.l1_rollupState();
      expect(rollup.exodus).toBe(true);

      // The fields, from ghostd's data alone: the owner's one account, proven against the last root.
      const plan = await exodusWithdrawFields(s.l1, { owner: OWNER.address });
      const { state } = await rebuildSettledL2State(s.l1);
      const account = state.accounts.get(ACCOUNT)!;
      expect(plan.lastBatch).toBe(rollup.lastBatch);
      expect(plan.lastRoot).toBe(BigInt(rollup.lastRoot));
      expect(plan.withdrawals).toHaveLength(1);
      const [w] = plan.withdrawals;
      expect(w).toMatchObject({
        type: "exodusWithdraw",
        account: ACCOUNT,
        ax: account.ax,
        ay: account.ay,
        accountNonce: account.nonce,
        balances: account.balances,
      });
      expect(account.balances[0]).toBe(10n ** 21n + 100n);
      const leaf = accountLeaf({ ...account, l1Address: OWNER.address });
      expect(verifyMerkleProof(plan.lastRoot, { index: ACCOUNT, leaf, siblings: w!.siblings })).toBe(true);
      expect(await exodusWithdrawFields(s.l1, { account: ACCOUNT, owner: OWNER.address })).toEqual(plan);

      // Signed and sent: the L2 balances arrive on L1 (less the L1 fee, in GCC).
      const before = await l1Balances(OWNER.address);
      const paid = await receiptOf(s.l1, await signer.send(w!, { fee: FEE }));
      expect(paid).toMatchObject({ status: "ok" });
      const after = await l1Balances(OWNER.address);
      expect(after).toEqual(before.map((b, t) => b + account.balances[t]! - (t === 0 ? FEE : 0n)));

      // The nullifier is set: a second withdraw of the account is refused.
      const again = await receiptOf(s.l1, await signer.send(w!, { fee: FEE }));
      expect(again).toMatchObject({ status: "failed", code: "ROLLUP_ALREADY_WITHDRAWN" });
    } finally {
      signer.close();
    }
  }, 55_000);

  test("refuses an account its owner does not own, and an index with no account", async () => {
    const notOwner = await exodusWithdrawFields(s.l1, { account: 1, owner: OWNER.address }).catch(
      (e: unknown) => e,
    );
    expect(notOwner).toBeInstanceOf(GhostError);
    expect(notOwner).toMatchObject({ code: "CLI_USAGE", details: { reason: "notOwner", account: 1 } });
    expect(await rejectedCode(exodusWithdrawFields(s.l1, { account: 14, owner: OWNER.address }))).toBe(
      "TX_UNKNOWN_ACCOUNT",
    );
    const stranger = await exodusWithdrawFields(s.l1, { owner: devKey("nobody").address }).catch(
      (e: unknown) => e,
    );
    expect(stranger).toMatchObject({ code: "CLI_USAGE", details: { reason: "notOwner" } });
  });
});
