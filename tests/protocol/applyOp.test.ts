import { beforeAll, describe, expect, test } from "vitest";
import {
  applyOp,
  createGenesis,
  type ErrorCode,
  getAccount,
  initProtocol,
  type Op,
  type State,
  signTx,
  stateRoot,
} from "../../src/protocol/index.js";
import { CONFIG, fundedAccount, key, l1, transfer, withdraw } from "./helpers.js";

let g: State;
beforeAll(async () => {
  await initProtocol();
  // Account 3 is nearly empty, account 2 is at the balance ceiling for SPIRIT (token 1).
  g = createGenesis(CONFIG, [
    fundedAccount(0),
    fundedAccount(1),
    fundedAccount(2, [1000n, (1n << 126n) - 1n, 0n, 0n]),
    fundedAccount(3, [5n, 0n, 0n, 0n]),
  ]);
});

function expectRejected(op: () => Op, code: ErrorCode) {
  const before = stateRoot(g);
  const snapshot = g;
  const r = applyOp(g, op());
  expect(r.ok ? "applied" : r.code).toBe(code);
  expect(stateRoot(g)).toBe(before);
  expect(g).toBe(snapshot);
}

describe("applyOp rejects every invalid L2 tx with its code and leaves the state unchanged", () => {
  const cases: [string, () => Op, ErrorCode][] = [
    [
      "a signature by another key",
      () => ({ ...transfer(0, 1), signature: transfer(1, 0).signature }),
      "TX_BAD_SIGNATURE",
    ],
    ["a signature for another chain", () => transfer(0, 1, {}, CONFIG.chainId + 1), "TX_BAD_SIGNATURE"],
    ["a tampered amount", () => ({ ...transfer(0, 1), amount: 101n }), "TX_BAD_SIGNATURE"],
    [
      "a transfer signature replayed as a withdraw",
      () => ({ ...withdraw(0), signature: transfer(0, 0 + 1).signature }),
      "TX_BAD_SIGNATURE",
    ],
    [
      "an undecodable signature",
      () => ({ ...transfer(0, 1), signature: new Uint8Array(64).fill(0xff) }),
      "TX_BAD_SIGNATURE",
    ],
    ["a short signature", () => ({ ...transfer(0, 1), signature: new Uint8Array(63) }), "TX_MALFORMED"],
    ["a future nonce", () => transfer(0, 1, { nonce: 1 }), "TX_NONCE_MISMATCH"],
    ["the maximum nonce", () => ({ ...transfer(0, 1), nonce: 2 ** 32 - 1 }), "TX_NONCE_EXHAUSTED"],
    ["a nonce beyond 32 bits", () => ({ ...transfer(0, 1), nonce: 2 ** 32 }), "TX_MALFORMED"],
    ["an overdraft", () => transfer(3, 0, { amount: 6n, fee: 0n }), "TX_INSUFFICIENT_BALANCE"],
    [
      "an overdraft by the fee alone",
      () => transfer(3, 0, { amount: 5n, fee: 1n }),
      "TX_INSUFFICIENT_BALANCE",
    ],
    [
      "a fee not covered by GCC",
      () => transfer(3, 0, { token: 2, amount: 0n, fee: 6n }),
      "TX_INSUFFICIENT_BALANCE",
    ],
    ["a withdraw overdraft", () => withdraw(3, { amount: 10n }), "TX_INSUFFICIENT_BALANCE"],
    ["an unknown sender", () => ({ ...transfer(0, 1), from: 9 }), "TX_UNKNOWN_ACCOUNT"],
    ["an unknown recipient", () => transfer(0, 9), "TX_UNKNOWN_ACCOUNT"],
    ["a recipient outside the tree", () => transfer(0, 2 ** CONFIG.depth), "TX_UNKNOWN_ACCOUNT"],
    ["an unknown token", () => ({ ...transfer(0, 1), token: 4 }) as unknown as Op, "TX_UNKNOWN_TOKEN"],
    ["a fractional token", () => ({ ...transfer(0, 1), token: 0.5 }) as unknown as Op, "TX_MALFORMED"],
    ["an amount of 2^126", () => ({ ...transfer(0, 1), amount: 1n << 126n }), "TX_AMOUNT_RANGE"],
    ["a negative amount", () => ({ ...transfer(0, 1), amount: -1n }), "TX_AMOUNT_RANGE"],
    ["a negative fee", () => ({ ...transfer(0, 1), fee: -1n }), "TX_AMOUNT_RANGE"],
    [
      "an amount with 11 significant digits",
      () => ({ ...transfer(0, 1), amount: 12345678901n }),
      "TX_AMOUNT_NOT_REPRESENTABLE",
    ],
    [
      "a fee with 5 significant digits",
      () => ({ ...transfer(0, 1), fee: 12345n }),
      "TX_FEE_NOT_REPRESENTABLE",
    ],
    ["a self-transfer", () => transfer(0, 0), "TX_SELF_TRANSFER"],
    [
      "a recipient balance overflow",
      () => transfer(0, 2, { token: 1, amount: 1n, fee: 0n }),
      "TX_BALANCE_OVERFLOW",
    ],
    ["a negative sender index", () => ({ ...transfer(0, 1), from: -1 }), "TX_MALFORMED"],
    ["a number amount", () => ({ ...transfer(0, 1), amount: 5 }) as unknown as Op, "TX_MALFORMED"],
    ["an unknown op type", () => ({ type: "mint" }) as unknown as Op, "TX_MALFORMED"],
  ];
  test.each(cases)("rejects %s", (_name, op, code) => expectRejected(op, code));
});

