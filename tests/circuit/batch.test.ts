/**
 * The batch circuit end to end at test size: model batches prove and verify, the proof's public input is the
 * model's public-input hash, and a proof binds its own batch only. Random valid batches (fast-check, a few
 * runs) are checked through witness generation, and the first ones are proven.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyBatch,
  type Batch,
  type BatchOutput,
  dataHash,
  initProtocol,
  type L2Tx,
  type PriorityOp,
  publicInputHash,
  type State,
} from "../../src/protocol/index.js";
import {
  type BatchProof,
  type BuiltBatchCircuit,
  buildBatchInput,
  calculateWitness,
  createLocalProverQueue,
  fromPublicSignals,
  type ProverQueue,
  proofFromJson,
  proofToJson,
  readVerificationKey,
  type VerificationKey,
  verifyBatchProof,
} from "../../src/prover/index.js";
import { CIRCUIT, CONFIG, genesis, key, l1, testCircuit, transfer, withdraw } from "./helpers.js";

let built: BuiltBatchCircuit;
let vkey: VerificationKey;
let queue: ProverQueue;

beforeAll(async () => {
  await initProtocol();
  built = await testCircuit();
  vkey = readVerificationKey(built.vkey);
  queue = createLocalProverQueue();
});

afterAll(async () => {
  await queue.close();
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

interface Case {
  pre: State;
  queue: PriorityOp[];
  priorityOps: PriorityOp[];
  txs: L2Tx[];
  feeAccount: number;
}

/** The model's verdict and the circuit's witness input for one batch. */
async function both(c: Case) {
  const batch: Batch = {
    chainId: CONFIG.chainId,
    batchNumber: c.pre.batchNumber + 1,
    feeAccount: c.feeAccount,
    priorityOps: c.priorityOps.length,
    txs: c.txs,
  };
  const model = applyBatch(c.pre, batch, c.queue);
  if (!model.ok) throw new Error(`model rejects: ${model.code}`);
  const witness = await buildBatchInput(CIRCUIT, {
    preState: c.pre,
    priorityOps: c.priorityOps,
    txs: c.txs,
    batchNumber: batch.batchNumber,
    feeAccount: c.feeAccount,
  });
  return { model, witness };
}

async function prove(c: Case): Promise<{ proof: BatchProof; hash: bigint; model: BatchOutput }> {
  const { model, witness } = await both(c);
  expect(witness.publicInputHash).toBe(model.publicInputHash);
  expect(witness.newRoot).toBe(model.newRoot);
  const wtns = await calculateWitness(built.wasm, witness.input);
  const proof = await queue.prove({ zkey: built.zkey, wtns });
  return { proof, hash: model.publicInputHash, model };
}

