/**
 * The sequencer's proving path: batches applied and sealed by the WASM engine give circuit inputs
 * (buildBatchInputFromSealed) that satisfy the batch circuit and commit to the model's public-input
 * hash; one of them is proven and verified.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/bridge/index.js";
import {
  applyBatch,
  type Batch,
  initProtocol,
  type L2Tx,
  type Op,
  type PriorityOp,
  type State,
} from "../../src/protocol/index.js";
import {
  type BuiltBatchCircuit,
  buildBatchInputFromSealed,
  calculateWitness,
  createLocalProverQueue,
  type ProverQueue,
  readVerificationKey,
  verifyBatchProof,
} from "../../src/prover/index.js";
import { account, CIRCUIT, CONFIG, genesis, key, l1, testCircuit, transfer, withdraw } from "./helpers.js";

let built: BuiltBatchCircuit;
let queue: ProverQueue;

beforeAll(async () => {
  await initProtocol();
  built = await testCircuit();
  queue = createLocalProverQueue();
});

afterAll(async () => {
  await queue.close();
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

/** Runs batches through the model and the engine side by side; returns each batch's engine witness. */
async function run(batches: { priorityOps: PriorityOp[]; txs: L2Tx[] }[], feeAccount = 1) {
  const n = 4;
  let state: State = genesis(n);
  const engine: Engine = await createEngine({
    ...CONFIG,
    genesis: Array.from({ length: n }, (_, i) => account(i)),
    feeAccount,
  });
  const queued = batches.flatMap((b) => b.priorityOps);
  const out = [];
  for (const b of batches) {
    const ops: Op[] = [...b.priorityOps, ...b.txs];
    const outcomes = engine.apply(ops);
    expect(outcomes.map((o) => o.ok)).toEqual(ops.map(() => true));
    const sealed = engine.seal();
    const batch: Batch = {
      chainId: CONFIG.chainId,
      batchNumber: state.batchNumber + 1,
      feeAccount,
      priorityOps: b.priorityOps.length,
      txs: b.txs,
    };
    const model = applyBatch(state, batch, queued); // the whole L1 queue: the model reads from priorityCount
    if (!model.ok) throw new Error(`model rejects: ${model.code}`);
    const witness = await buildBatchInputFromSealed(CIRCUIT, CONFIG.chainId, ops, sealed);
    expect(witness.publicInputHash).toBe(model.publicInputHash);
    out.push(witness);
    state = model.state;
  }
  return out;
}

const newKey = key(4).publicKey; // the account the creating deposit makes at index 4

describe("circuit input from the engine's sealed batch", () => {
  it("satisfies the circuit for every op kind, padded and full batches alike", async () => {
    const witnesses = await run([
      { priorityOps: [], txs: [transfer(0, 2, { amount: 250n, fee: 3n })] },
      {
        priorityOps: [
          {
            type: "deposit",
            to: null,
            token: 1,
            amount: 900n,
            ax: newKey.ax,
            ay: newKey.ay,
            l1Address: l1(9),
          },
        ],
        txs: [withdraw(0, { nonce: 1, amount: 40n, fee: 2n })],
      },
      {
        priorityOps: [
          { type: "deposit", to: 3, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n },
          { type: "forcedExit", account: 2, token: 2, requester: l1(2) },
        ],
        txs: [],
      },
      { priorityOps: [{ type: "forcedExit", account: 3, token: 0, requester: l1(0) }], txs: [] },
      { priorityOps: [], txs: [transfer(4, 0, { token: 1, amount: 100n, fee: 0n })] },
    ]);
    for (const w of witnesses) await calculateWitness(built.wasm, w.input);
  });

  it("proves one engine-built batch, and the proof verifies against the model's public input", async () => {
    const [w] = await run([{ priorityOps: [], txs: [transfer(1, 3, { amount: 7n, fee: 1n }), withdraw(2)] }]);
    const wtns = await calculateWitness(built.wasm, w!.input);
    const proof = await queue.prove({ zkey: built.zkey, wtns });
    expect(await verifyBatchProof(readVerificationKey(built.vkey), proof, w!.publicInputHash)).toBe(true);
  });
});