describe("applyOp rejects priority ops that ghostd never enqueues", () => {
  const pk = () => key(9).publicKey;
  const cases: [string, () => Op, ErrorCode][] = [
    [
      "a deposit of 2^126",
      () => ({ type: "deposit", to: 0, token: 0, amount: 1n << 126n, ax: 0n, ay: 0n, l1Address: 0n }),
      "TX_AMOUNT_RANGE",
    ],
    [
      "a deposit of token 4",
      () =>
        ({ type: "deposit", to: 0, token: 4, amount: 1n, ax: 0n, ay: 0n, l1Address: 0n }) as unknown as Op,
      "TX_UNKNOWN_TOKEN",
    ],
    [
      "a deposit to an existing account carrying a key",
      () => ({ type: "deposit", to: 0, token: 0, amount: 1n, ...pk(), l1Address: 0n }),
      "TX_MALFORMED",
    ],
    [
      "a new account with an off-curve key",
      () => ({ type: "deposit", to: null, token: 0, amount: 1n, ax: 1n, ay: 2n, l1Address: 1n }),
      "TX_BAD_PUBKEY",
    ],
    [
      "a new account with the identity as key",
      () => ({ type: "deposit", to: null, token: 0, amount: 1n, ax: 0n, ay: 1n, l1Address: 1n }),
      "TX_BAD_PUBKEY",
    ],
    [
      "a new account with a 161-bit L1 address",
      () => ({ type: "deposit", to: null, token: 0, amount: 1n, ...pk(), l1Address: 1n << 160n }),
      "TX_MALFORMED",
    ],
    [
      "a forced exit of account 2^32",
      () => ({ type: "forcedExit", account: 2 ** 32, token: 0, requester: 1n }),
      "TX_MALFORMED",
    ],
  ];
  test.each(cases)("rejects %s", (_name, op, code) => expectRejected(op, code));
});

