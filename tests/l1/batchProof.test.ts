/**
 * One batch settled on L1 with a real Groth16 proof (docs/l1.md §4.3): the model builds the batch (a
 * creating deposit queued on L1, then an L2 withdrawal), the project's prover proves it at the test
 * circuit's size, and ghostd verifies it with the genesis verification key through the injected
 * verifier. The same proof is then refused for another batch, and a malformed proof is PROOF_INVALID.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proofVerifier } from "../../src/l1/index.js";
import {
  applyBatch,
  type ChainConfig,
  createGenesis,
  type PriorityOp,
  signTx,
} from "../../src/protocol/index.js";
import {
  type BatchProof,
  type BuiltBatchCircuit,
  buildBatchCircuit,
  buildBatchInput,
  calculateWitness,
  createLocalProverQueue,
  type ProverQueue,
  readVerificationKey,
  type VerificationKey,
} from "../../src/prover/index.js";
import { ALICE, Chain, expectFailure, l2Accounts, l2Key, SEQ, testGenesis } from "./helpers.js";

let built: BuiltBatchCircuit;
let vkey: VerificationKey;
let prover: ProverQueue;

beforeAll(async () => {
  built = await buildBatchCircuit("test");
  vkey = readVerificationKey(built.vkey);
  prover = createLocalProverQueue();
});

afterAll(async () => {
  await prover.close();
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

describe("CommitBatch with a real proof", () => {
  it("settles a proven batch: root, queue, owner of the new account and the withdrawal payout", async () => {
    const chain = new Chain(testGenesis({ verificationKey: vkey }), proofVerifier(vkey));
    const { rollup } = chain.params;
    const config: ChainConfig = { chainId: rollup.chainId, depth: rollup.depth, batchSize: rollup.batchSize };
    expect(config).toEqual({ chainId: 7, depth: built.circuit.depth, batchSize: built.circuit.nSlots });

    // L1: Alice deposits 250 GCC creating an L2 account with key 5.
    const key = l2Key(5).publicKey;
    const dep = await chain.tx({
      type: "deposit",
      ...chain.common(ALICE),
      token: 0,
      amount: 250n,
      to: null,
      ...key,
    });
    expect(dep.status).toBe("ok");
    const queue: PriorityOp[] = [chain.state.queueEntry(0)!.op];

    // L2 (the model): the deposit, then account 1 (Alice's) withdraws 100 GCC with fee 1.
    const pre = createGenesis(config, l2Accounts());
    const withdraw = signTx(config.chainId, l2Key(1).privateKey, {
      type: "withdraw",
      from: 1,
      token: 0,
      amount: 100n,
      fee: 1n,
      nonce: 0,
    });
    const batch = { chainId: config.chainId, batchNumber: 1, feeAccount: 0, priorityOps: 1, txs: [withdraw] };
    const model = applyBatch(pre, batch, queue);
    if (!model.ok) throw new Error(model.code);
    const witness = await buildBatchInput(built.circuit, {
      preState: pre,
      priorityOps: queue,
      txs: [withdraw],
      batchNumber: 1,
      feeAccount: 0,
    });
    const proof: BatchProof = await prover.prove({
      zkey: built.zkey,
      wtns: await calculateWitness(built.wasm, witness.input),
    });

    const commit = {
      type: "commitBatch" as const,
      batchNumber: 1,
      feeAccount: 0,
      newRoot: model.newRoot,
      proof: proof.proof,
      data: model.published.data,
    };
    // The same proof for another batch: another fee account, or one data byte changed.
    await expectFailure(chain, { ...chain.common(SEQ), ...commit, feeAccount: 1 }, "PROOF_INVALID");
    const altered = Uint8Array.from(commit.data);
    // byte 2 is the low byte of the withdrawal's amount mantissa (the deposit record is byte 0): 100 becomes 101
    altered[2]! ^= 0x01;
    await expectFailure(chain, { ...chain.common(SEQ), ...commit, data: altered }, "PROOF_INVALID");
    // A malformed proof (points off the curve) is an invalid proof too.
    const junk = { ...proof.proof, pi_a: ["1", "1", "1"] as const };
    await expectFailure(chain, { ...chain.common(SEQ), ...commit, proof: junk }, "PROOF_INVALID");

    const alice = chain.balance(ALICE.address, 0);
    const escrow = chain.state.rollup().escrow[0];
    const r = await chain.tx({ ...chain.common(SEQ), ...commit });
    expect(r.status).toBe("ok");
    const rollupState = chain.state.rollup();
    expect(rollupState.lastBatch).toBe(1);
    expect(rollupState.lastRoot).toBe(model.newRoot);
    expect(rollupState.consumed).toBe(1);
    expect(chain.state.queueEntry(0)!.status).toBe("processed");
    expect(chain.state.owner(3)).toBe(ALICE.address);
    expect(chain.balance(ALICE.address, 0)).toBe(alice + 100n);
    expect(rollupState.escrow[0]).toBe(escrow - 100n);
    expect(r.events.map((e) => e.type)).toEqual(["withdrawalPaid", "batchSettled"]);
    expect(chain.state.batch(1)).toMatchObject({
      newRoot: model.newRoot,
      feeAccount: 0,
      firstQueue: 0,
      priorityOps: 1,
    });
  });
});
