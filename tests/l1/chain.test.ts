/**
 * The L1 state transition without batches: transfers, fees, nonces and keys (docs/l1.md §3.3, §3.4), the
 * priority queue (§4.2), the bond (§3.4) and the checkpoint rule: a failed tx changes only nonce and fee.
 */
import { describe, expect, it } from "vitest";
import { devKey, toHex, txHash } from "../../src/l1/index.js";
import { nextPriorityHash, type PriorityOp, type TokenId } from "../../src/protocol/index.js";
import { ALICE, BOB, Chain, expectFailure, FEE, l2Key, SEQ, signed } from "./helpers.js";

describe("transfers, fees and nonces", () => {
  it("transfers each of the four tokens and burns the fee", async () => {
    const c = new Chain();
    for (const token of [0, 1, 2, 3] as TokenId[]) {
      const a = c.balance(ALICE.address, token);
      const b = c.balance(BOB.address, token);
      const burned = c.state.rollup().burned;
      const r = await c.tx({ type: "transfer", ...c.common(ALICE), to: BOB.address, token, amount: 12345n });
      expect(r.status).toBe("ok");
      expect(c.balance(ALICE.address, token)).toBe(a - 12345n - (token === 0 ? FEE : 0n));
      expect(c.balance(BOB.address, token)).toBe(b + 12345n);
      expect(c.state.rollup().burned).toBe(burned + FEE);
    }
    expect(c.nonce(ALICE.address)).toBe(4n);
  });

  it("allows a transfer to oneself (only the fee leaves)", async () => {
    const c = new Chain();
    const before = c.balance(ALICE.address, 2);
    const r = await c.tx({ type: "transfer", ...c.common(ALICE), to: ALICE.address, token: 2, amount: 5n });
    expect(r.status).toBe("ok");
    expect(c.balance(ALICE.address, 2)).toBe(before);
  });

  it("fails an overdraft with L1_INSUFFICIENT_BALANCE, consuming the nonce and the fee", async () => {
    const c = new Chain();
    const tx = {
      type: "transfer" as const,
      ...c.common(ALICE),
      to: BOB.address,
      token: 3 as TokenId,
      amount: 10n ** 30n,
    };
    await expectFailure(c, tx, "L1_INSUFFICIENT_BALANCE");
    // the next nonce is not blocked by the failure
    const r = await c.tx({ type: "transfer", ...c.common(ALICE), to: BOB.address, token: 3, amount: 1n });
    expect(r.status).toBe("ok");
  });

  it("cannot include a tx with a wrong nonce, an unpayable fee, another chain or an unknown key: dropped", async () => {
    const c = new Chain();
    const root = c.state.root();
    const stranger = devKey("stranger");
    const bad = [
      {
        type: "transfer" as const,
        ...c.common(ALICE),
        nonce: 5n,
        to: BOB.address,
        token: 0 as TokenId,
        amount: 1n,
      },
      {
        type: "transfer" as const,
        ...c.common(ALICE),
        fee: 10n ** 36n,
        to: BOB.address,
        token: 0 as TokenId,
        amount: 1n,
      },
      {
        type: "transfer" as const,
        ...c.common(ALICE),
        chainId: 99,
        to: BOB.address,
        token: 0 as TokenId,
        amount: 1n,
      },
      { type: "transfer" as const, ...c.common(stranger), to: BOB.address, token: 0 as TokenId, amount: 0n },
    ];
    const r = await c.block(bad.map((tx) => signed(tx)));
    expect(r.receipts).toEqual([]);
    expect(r.dropped.map((d) => d.code)).toEqual([
      "TX_NONCE_MISMATCH",
      "L1_INSUFFICIENT_BALANCE",
      "L1_WRONG_CHAIN",
      "L1_UNKNOWN_KEY",
    ]);
    expect(toHex(c.state.root())).toBe(toHex(root));
  });

  it("stores the key of an address's first tx, and refuses another key for it", async () => {
    const c = new Chain();
    const dave = devKey("dave");
    await c.tx({ type: "transfer", ...c.common(ALICE), to: dave.address, token: 0, amount: 10n ** 6n });
    expect(c.state.publicKey(dave.address)).toBeUndefined();
    const r = await c.tx(
      { type: "transfer", ...c.common(dave), to: ALICE.address, token: 0, amount: 1n },
      dave,
    );
    expect(r.status).toBe("ok");
    expect(c.state.publicKey(dave.address)).toEqual(dave.publicKey);
    // later txs name the address only; a different key for it is refused
    const next = await c.block([
      signed({ type: "transfer", ...c.common(dave), to: ALICE.address, token: 0, amount: 1n }, ALICE),
    ]);
    expect(next.dropped.map((d) => d.code)).toEqual(["L1_KEY_MISMATCH"]);
    expect(
      (await c.tx({ type: "transfer", ...c.common(dave), to: ALICE.address, token: 0, amount: 1n })).status,
    ).toBe("ok");
  });

  it("keeps the key of a failed first tx (it was included)", async () => {
    const c = new Chain();
    const erin = devKey("erin");
    await c.tx({ type: "transfer", ...c.common(ALICE), to: erin.address, token: 0, amount: 5000n });
    const r = await c.tx(
      { type: "transfer", ...c.common(erin), to: ALICE.address, token: 1, amount: 1n },
      erin,
    );
    expect(r.code).toBe("L1_INSUFFICIENT_BALANCE");
    expect(c.state.publicKey(erin.address)).toEqual(erin.publicKey);
  });

  it("names a tx by its signed bytes and records receipts, tx root and a block hash", async () => {
    const c = new Chain();
    const tx = {
      type: "transfer" as const,
      ...c.common(ALICE),
      to: BOB.address,
      token: 0 as TokenId,
      amount: 1n,
    };
    const r = await c.block([signed(tx)]);
    expect(r.receipts[0]!.txHash).toEqual(txHash(tx));
    expect(r.receipts[0]!.block).toBe(1);
    expect(r.header.height).toBe(1);
  });
});