describe("applyOp", () => {
  test("applies a transfer: debits amount and fee, credits the recipient, bumps the nonce, holds the fee", () => {
    const r = applyOp(g, transfer(0, 1, { token: 1, amount: 250n, fee: 3n }));
    if (!r.ok) throw new Error(r.code);
    expect(getAccount(r.state, 0)?.balances).toEqual([10n ** 6n - 3n, 4750n, 300n, 7n]);
    expect(getAccount(r.state, 0)?.nonce).toBe(1);
    expect(getAccount(r.state, 1)?.balances[1]).toBe(5250n);
    expect(r.state.pendingFees).toBe(3n);
    expect(getAccount(g, 0)?.nonce).toBe(0);
  });

  test("applies a withdraw paying its L1 owner", () => {
    const r = applyOp(g, withdraw(1, { token: 2, amount: 300n, fee: 0n }));
    if (!r.ok) throw new Error(r.code);
    expect(r.receipt.withdrawal).toEqual({ account: 1, l1Address: l1(1), token: 2, amount: 300n });
    expect(getAccount(r.state, 1)?.balances[2]).toBe(0n);
  });

  test("a GCC transfer may spend the whole balance on amount plus fee", () => {
    const r = applyOp(g, transfer(3, 0, { amount: 4n, fee: 1n }));
    expect(r.ok).toBe(true);
  });

  test("creates the next free account on a deposit with to = null", () => {
    const { ax, ay } = key(7).publicKey;
    const r = applyOp(g, { type: "deposit", to: null, token: 3, amount: 9n, ax, ay, l1Address: l1(7) });
    if (!r.ok) throw new Error(r.code);
    expect(r.receipt).toMatchObject({ status: "applied", account: 4 });
    expect(getAccount(r.state, 4)).toEqual({
      ax,
      ay,
      l1Address: l1(7),
      nonce: 0,
      balances: [0n, 0n, 0n, 9n],
    });
    expect(r.state.priorityCount).toBe(1);
  });

  test("a deposit to a missing account is a no-op that still advances the queue", () => {
    const r = applyOp(g, { type: "deposit", to: 12, token: 0, amount: 9n, ax: 0n, ay: 0n, l1Address: 0n });
    if (!r.ok) throw new Error(r.code);
    expect(r.receipt).toMatchObject({ status: "noop", reason: "TX_UNKNOWN_ACCOUNT" });
    expect(stateRoot(r.state)).toBe(stateRoot(g));
    expect(r.state.priorityCount).toBe(1);
    expect(r.state.priorityHash).not.toBe(g.priorityHash);
  });

  test("a deposit that would overflow is a no-op", () => {
    const r = applyOp(g, { type: "deposit", to: 2, token: 1, amount: 1n, ax: 0n, ay: 0n, l1Address: 0n });
    expect(r.ok && r.receipt.reason).toBe("TX_BALANCE_OVERFLOW");
  });

  test("a deposit creating an account in a full tree is a no-op", () => {
    const full = createGenesis(
      { ...CONFIG, depth: 2 },
      [0, 1, 2, 3].map((i) => fundedAccount(i)),
    );
    const { ax, ay } = key(7).publicKey;
    const r = applyOp(full, { type: "deposit", to: null, token: 0, amount: 1n, ax, ay, l1Address: 1n });
    expect(r.ok && r.receipt.reason).toBe("PRIORITY_TREE_FULL");
  });

  test("a forced exit by the owner withdraws the whole balance; by anyone else it is a no-op", () => {
    const owner = applyOp(g, { type: "forcedExit", account: 1, token: 1, requester: l1(1) });
    if (!owner.ok) throw new Error(owner.code);
    expect(owner.receipt.withdrawal).toEqual({ account: 1, l1Address: l1(1), token: 1, amount: 5000n });
    const stranger = applyOp(g, { type: "forcedExit", account: 1, token: 1, requester: l1(2) });
    if (!stranger.ok) throw new Error(stranger.code);
    expect(stranger.receipt).toMatchObject({ status: "noop", reason: "PRIORITY_NOT_OWNER" });
    expect(stateRoot(stranger.state)).toBe(stateRoot(g));
    expect(stranger.state.priorityCount).toBe(1);
  });

  test("a zero-amount, zero-fee transfer is valid (it only bumps the nonce)", () => {
    const tx = signTx(CONFIG.chainId, key(0).privateKey, {
      type: "transfer",
      from: 0,
      to: 1,
      token: 0,
      amount: 0n,
      fee: 0n,
      nonce: 0,
    });
    const r = applyOp(g, tx);
    expect(r.ok && getAccount(r.state, 0)?.nonce).toBe(1);
  });
});