describe("batch circuit (test size: 2 slots, depth 4)", () => {
  const created: PriorityOp = {
    type: "deposit",
    to: null,
    token: 1,
    amount: 777n,
    ax: key(9).publicKey.ax,
    ay: key(9).publicKey.ay,
    l1Address: l1(9),
  };

  it("proves a batch of a creating deposit and a transfer; the public input is the model's hash", async () => {
    const pre = genesis(3);
    const c: Case = { pre, queue: [created], priorityOps: [created], txs: [transfer(0, 1)], feeAccount: 2 };
    const { proof, hash, model } = await prove(c);
    expect(fromPublicSignals(proof.publicSignals).publicInputHash).toBe(hash);
    const again = proofFromJson(proofToJson(proof));
    expect(await verifyBatchProof(vkey, again, hash)).toBe(true);

    // The same proof does not verify for another batch's public input ...
    const other = await both({ pre, queue: [], priorityOps: [], txs: [withdraw(1)], feeAccount: 0 });
    expect(await verifyBatchProof(vkey, proof, other.model.publicInputHash)).toBe(false);
    // ... nor for this batch with one published byte altered (ghostd recomputes the hash from the data).
    const altered = Uint8Array.from(model.published.data);
    // The transfer record follows the 1-byte deposit record; its amount mantissa starts at bit 12 (depth 4).
    altered[2]! ^= 0x10;
    const header = { chainId: CONFIG.chainId, batchNumber: 1, feeAccount: 2 };
    const alteredHash = publicInputHash({
      ...header,
      oldRoot: model.oldRoot,
      newRoot: model.newRoot,
      oldPriorityHash: model.oldPriorityHash,
      newPriorityHash: model.newPriorityHash,
      dataHash: dataHash(altered, CONFIG.depth, CONFIG.batchSize),
    });
    expect(alteredHash).not.toBe(hash);
    expect(await verifyBatchProof(vkey, proof, alteredHash)).toBe(false);
  });

  it("queues two jobs and proves them one at a time, each for its own batch", async () => {
    const pre = genesis(3);
    const a = await both({ pre, queue: [], priorityOps: [], txs: [transfer(0, 2)], feeAccount: 1 });
    const b = await both({
      pre,
      queue: [],
      priorityOps: [],
      txs: [withdraw(1, { token: 2 })],
      feeAccount: 0,
    });
    const jobs = [a, b].map(async ({ witness }) =>
      queue.prove({ zkey: built.zkey, wtns: await calculateWitness(built.wasm, witness.input) }),
    );
    const [pa, pb] = await Promise.all(jobs);
    expect(queue.pending).toBe(0);
    expect(await verifyBatchProof(vkey, pa!, a.model.publicInputHash)).toBe(true);
    expect(await verifyBatchProof(vkey, pb!, b.model.publicInputHash)).toBe(true);
    expect(await verifyBatchProof(vkey, pa!, b.model.publicInputHash)).toBe(false);
  });

  it("rejects malformed proof JSON with PROOF_INVALID", () => {
    const good = {
      proof: {
        pi_a: ["1", "2", "1"],
        pi_b: [
          ["1", "2"],
          ["3", "4"],
          ["1", "0"],
        ],
        pi_c: ["1", "2", "1"],
        protocol: "groth16",
        curve: "bn128",
      },
      publicSignals: ["5"],
    };
    expect(proofFromJson(JSON.stringify(good)).publicSignals).toEqual(["5"]);
    for (const bad of [
      "not json",
      JSON.stringify({ ...good, publicSignals: ["5", "6"] }),
      JSON.stringify({ ...good, publicSignals: ["-5"] }),
      JSON.stringify({ ...good, publicSignals: ["05"] }),
      JSON.stringify({ ...good, proof: { ...good.proof, protocol: "plonk" } }),
      JSON.stringify({ ...good, proof: { ...good.proof, pi_a: ["1", "2"] } }),
      JSON.stringify({ ...good, proof: { ...good.proof, pi_b: [["1", "2"]] } }),
    ]) {
      expect(() => proofFromJson(bad)).toThrow(expect.objectContaining({ code: "PROOF_INVALID" }));
    }
  });

  it("proves a forced exit by its owner and a withdrawal of another token", async () => {
    const pre = genesis(3);
    const exit: PriorityOp = { type: "forcedExit", account: 1, token: 2, requester: l1(1) };
    const { proof, hash } = await prove({
      pre,
      queue: [exit],
      priorityOps: [exit],
      txs: [withdraw(2, { token: 3, amount: 7n, fee: 2047n * 10n ** 2n })],
      feeAccount: 0,
    });
    expect(await verifyBatchProof(vkey, proof, hash)).toBe(true);
  });

  it("accepts random valid batches from the model, chained over two batches (witness; first runs proven)", async () => {
    let proven = 0;
    await fc.assert(
      fc.asyncProperty(randomBatches(), async (steps) => {
        let pre = genesis(4);
        let consumed = 0;
        for (const step of steps) {
          const c = pickValid(pre, step.queue, step.txs, consumed);
          const { model, witness } = await both(c);
          expect(witness.publicInputHash).toBe(model.publicInputHash);
          const wtns = await calculateWitness(built.wasm, witness.input);
          if (proven < 1) {
            const proof = await queue.prove({ zkey: built.zkey, wtns });
            expect(await verifyBatchProof(vkey, proof, model.publicInputHash)).toBe(true);
            proven++;
          }
          pre = model.state;
          consumed += c.priorityOps.length;
        }
      }),
      { numRuns: 16, seed: 20261125 },
    );
  });
});

