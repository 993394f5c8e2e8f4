/**
 * The Engine's public surface under bad input: parameters and genesis rejected with GENESIS_INVALID as
 * createGenesis rejects them, reads out of range answered without touching memory, the fee account
 * fixed once an L2 tx depends on it, and a priority-only batch rescued by pointing it at a fee account
 * that exists.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createEngine } from "../../src/bridge/index.js";
import { type Account, initProtocol, type Op } from "../../src/protocol/index.js";
import { CONFIG, genesisAccounts } from "./fixtures.js";

beforeAll(async () => {
  await initProtocol();
});

const code = (c: string) => expect.objectContaining({ code: c });

describe("engine API", () => {
  test("rejects bad parameters and genesis accounts with GENESIS_INVALID", async () => {
    const good = genesisAccounts(1)[0]!;
    const bad: [Partial<typeof CONFIG>, Account[]][] = [
      [{ depth: 0 }, []],
      [{ depth: 33 }, []],
      [{ depth: 2.5 }, []],
      [{ depth: 5 }, []], // odd: the 4-ary tree takes two index bits per level
      [{ chainId: -1 }, []],
      [{ batchSize: 0 }, []],
      [{ depth: 2 }, genesisAccounts(5)],
      [{}, [{ ...good, ax: 1n }]],
      [{}, [{ ...good, l1Address: 1n << 160n }]],
      [{}, [{ ...good, nonce: 2 ** 32 }]],
      [{}, [{ ...good, balances: [1n << 126n, 0n, 0n, 0n] }]],
    ];
    for (const [config, genesis] of bad) {
      await expect(createEngine({ ...CONFIG, ...config, genesis })).rejects.toEqual(code("GENESIS_INVALID"));
    }
  });

  test("answers reads outside the state without failing", async () => {
    const engine = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    expect(engine.account(4)).toBeUndefined();
    expect(engine.account(-1)).toBeUndefined();
    expect(engine.account(2 ** 40)).toBeUndefined();
    expect(() => engine.proof(2 ** CONFIG.depth)).toThrow(code("WASM_BAD_ARGUMENT"));
    expect(engine.proof(9).leaf).toBe(0n);
    expect(engine.apply([])).toEqual([]);
  });

  test("fixes the fee account at the batch's first L2 tx; a priority-only batch can be re-pointed", async () => {
    const engine = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    engine.setFeeAccount(9);
    const exit: Op = { type: "forcedExit", account: 1, token: 0, requester: 1n };
    expect(engine.apply([exit])[0]).toMatchObject({ ok: true, receipt: { status: "noop" } });
    expect(() => engine.seal()).toThrow(code("BATCH_UNKNOWN_FEE_ACCOUNT"));
    engine.setFeeAccount(2);
    expect(engine.seal().feeAccount).toBe(2);
    const withdraw: Op = {
      type: "withdraw",
      from: 0,
      token: 0,
      amount: 1n,
      fee: 1n,
      nonce: 0,
      signature: new Uint8Array(64),
    };
    expect(engine.apply([withdraw])[0]?.ok).toBe(true);
    expect(() => engine.setFeeAccount(1)).toThrow(code("WASM_BAD_ARGUMENT"));
  });

  test("checks signatures by default", async () => {
    const engine = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    const forged: Op = {
      type: "transfer",
      from: 0,
      to: 1,
      token: 0,
      amount: 1n,
      fee: 0n,
      nonce: 0,
      signature: new Uint8Array(64),
    };
    expect(engine.apply([forged])[0]).toMatchObject({ ok: false, code: "TX_BAD_SIGNATURE" });
  });
});
