/**
 * Every rule of the model, enforced by the circuit's constraints on their own: for each, a witness input that
 * is consistent everywhere except for that rule (a forged transition, or one altered input) leaves at least
 * one constraint of the compiled .r1cs unsatisfied, and the boundary value on the valid side satisfies all
 * of them. The verdict is the R1CS's, not the witness generator's: the full assignment is computed through
 * the generator's failed assertions (`calculateAssignment`) and checked constraint by constraint
 * (`checkConstraints`), so a rule the compiler dropped from the constraints would fail its test here even
 * though the generator still asserts it. No proofs are made here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Account,
  applyBatch,
  type Batch,
  createGenesis,
  FIELD_MODULUS,
  type L2Tx,
  type PriorityOp,
  publicInputHash,
  type State,
} from "../../src/protocol/index.js";
import {
  type ApplyOp,
  buildBatchInput,
  type CircuitInput,
  calculateWitness,
  checkConstraints,
  describeConstraintCheck,
} from "../../src/prover/index.js";
import { BALANCE_LIMIT, forgeApply } from "./forge.js";
import {
  account,
  CIRCUIT,
  CONFIG,
  genesis,
  judge,
  key,
  l1,
  testCircuit,
  testR1cs,
  transfer,
  withdraw,
} from "./helpers.js";

beforeAll(async () => {
  await testR1cs(); // compiles or loads the circuit, then reads its constraints once for the whole file
});

/** Every constraint holds on the input's assignment (and the generator asserted nothing false). */
async function satisfied(input: CircuitInput): Promise<void> {
  const { check, failedAssertions } = await judge(input);
  expect(describeConstraintCheck(check)).toBe(`all ${check.nConstraints} constraints hold`);
  expect(failedAssertions).toEqual([]);
}

/**
 * At least one constraint fails on the input's assignment. The message names them, and the generator's
 * failed assertions beside them: assertions without a failed constraint would be a rule the R1CS lost.
 */
async function violated(input: CircuitInput): Promise<void> {
  const { check, failedAssertions } = await judge(input);
  const why = `${describeConstraintCheck(check)}; failed assertions: ${failedAssertions.join(", ") || "none"}`;
  expect(check.failed.length, why).toBeGreaterThan(0);
}

interface Case {
  pre?: State;
  priorityOps?: PriorityOp[];
  txs?: L2Tx[];
  feeAccount?: number;
  apply?: ApplyOp;
}

async function inputOf(c: Case): Promise<CircuitInput> {
  const pre = c.pre ?? genesis(4);
  const w = await buildBatchInput(
    CIRCUIT,
    {
      preState: pre,
      priorityOps: c.priorityOps ?? [],
      txs: c.txs ?? [],
      batchNumber: pre.batchNumber + 1,
      feeAccount: c.feeAccount ?? 3,
    },
    c.apply === undefined ? {} : { apply: c.apply },
  );
  return w.input;
}

/** The model accepts the batch and its witness satisfies every constraint. */
async function accepted(c: Case): Promise<void> {
  const pre = c.pre ?? genesis(4);
  const priorityOps = c.priorityOps ?? [];
  const batch: Batch = {
    chainId: CONFIG.chainId,
    batchNumber: pre.batchNumber + 1,
    feeAccount: c.feeAccount ?? 3,
    priorityOps: priorityOps.length,
    txs: c.txs ?? [],
  };
  const model = applyBatch(pre, batch, priorityOps);
  expect(model.ok ? "ok" : model.code).toBe("ok");
  await satisfied(await inputOf(c));
}

/** The model rejects the batch (or `modelCode` as a priority no-op reason) and a constraint fails. */
async function rejected(c: Case, modelCode: string, input?: CircuitInput): Promise<void> {
  const pre = c.pre ?? genesis(4);
  const priorityOps = c.priorityOps ?? [];
  const model = applyBatch(
    pre,
    {
      chainId: CONFIG.chainId,
      batchNumber: pre.batchNumber + 1,
      feeAccount: c.feeAccount ?? 3,
      priorityOps: priorityOps.length,
      txs: c.txs ?? [],
    },
    priorityOps,
  );
  const verdict = model.ok ? (model.receipts.find((r) => r.reason)?.reason ?? "ok") : model.code;
  expect(verdict).toBe(modelCode);
  await violated(input ?? (await inputOf(c)));
}