describe("the priority queue", () => {
  it("enqueues deposits and forced exits with the model's running hash, moving the amount to escrow", async () => {
    const c = new Chain();
    const key = l2Key(7).publicKey;
    const ops: PriorityOp[] = [];
    const escrow = c.state.rollup().escrow[1];
    let r = await c.tx({ type: "deposit", ...c.common(ALICE), token: 1, amount: 300n, to: null, ...key });
    expect(r.status).toBe("ok");
    ops.push({ type: "deposit", to: null, token: 1, amount: 300n, ...key, l1Address: ALICE.address });
    r = await c.tx({ type: "deposit", ...c.common(BOB), token: 1, amount: 20n, to: 2, ax: 0n, ay: 0n });
    ops.push({ type: "deposit", to: 2, token: 1, amount: 20n, ax: 0n, ay: 0n, l1Address: 0n });
    r = await c.tx({ type: "forcedExit", ...c.common(BOB), account: 1, token: 3 });
    ops.push({ type: "forcedExit", account: 1, token: 3, requester: BOB.address });
    expect(r.events[0]).toMatchObject({ type: "forcedExitQueued", queueIndex: 2, requester: BOB.address });
    let q = 0n;
    ops.forEach((op, k) => {
      q = nextPriorityHash(q, op);
      const entry = c.state.queueEntry(k)!;
      expect(entry.hash).toBe(q);
      expect(entry.op).toEqual(op);
      expect(entry.status).toBe("queued");
    });
    expect(c.state.rollup().queueLength).toBe(3);
    expect(c.state.rollup().escrow[1]).toBe(escrow + 320n);
  });

  it("refuses a creating deposit with an invalid key (TX_BAD_PUBKEY)", async () => {
    const c = new Chain();
    // the identity, a point off the curve, and a point of order 2: none may enter the tree (P§3.4)
    for (const [ax, ay] of [
      [0n, 1n],
      [1n, 2n],
      [0n, 21888242871839275222246405745257275088548364400416034343698204186575808495616n],
    ] as const) {
      await expectFailure(
        c,
        { type: "deposit", ...c.common(ALICE), token: 0, amount: 1n, to: null, ax, ay },
        "TX_BAD_PUBKEY",
      );
    }
  });

  it("refuses a deposit of 2^126 or more (TX_AMOUNT_RANGE), before the balance check", async () => {
    const c = new Chain();
    const tx = {
      type: "deposit" as const,
      ...c.common(ALICE),
      token: 0 as TokenId,
      amount: 1n << 126n,
      to: 1,
      ax: 0n,
      ay: 0n,
    };
    await expectFailure(c, tx, "TX_AMOUNT_RANGE");
  });

  it("refuses a deposit the depositor cannot pay (L1_INSUFFICIENT_BALANCE)", async () => {
    const c = new Chain();
    const tx = {
      type: "deposit" as const,
      ...c.common(ALICE),
      token: 2 as TokenId,
      amount: 1n << 125n,
      to: 1,
      ax: 0n,
      ay: 0n,
    };
    await expectFailure(c, tx, "L1_INSUFFICIENT_BALANCE");
  });
});

