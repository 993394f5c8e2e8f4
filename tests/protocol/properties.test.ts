/**
 * Property tests of the reference model (fast-check): supply conservation, nonce monotonicity, rejection
 * without side effects, and rebuilding the state from published data. Runs are few because every L2 tx
 * costs an EdDSA sign and verify (~30 ms each in circomlibjs).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import {
  applyBatch,
  applyOp,
  type ErrorCode,
  getAccount,
  initProtocol,
  type L2Tx,
  type Op,
  type PriorityOp,
  type PublishedBatch,
  rebuildFromData,
  type State,
  signTx,
  stateRoot,
  type TokenId,
} from "../../src/protocol/index.js";
import { CONFIG, genesis, key, l1 } from "./helpers.js";

let g: State;
let appliedTxs = 0;
beforeAll(async () => {
  await initProtocol();
  g = genesis(4);
});

const token = fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<TokenId>;
// Mostly existing accounts (genesis has 0-3), sometimes ones that deposits may create, sometimes none.
const index = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) },
  fc.integer({ min: 4, max: 7 }),
);
const small = fc.oneof({ weight: 4, arbitrary: fc.bigInt(0n, 300n) }, fc.bigInt(0n, 6000n));

const intent = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("transfer" as const),
      from: index,
      to: index,
      token,
      amount: small,
      fee: fc.bigInt(0n, 30n),
      corrupt: fc.constantFrom("none", "none", "none", "nonce", "signature"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("withdraw" as const),
      from: index,
      token,
      amount: small,
      fee: fc.bigInt(0n, 30n),
      corrupt: fc.constantFrom("none", "none", "nonce"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("deposit" as const),
      to: fc.option(index, { nil: null }),
      token,
      amount: fc.bigInt(0n, 10n ** 9n),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("forcedExit" as const),
      account: index,
      token,
      byOwner: fc.boolean(),
    }),
  },
);
type Intent = typeof intent extends fc.Arbitrary<infer T> ? T : never;

function priorityOp(i: Extract<Intent, { kind: "deposit" | "forcedExit" }>, seq: number): PriorityOp {
  if (i.kind === "forcedExit") {
    return {
      type: "forcedExit",
      account: i.account,
      token: i.token,
      requester: i.byOwner ? l1(i.account) : 0xdeadn,
    };
  }
  if (i.to !== null)
    return { type: "deposit", to: i.to, token: i.token, amount: i.amount, ax: 0n, ay: 0n, l1Address: 0n };
  // New accounts get key(index) and l1(index) for the index they will land on, so later txs can sign.
  const { ax, ay } = key(seq).publicKey;
  return { type: "deposit", to: null, token: i.token, amount: i.amount, ax, ay, l1Address: l1(seq) };
}

function l2Tx(s: State, i: Extract<Intent, { kind: "transfer" | "withdraw" }>): L2Tx {
  const nonce = (getAccount(s, i.from)?.nonce ?? 0) + (i.corrupt === "nonce" ? 1 : 0);
  const signer = i.corrupt === "signature" ? key(i.from + 1) : key(i.from);
  const common = { from: i.from, token: i.token, amount: i.amount, fee: i.fee, nonce };
  return i.kind === "transfer"
    ? signTx(CONFIG.chainId, signer.privateKey, { type: "transfer", to: i.to, ...common })
    : signTx(CONFIG.chainId, signer.privateKey, { type: "withdraw", ...common });
}

function totals(s: State): bigint[] {
  const t = [0n, 0n, 0n, 0n];
  for (const a of s.accounts.values()) {
    for (let k = 0; k < 4; k++) t[k]! += a.balances[k]!;
  }
  return t;
}

describe("reference model properties", () => {
  test("sequenced batches conserve supply, step nonces by one, and rebuild from their data", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(intent, { minLength: 2, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        (batches) => {
          let state = g;
          const queue: PriorityOp[] = [];
          const published: PublishedBatch[] = [];
          const deposited = [0n, 0n, 0n, 0n];
          const withdrawn = [0n, 0n, 0n, 0n];
          const initial = totals(g);
          for (const intents of batches) {
            // Enqueue this batch's L1 ops; the sequencer consumes all of them, then tries its L2 txs.
            let scratch = state;
            let priorityOps = 0;
            for (const i of intents) {
              if (i.kind !== "deposit" && i.kind !== "forcedExit") continue;
              const op = priorityOp(i, scratch.nextIndex);
              queue.push(op);
              const r = applyOp(scratch, op);
              expect(r.ok).toBe(true);
              if (r.ok) scratch = r.state;
              priorityOps++;
            }
            const txs: L2Tx[] = [];
            for (const i of intents) {
              if (i.kind !== "transfer" && i.kind !== "withdraw") continue;
              const tx = l2Tx(scratch, i);
              const r = applyOp(scratch, tx);
              if (!r.ok) {
                continue;
              }
              expect(getAccount(r.state, tx.from)?.nonce).toBe(getAccount(scratch, tx.from)!.nonce + 1);
              scratch = r.state;
              txs.push(tx);
              appliedTxs++;
            }
            const out = applyBatch(
              state,
              {
                chainId: CONFIG.chainId,
                batchNumber: state.batchNumber + 1,
                feeAccount: 0,
                priorityOps,
                txs,
              },
              queue,
            );
            if (!out.ok) throw new Error(`${out.code} at ${out.opIndex}: ${out.message}`);
            for (const r of out.receipts) {
              if (r.withdrawal) withdrawn[r.withdrawal.token]! += r.withdrawal.amount;
            }
            out.receipts.slice(0, priorityOps).forEach((r, k) => {
              const op = queue[state.priorityCount + k]!;
              if (op.type === "deposit" && r.status === "applied") deposited[op.token]! += op.amount;
            });
            // Nonces: each account's nonce rose by exactly the number of its txs in the batch.
            for (const [idx, a] of out.state.accounts) {
              const sent = txs.filter((t) => t.from === idx).length;
              expect(a.nonce).toBe((getAccount(state, idx)?.nonce ?? 0) + sent);
            }
            state = out.state;
            published.push(out.published);
            const t = totals(state);
            for (let k = 0; k < 4; k++) expect(t[k]! + withdrawn[k]!).toBe(initial[k]! + deposited[k]!);
          }
          const rebuilt = rebuildFromData(g, queue, published);
          expect(stateRoot(rebuilt)).toBe(stateRoot(state));
          expect(rebuilt.accounts).toEqual(state.accounts);
          expect(rebuilt.priorityHash).toBe(state.priorityHash);
        },
      ),
      { numRuns: 25 },
    );
    // Guard against a generator that only ever produces rejected txs.
    expect(appliedTxs).toBeGreaterThan(20);
  });

  const corruption = fc.constantFrom(
    "signature",
    "nonce",
    "overdraft",
    "unknownAccount",
    "unknownToken",
    "amountRange",
    "malformedIndex",
    "notRepresentable",
  );
  const expected: Record<string, ErrorCode> = {
    signature: "TX_BAD_SIGNATURE",
    nonce: "TX_NONCE_MISMATCH",
    overdraft: "TX_INSUFFICIENT_BALANCE",
    unknownAccount: "TX_UNKNOWN_ACCOUNT",
    unknownToken: "TX_UNKNOWN_TOKEN",
    amountRange: "TX_AMOUNT_RANGE",
    malformedIndex: "TX_MALFORMED",
    notRepresentable: "TX_AMOUNT_NOT_REPRESENTABLE",
  };

  test("every corrupted tx is rejected with its code and leaves state and root unchanged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        token,
        fc.bigInt(0n, 1000n),
        corruption,
        fc.boolean(),
        (from, offset, tok, amount, how, isWithdraw) => {
          const to = (from + offset) % 4;
          const balance = getAccount(g, from)!.balances[tok];
          const fields = {
            from,
            token: tok,
            amount: how === "overdraft" ? balance + 1n : amount,
            fee: 1n,
            nonce: how === "nonce" ? 1 : 0,
          };
          const signer = how === "signature" ? key(from + 1) : key(from);
          let tx: Op = isWithdraw
            ? signTx(CONFIG.chainId, signer.privateKey, { type: "withdraw", ...fields })
            : signTx(CONFIG.chainId, signer.privateKey, { type: "transfer", to, ...fields });
          if (how === "unknownAccount") tx = { ...tx, from: 4 + offset };
          if (how === "unknownToken") tx = { ...tx, token: (4 + offset) as TokenId };
          if (how === "amountRange") tx = { ...tx, amount: (1n << 126n) + amount };
          if (how === "malformedIndex") tx = { ...tx, from: from + 0.5 };
          if (how === "notRepresentable") tx = { ...tx, amount: 12345678901n };
          const root = stateRoot(g);
          const r = applyOp(g, tx);
          expect(r.ok ? "applied" : r.code).toBe(expected[how]);
          expect(stateRoot(g)).toBe(root);
        },
      ),
      { numRuns: 40 },
    );
  });
});