function withAccount(i: number, patch: Partial<Account>, n = 4): State {
  return createGenesis(
    CONFIG,
    Array.from({ length: n }, (_, j) => (j === i ? { ...account(j), ...patch } : account(j))),
  );
}

const forged = forgeApply();

/** The wires of a .wtns file (iden3 format: section 1 holds n8 and the prime, section 2 the values). */
function wtnsWires(wtns: Uint8Array): bigint[] {
  const view = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength);
  let pos = 12;
  let n8 = 0;
  const wires: bigint[] = [];
  for (let s = view.getUint32(8, true); s > 0; s--) {
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (id === 1) n8 = view.getUint32(pos, true);
    if (id === 2) {
      for (let p = pos; p < pos + size; p += n8) {
        let x = 0n;
        for (let j = n8 - 8; j >= 0; j -= 8) x = (x << 64n) | view.getBigUint64(p + j, true);
        wires.push(x);
      }
    }
    pos += size;
  }
  return wires;
}

describe("the constraint check", () => {
  it("is not vacuous: a valid witness passes; with one of nine sampled wires moved by one, it fails", async () => {
    const input = await inputOf({ txs: [transfer(0, 1)] });
    const { check, wires, failedAssertions } = await judge(input);
    expect(check.failed).toEqual([]);
    expect(failedAssertions).toEqual([]);
    // Made non-fatal, the assertions change nothing on a valid input: the prover's witness, wire for wire.
    const built = await testCircuit();
    expect(wtnsWires(await calculateWitness(built.wasm, input))).toEqual(wires);

    const r1cs = await testR1cs();
    // Every wire is read by some constraint (so a sample stands for the rest) ...
    const read = new Set(r1cs.constraints.flatMap((k) => [...k.a.wires, ...k.b.wires, ...k.c.wires]));
    expect(read.size).toBe(r1cs.nWires);
    // ... and the public input, then wires spread over the whole assignment, each moved by one, fail it.
    const n = wires.length;
    const picks = [1, ...Array.from({ length: 8 }, (_, k) => Math.floor(((k + 1) * (n - 1)) / 8))];
    for (const i of picks) {
      const altered = [...wires];
      altered[i] = (altered[i]! + 1n) % FIELD_MODULUS;
      const bad = checkConstraints(r1cs, altered);
      expect(bad.failed.length, `wire ${i}`).toBeGreaterThan(0);
    }
    // Wire 0 is the constant 1: the all-zero assignment, which satisfies every R1CS, is not an assignment.
    expect(() =>
      checkConstraints(
        r1cs,
        wires.map(() => 0n),
      ),
    ).toThrow(expect.objectContaining({ code: "WITNESS_FAILED" }));
  });

  it("judges by the R1CS: without a mutation's failing constraints it passes, though the generator asserts", async () => {
    // A wrong old root: the generator's assertion fails, and so do the constraints that bind the root.
    const input = await inputOf({ txs: [transfer(0, 1)] });
    input.oldRoot = (input.oldRoot as bigint) + 1n;
    const { check, wires, failedAssertions } = await judge(input);
    expect(check.failed.length).toBeGreaterThan(0);
    expect(failedAssertions.length).toBeGreaterThan(0);
    // The same R1CS without those constraints, as if the compiler had dropped them: the check passes,
    // though the generator still asserts the rule, so only the constraint check catches such a loss.
    const r1cs = await testR1cs();
    const dropped = new Set(check.failed.map((f) => f.index));
    const constraints = r1cs.constraints.filter((_, k) => !dropped.has(k));
    const lossy = { ...r1cs, constraints, nConstraints: constraints.length };
    expect(checkConstraints(lossy, wires).failed).toEqual([]);
  });
});