describe("the bond", () => {
  it("bonds and unbonds the sequencer's SPIRIT, released by the first block at or after the delay", async () => {
    const c = new Chain();
    const spirit = c.balance(SEQ.address, 1);
    const bond = c.state.rollup().bond;
    expect((await c.tx({ type: "bond", ...c.common(SEQ), amount: 500n })).status).toBe("ok");
    expect(c.state.rollup().bond).toBe(bond + 500n);
    expect(c.balance(SEQ.address, 1)).toBe(spirit - 500n);
    const r = await c.tx({ type: "unbond", ...c.common(SEQ), amount: 700n });
    const releaseAt = c.head.timestamp + c.params.rollup.unbondDelaySeconds * 1000;
    expect(r.events).toEqual([{ type: "unbonding", amount: 700n, releaseAt, txHash: r.txHash }]);
    expect(c.state.rollup().bond).toBe(bond - 200n);
    expect(c.state.unbonds()).toEqual([{ releaseAt, seq: 0, amount: 700n }]);
    // one ms before: still pending
    let b = await c.block([], releaseAt - 1 - c.head.timestamp);
    expect(b.events).toEqual([]);
    b = await c.block([], 1);
    expect(b.events).toEqual([{ type: "unbondReleased", amount: 700n, releaseAt }]);
    expect(c.balance(SEQ.address, 1)).toBe(spirit + 200n);
    expect(c.state.unbonds()).toEqual([]);
  });

  it("refuses bonds and unbonds from others (ROLLUP_NOT_SEQUENCER) and unbonding beyond the bond", async () => {
    const c = new Chain();
    await expectFailure(c, { type: "bond", ...c.common(ALICE), amount: 1n }, "ROLLUP_NOT_SEQUENCER");
    await expectFailure(c, { type: "unbond", ...c.common(ALICE), amount: 1n }, "ROLLUP_NOT_SEQUENCER");
    const over = c.state.rollup().bond + 1n;
    await expectFailure(c, { type: "unbond", ...c.common(SEQ), amount: over }, "ROLLUP_BOND_INSUFFICIENT");
    await expectFailure(c, { type: "bond", ...c.common(SEQ), amount: 1n << 127n }, "L1_INSUFFICIENT_BALANCE");
  });

  it("gives two unbonds due at one time their own entries", async () => {
    const c = new Chain();
    const txs = [1n, 2n].map((amount, i) =>
      signed({ type: "unbond", ...c.common(SEQ), nonce: c.nonce(SEQ.address) + BigInt(i), amount }),
    );
    await c.block(txs);
    expect(c.state.unbonds().map((u) => [u.seq, u.amount])).toEqual([
      [0, 1n],
      [1, 2n],
    ]);
  });
});
