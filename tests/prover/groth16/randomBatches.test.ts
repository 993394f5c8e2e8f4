/**
 * The default prover (our WebAssembly Groth16 prover, in the forked prover process the sequencer uses)
 * on random valid batches: every proof verifies with snarkjs.groth16.verify against the circuit's
 * verification key and the batch's public-input hash, and a witness with one value changed gives a proof
 * that does not. The test size here; `npm run test:slow` runs the devnet size
 * (PROVER_TEST_CIRCUIT=devnet).
 */
import fc from "fast-check";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGenesis, initProtocol, type Op } from "../../../src/protocol/index.js";
import {
  type BatchCircuit,
  type BuiltBatchCircuit,
  batchCircuit,
  buildBatchCircuit,
  buildBatchInput,
  calculateWitness,
  createLocalProverQueue,
  type LocalProverQueue,
  readVerificationKey,
  toPublicSignals,
  type VerificationKey,
} from "../../../src/prover/index.js";
import { terminateSnarkjsCurve } from "../../../src/prover/setup/index.js";
import { fundedAccount, transfer, withdraw } from "../../protocol/helpers.js";

const circuit: BatchCircuit = batchCircuit(process.env.PROVER_TEST_CIRCUIT ?? "test");
const RUNS = circuit.name === "test" ? 4 : 2;
const config = { chainId: 7, depth: circuit.depth, batchSize: circuit.nSlots };
const ACCOUNTS = 4;

let built: BuiltBatchCircuit;
let vkey: VerificationKey;
let prover: LocalProverQueue;

beforeAll(async () => {
  await initProtocol();
  built = await buildBatchCircuit(circuit.name);
  vkey = readVerificationKey(built.vkey);
  prover = createLocalProverQueue({ engine: "wasm" });
}, 600_000);

afterAll(async () => {
  await prover?.close();
  await terminateSnarkjsCurve();
});

/** A full batch of transfers and withdrawals among funded accounts, each valid in its turn. */
const batchArb = fc.array(
  fc.record({
    withdraw: fc.boolean(),
    from: fc.integer({ min: 0, max: ACCOUNTS - 1 }),
    to: fc.integer({ min: 1, max: ACCOUNTS - 1 }),
    token: fc.integer({ min: 0, max: 3 }),
    amount: fc.integer({ min: 0, max: 1 }),
    fee: fc.integer({ min: 0, max: 1 }),
  }),
  { minLength: circuit.nSlots, maxLength: circuit.nSlots },
);

function ops(
  specs: { withdraw: boolean; from: number; to: number; token: number; amount: number; fee: number }[],
): Op[] {
  const nonces = new Array<number>(ACCOUNTS).fill(0);
  return specs.map((s) => {
    const fields = {
      token: s.token as 0 | 1 | 2 | 3,
      amount: BigInt(s.amount),
      fee: BigInt(s.fee),
      nonce: nonces[s.from]!++,
    };
    // The smallest balance is 7 (GHOST): amounts and fees of 0–1 never overdraw within one batch.
    return s.withdraw
      ? withdraw(s.from, fields, config.chainId)
      : transfer(s.from, (s.from + s.to) % ACCOUNTS, fields, config.chainId);
  });
}

async function witnessOf(txs: Op[]) {
  const pre = createGenesis(
    config,
    Array.from({ length: ACCOUNTS }, (_, i) => fundedAccount(i)),
  );
  const batch = await buildBatchInput(circuit, {
    preState: pre,
    priorityOps: [],
    txs: txs as never,
    batchNumber: pre.batchNumber + 1,
    feeAccount: 0,
  });
  return { wtns: await calculateWitness(built.wasm, batch.input), publicInputHash: batch.publicInputHash };
}

describe(`the default prover on random valid batches (${circuit.name} circuit)`, () => {
  test("every proof verifies with snarkjs against the batch's public-input hash", async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, async (specs) => {
        const { wtns, publicInputHash } = await witnessOf(ops(specs));
        const r = await prover.prove({ zkey: built.zkey, wtns });
        expect(r.timings?.total).toBeGreaterThan(0); // the wasm engine proved it
        const signals = toPublicSignals({ publicInputHash });
        expect(r.publicSignals).toEqual(signals);
        expect(await snarkjs.groth16.verify(vkey, signals, r.proof as never)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  test("a witness with one private value changed gives a proof that does not verify", async () => {
    const { wtns, publicInputHash } = await witnessOf(
      ops([
        { withdraw: false, from: 0, to: 1, token: 0, amount: 1, fee: 1 },
        ...Array.from({ length: circuit.nSlots - 1 }, (_, i) => ({
          withdraw: true,
          from: i + 1,
          to: 1,
          token: 1,
          amount: 1,
          fee: 0,
        })),
      ]),
    );
    const tampered = Uint8Array.from(wtns);
    // The .wtns' last 32 bytes are the last wire, a private one: flip its lowest bit.
    tampered[tampered.length - 32]! ^= 1;
    const r = await prover.prove({ zkey: built.zkey, wtns: tampered });
    expect(await snarkjs.groth16.verify(vkey, toPublicSignals({ publicInputHash }), r.proof as never)).toBe(
      false,
    );
  }, 600_000);
});