// ---- random batches ------------------------------------------------------------------------------

interface TxPick {
  kind: "transfer" | "withdraw";
  from: number;
  to: number;
  token: 0 | 1 | 2 | 3;
  amount: bigint;
  fee: bigint;
}

interface Step {
  queue: PriorityOp[];
  txs: TxPick[];
}

const AMOUNTS = [0n, 1n, 7n, 99n, 300n, 5000n, 10n ** 6n];
const FEES = [0n, 1n, 3n, 2047n];

function randomOp(): fc.Arbitrary<PriorityOp> {
  const token = fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3);
  const deposit = fc
    .record({
      to: fc.option(fc.constantFrom(0, 1, 3, 5, 15, 16, 1000), { nil: null }),
      token,
      amount: fc.constantFrom(...AMOUNTS),
      k: fc.integer({ min: 10, max: 12 }),
    })
    .map(({ to, token, amount, k }): PriorityOp => {
      const { ax, ay } = key(k).publicKey;
      return to === null
        ? { type: "deposit", to: null, token, amount, ax, ay, l1Address: l1(k) }
        : { type: "deposit", to, token, amount, ax: 0n, ay: 0n, l1Address: 0n };
    });
  const exit = fc
    .record({ account: fc.constantFrom(0, 1, 2, 4, 16), token, owner: fc.integer({ min: 0, max: 4 }) })
    .map(
      ({ account, token, owner }): PriorityOp => ({
        type: "forcedExit",
        account,
        token,
        requester: l1(owner),
      }),
    );
  return fc.oneof(deposit, exit);
}

function randomTx(): fc.Arbitrary<TxPick> {
  return fc.record({
    kind: fc.constantFrom<"transfer" | "withdraw">("transfer", "withdraw"),
    from: fc.integer({ min: 0, max: 4 }),
    to: fc.integer({ min: 0, max: 5 }),
    token: fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3),
    amount: fc.constantFrom(...AMOUNTS),
    fee: fc.constantFrom(...FEES),
  });
}

function randomBatches(): fc.Arbitrary<Step[]> {
  return fc.array(
    fc.record({
      queue: fc.array(randomOp(), { maxLength: 1 }),
      txs: fc.array(randomTx(), { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 2, maxLength: 2 },
  );
}

/**
 * A valid batch from random picks: the step's queue ops (all of them: priority ops never fail) and those
 * txs the model accepts, in order, up to the batch size; signed with the sender's current nonce.
 */
function pickValid(pre: State, stepQueue: PriorityOp[], picks: TxPick[], consumed: number): Case {
  const priorityOps = stepQueue.slice(0, CONFIG.batchSize);
  const fullQueue: PriorityOp[] = [...Array(consumed).fill(undefined), ...priorityOps];
  const txs: L2Tx[] = [];
  for (const p of picks) {
    if (priorityOps.length + txs.length >= CONFIG.batchSize) break;
    const nonce = pre.accounts.get(p.from)?.nonce ?? 0;
    const nonceAfter = nonce + txs.filter((t) => t.from === p.from).length;
    const tx =
      p.kind === "transfer"
        ? transfer(p.from, p.to, { token: p.token, amount: p.amount, fee: p.fee, nonce: nonceAfter })
        : withdraw(p.from, { token: p.token, amount: p.amount, fee: p.fee, nonce: nonceAfter });
    const model = applyBatch(
      pre,
      {
        chainId: CONFIG.chainId,
        batchNumber: pre.batchNumber + 1,
        feeAccount: 0,
        priorityOps: priorityOps.length,
        txs: [...txs, tx],
      },
      fullQueue as PriorityOp[],
    );
    if (model.ok) txs.push(tx);
  }
  return { pre, queue: fullQueue as PriorityOp[], priorityOps, txs, feeAccount: 0 };
}