describe("the batch circuit's constraints reject what the model rejects", () => {
  it("bad signature: S or R8 altered (TX_BAD_SIGNATURE)", async () => {
    const c = { txs: [transfer(0, 1)] };
    await accepted(c);
    for (const field of ["sigS", "sigR8x"] as const) {
      const input = await inputOf(c);
      (input[field] as bigint[])[0]! += 1n;
      await violated(input);
    }
    // A signature by another key over the same tx.
    const other = { ...transfer(0, 1), signature: transfer(1, 0, { amount: 100n }).signature };
    await rejected({ txs: [other], apply: forged }, "TX_BAD_SIGNATURE");
  });

  it("wrong nonce: a tx signed for nonce 1 on an account at nonce 0 (TX_NONCE_MISMATCH)", async () => {
    await rejected({ txs: [transfer(0, 1, { nonce: 1 })], apply: forged }, "TX_NONCE_MISMATCH");
  });

  it("nonce boundary: 2^32 − 2 is usable, 2^32 − 1 is exhausted (TX_NONCE_EXHAUSTED)", async () => {
    const last = 2 ** 32 - 2;
    await accepted({ pre: withAccount(0, { nonce: last }), txs: [withdraw(0, { nonce: last })] });
    const pre = withAccount(0, { nonce: last + 1 });
    await rejected({ pre, txs: [withdraw(0, { nonce: last + 1 })], apply: forged }, "TX_NONCE_EXHAUSTED");
  });

  it("overdraft including the fee: balance = amount + fee passes, one unit more fails", async () => {
    const pre = withAccount(0, { balances: [1000n, 5000n, 0n, 0n] });
    await accepted({ pre, txs: [transfer(0, 1, { amount: 999n, fee: 1n })] });
    await rejected(
      { pre, txs: [transfer(0, 1, { amount: 999n, fee: 2n })], apply: forged },
      "TX_INSUFFICIENT_BALANCE",
    );
    await rejected(
      { pre, txs: [transfer(0, 1, { amount: 1000n, fee: 1n })], apply: forged },
      "TX_INSUFFICIENT_BALANCE",
    );
    // Another token: its own balance covers the amount, GCC covers the fee.
    await accepted({ pre, txs: [withdraw(0, { token: 1, amount: 5000n, fee: 1000n })] });
    await rejected(
      { pre, txs: [withdraw(0, { token: 1, amount: 5000n, fee: 1001n })], apply: forged },
      "TX_INSUFFICIENT_BALANCE",
    );
    await rejected(
      { pre, txs: [withdraw(0, { token: 1, amount: 5001n, fee: 0n })], apply: forged },
      "TX_INSUFFICIENT_BALANCE",
    );
  });

  it("wrong old root, wrong sibling", async () => {
    const c = { txs: [transfer(0, 1)] };
    for (const mutate of [
      (i: CircuitInput) => {
        i.oldRoot = (i.oldRoot as bigint) + 1n;
      },
      (i: CircuitInput) => {
        (i.aSiblings as bigint[][])[0]![2]! += 1n;
      },
      (i: CircuitInput) => {
        (i.bSiblings as bigint[][])[0]![0]! += 1n;
      },
      (i: CircuitInput) => {
        (i.feeSiblings as bigint[])[1]! += 1n;
      },
    ]) {
      const input = await inputOf(c);
      mutate(input);
      await violated(input);
    }
  });

  it("out-of-range amount: the largest amount below 2^126 passes, the next representable one fails", async () => {
    const max = 850_705_917n * 10n ** 29n; // the largest float36 value below 2^126
    const pre = withAccount(0, { balances: [10n, BALANCE_LIMIT - 1n, 0n, 0n] });
    await accepted({ pre, txs: [transfer(0, 1, { token: 1, amount: max, fee: 0n })] });
    const over = 850_705_918n * 10n ** 29n;
    await rejected(
      { pre, txs: [transfer(0, 1, { token: 1, amount: over, fee: 0n })], apply: forged },
      "TX_AMOUNT_RANGE",
    );
    // Deposits carry full 126-bit amounts: 2^126 − 1 credits, 2^126 cannot be consumed even as a no-op.
    const deposit = (amount: bigint): PriorityOp => ({
      type: "deposit",
      to: 2,
      token: 3,
      amount,
      ax: 0n,
      ay: 0n,
      l1Address: 0n,
    });
    const empty = withAccount(2, { balances: [0n, 0n, 0n, 0n] });
    await accepted({ pre: empty, priorityOps: [deposit(BALANCE_LIMIT - 1n)] });
    await rejected(
      { pre: empty, priorityOps: [deposit(BALANCE_LIMIT)], apply: forgeApply({ priorityNoop: true }) },
      "TX_AMOUNT_RANGE",
    );
  });

  it("recipient overflow: a credit to 2^126 − 1 passes, to 2^126 fails (TX_BALANCE_OVERFLOW)", async () => {
    const pre = withAccount(1, { balances: [BALANCE_LIMIT - 2n, 0n, 0n, 0n] });
    await accepted({ pre, txs: [transfer(0, 1, { amount: 1n, fee: 0n })] });
    await rejected(
      { pre, txs: [transfer(0, 1, { amount: 2n, fee: 0n })], apply: forged },
      "TX_BALANCE_OVERFLOW",
    );
    // The same at the high half of the other packed pair (GHOST), which the circuit reads through its pair.
    const high = withAccount(1, { balances: [0n, 0n, 5n, BALANCE_LIMIT - 2n] });
    await accepted({ pre: high, txs: [transfer(0, 1, { token: 3, amount: 1n, fee: 0n })] });
    await rejected(
      { pre: high, txs: [transfer(0, 1, { token: 3, amount: 2n, fee: 0n })], apply: forged },
      "TX_BALANCE_OVERFLOW",
    );
  });

  it("unknown token: 3 passes, 4 fails", async () => {
    await accepted({ txs: [transfer(0, 1, { token: 3, amount: 7n })] });
    const input = await inputOf({ txs: [transfer(0, 1, { token: 3, amount: 7n })] });
    (input.token as bigint[])[0] = 4n;
    await violated(input);
  });

  it("self-transfer and transfer to an unknown account", async () => {
    await rejected({ txs: [transfer(1, 1)], apply: forged }, "TX_SELF_TRANSFER");
    // A recipient claimed to be absent: the circuit requires an existing recipient leaf.
    const input = await inputOf({ txs: [transfer(0, 1)] });
    (input.bExists as bigint[])[0] = 0n;
    await violated(input);
  });

  it("forced exit by a non-owner is a no-op; treated as applied, a constraint fails", async () => {
    const exit: PriorityOp = { type: "forcedExit", account: 1, token: 0, requester: l1(2) };
    await accepted({ priorityOps: [exit] });
    await rejected({ priorityOps: [exit], apply: forged }, "PRIORITY_NOT_OWNER");
    // By the owner: applied.
    await accepted({ priorityOps: [{ ...exit, requester: l1(1) }] });
  });

  it("deposits: unknown index and a full tree are no-ops the circuit proves", async () => {
    const toUnknown: PriorityOp = {
      type: "deposit",
      to: 1000,
      token: 0,
      amount: 5n,
      ax: 0n,
      ay: 0n,
      l1Address: 0n,
    };
    const create: PriorityOp = {
      type: "deposit",
      to: null,
      token: 0,
      amount: 5n,
      ax: key(20).publicKey.ax,
      ay: key(20).publicKey.ay,
      l1Address: l1(20),
    };
    await accepted({ priorityOps: [toUnknown, { ...toUnknown, to: 7 }] });
    await accepted({ pre: genesis(2 ** CONFIG.depth), priorityOps: [create] });
    await accepted({ pre: genesis(2 ** CONFIG.depth - 1), priorityOps: [create, create] });
    // A creating deposit may not skip nextIndex: in a state whose nextIndex is 6 with accounts 0-3, the
    // model (which trusts nextIndex) creates account 6, and the circuit finds leaf 5 empty.
    const skipped = { ...genesis(4), nextIndex: 6 };
    const input = await inputOf({ pre: skipped, priorityOps: [create] });
    await violated(input);
  });

  it("priority ops after an L2 tx are rejected", async () => {
    const exit: PriorityOp = { type: "forcedExit", account: 1, token: 0, requester: l1(1) };
    const input = await inputOf({ txs: [withdraw(0), exit as unknown as L2Tx], apply: forged });
    await violated(input);
  });

  it("altered DA data: a public input from other data does not match the witness", async () => {
    const c = { txs: [transfer(0, 1)] };
    const input = await inputOf(c);
    const pre = genesis(4);
    const model = applyBatch(
      pre,
      { chainId: CONFIG.chainId, batchNumber: 1, feeAccount: 3, priorityOps: 0, txs: c.txs },
      [],
    );
    if (!model.ok) throw new Error(model.code);
    input.publicInputHash = publicInputHash({
      chainId: CONFIG.chainId,
      batchNumber: 1,
      feeAccount: 3,
      oldRoot: model.oldRoot,
      newRoot: model.newRoot,
      oldPriorityHash: model.oldPriorityHash,
      newPriorityHash: model.newPriorityHash,
      dataHash: model.dataHash + 1n,
    });
    await violated(input);
  });
});
