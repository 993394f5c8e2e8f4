/**
 * Exodus on a real ghostd, as users would live it: a deposit waits in the priority queue, block time is
 * moved past its deadline with l1_mine (never by sleeping), the rollup enters exodus; then no more
 * batches, the queued deposit is refunded, and an L2 account's owner withdraws its balances once with a
 * Merkle proof against the last settled root (here the L2 genesis root), checked natively by ghostd.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createL1Signer, type GhostdClient, type L1Signer } from "../../src/client/index.js";
import { devKey } from "../../src/l1/keys/index.js";
import type { Ghostd } from "../../src/l1/node/index.js";
import { type Account, createGenesis, l2KeyFromSeed, merkleProof } from "../../src/protocol/index.js";
import { type Json, rawAccount } from "../vectors/decode.js";
import { startTestGhostd, type TestGhostd } from "./ghostdFixture.js";

let ghostd: TestGhostd;
let node: Ghostd;
let client: GhostdClient;
let depositor: L1Signer;
let owner: L1Signer;

beforeAll(async () => {
  ghostd = await startTestGhostd("exodus");
  ({ node, client } = ghostd);
  depositor = await createL1Signer(client, devKey("account-1"));
  owner = await createL1Signer(client, devKey("account-0"));
});

afterAll(async () => {
  depositor?.close();
  owner?.close();
  await ghostd?.close();
});

const gcc = async (s: L1Signer) =>
  BigInt((await client.l1_getAccount({ address: s.addressHex })).balances[0]!);

async function included(hash: string) {
  await client.l1_mine({});
  return client.l1_getReceipt({ txHash: hash });
}

test("a missed deadline opens exodus: no more batches, queued deposits refunded, one withdrawal per account", async () => {
  const rollup = (
    node.genesisJson as { rollup: { depth: number; accounts: Json[]; priorityDeadlineSeconds: number } }
  ).rollup;
  const key = l2KeyFromSeed("exodus-test").publicKey;
  const deposit = await depositor.send({ type: "deposit", token: 0, amount: 777n, to: null, ...key });
  expect((await included(deposit))?.status).toBe("ok");
  const { queueLength, nextDeadline } = await client.l1_rollupState();
  expect(nextDeadline).not.toBeNull();

  // Block time jumps past the deadline: the next block opens exodus before its transactions.
  await client.l1_mine({ timestamp: nextDeadline! + 1 });
  const state = await client.l1_rollupState();
  expect([state.exodus, state.lastBatch]).toEqual([true, 0]);

  // No more deposits or batches.
  const again = await depositor.send({ type: "deposit", token: 0, amount: 1n, to: 1, ax: 0n, ay: 0n });
  expect((await included(again))?.code).toBe("ROLLUP_EXODUS");

  // The queued deposit comes back to its depositor, once.
  const before = await gcc(depositor);
  const refund = await depositor.send({ type: "refund", queueIndex: BigInt(queueLength - 1) });
  expect((await included(refund))?.status).toBe("ok");
  expect(await gcc(depositor)).toBe(before - 1000n + 777n);
  const twice = await depositor.send({ type: "refund", queueIndex: BigInt(queueLength - 1) });
  expect((await included(twice))?.code).toBe("ROLLUP_ALREADY_REFUNDED");

  // account-0 owns L2 account 1 in the L2 genesis: its Merkle proof against the last settled root.
  const accounts: Account[] = rollup.accounts.map(rawAccount);
  const l2 = createGenesis({ chainId: 7, depth: rollup.depth, batchSize: 2 }, accounts);
  const proof = merkleProof(l2.nodes, rollup.depth, 1);
  const leaf = accounts[1]!;
  const withdraw = (siblings: readonly bigint[], signer = owner) =>
    signer.send({
      type: "exodusWithdraw",
      account: 1,
      ax: leaf.ax,
      ay: leaf.ay,
      accountNonce: leaf.nonce,
      balances: leaf.balances,
      siblings,
    });
  const wrong = await withdraw(proof.siblings.map((s, i) => (i === 0 ? s + 1n : s)));
  expect((await included(wrong))?.code).toBe("ROLLUP_BAD_MERKLE_PROOF");
  const notOwner = await withdraw(proof.siblings, depositor);
  expect((await included(notOwner))?.code).toBe("ROLLUP_BAD_MERKLE_PROOF");
  const escrow = (await client.l1_rollupState()).escrow.map(BigInt);
  const ownerBefore = await gcc(owner);
  const ok = await withdraw(proof.siblings);
  expect((await included(ok))?.status).toBe("ok");
  expect(await gcc(owner)).toBe(ownerBefore - 1000n + leaf.balances[0]);
  expect((await client.l1_rollupState()).escrow.map(BigInt)).toEqual(
    escrow.map((e, i) => e - leaf.balances[i]!),
  );
  const repeat = await withdraw(proof.siblings);
  expect((await included(repeat))?.code).toBe("ROLLUP_ALREADY_WITHDRAWN");
});
