/**
 * The L2 wallet of src/client/ghostplane.ts: what it signs is canonical JSON the protocol's own codec
 * accepts and whose signature verifies; nonces are read once and counted, overrides are kept, a failed
 * send makes the next one reread. A stub sequencer (the protocol's checks, one nonce per account) stands
 * in for GhostPlane, called directly and, once, through the real RPC server and client with its table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGhostplaneClient,
  createL2Wallet,
  type L2WalletClient,
  type SequencedTx,
} from "../../src/client/index.js";
import { ghostplaneApi } from "../../src/l2/api/index.js";
import {
  type ErrorCode,
  GhostError,
  initProtocol,
  type L2Tx,
  l2KeyFromSeed,
  opFromJson,
  TOKENS,
  txHash,
  verifyTx,
} from "../../src/protocol/index.js";
import { createRpcServer, type Handlers, type RpcServer } from "../../src/rpc/index.js";

await initProtocol(); // the key below is derived at load time
const CHAIN_ID = 7;
const INDEX = 2;
const key = l2KeyFromSeed("ghostplane-wallet-test");

/** One account at INDEX; every tx must verify against its key and carry its current nonce. */
function stubSequencer(startNonce = 7) {
  const state = {
    nonce: startNonce,
    reads: 0,
    /** Nonces of the txs it sequenced, in order. */
    sequenced: [] as number[],
    /** Makes the next send fail with this error, before anything is checked. */
    failNext: undefined as GhostError | undefined,
  };
  const take = (json: Record<string, unknown>, position: number): SequencedTx => {
    const tx = opFromJson(json) as L2Tx;
    if (!verifyTx(CHAIN_ID, tx, key.publicKey)) throw new GhostError("TX_BAD_SIGNATURE");
    if (tx.nonce !== state.nonce)
      throw new GhostError("TX_NONCE_MISMATCH", `nonce ${tx.nonce}, want ${state.nonce}`);
    state.nonce++;
    state.sequenced.push(tx.nonce);
    const { signature: _, ...unsigned } = tx;
    return { txHash: txHash(CHAIN_ID, unsigned), status: "sequenced", batchNumber: 1, position };
  };
  const failing = () => {
    const e = state.failNext;
    state.failNext = undefined;
    if (e !== undefined) throw e;
  };
  const account = () => ({
    ax: key.publicKey.ax.toString(),
    ay: key.publicKey.ay.toString(),
    l1Address: `0x${"11".repeat(20)}`,
    nonce: state.nonce,
    balances: ["1000000", "0", "0", "0"],
  });
  const client: L2WalletClient = {
    l2_getAccount: async ({ index }) => {
      state.reads++;
      if (index !== INDEX) return null;
      return {
        index,
        account: account(),
        sealed: { batchNumber: 0, root: "0", account: null, leaf: "0", siblings: [] },
      };
    },
    l2_sendTransaction: async ({ tx }) => {
      failing();
      return take(tx, 0);
    },
    // Atomic like the sequencer's: a failing tx leaves the nonce where it was.
    l2_sendTransactions: async ({ txs }) => {
      failing();
      const before = state.nonce;
      const sequenced = state.sequenced.length;
      try {
        return txs.map(take);
      } catch (e) {
        state.nonce = before;
        state.sequenced.length = sequenced;
        throw e;
      }
    },
  };
  return { state, client };
}

const wallet = (client: L2WalletClient) =>
  createL2Wallet(client, { privateKey: key.privateKey, index: INDEX, chainId: CHAIN_ID });

/** Awaits `p`'s rejection: the GhostError with `code`. */
async function refused(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  const e = await p.catch((err: unknown) => err);
  expect(e).toBeInstanceOf(GhostError);
  expect((e as GhostError).code).toBe(code);
}

describe("signing", () => {
  it("signs a transfer into canonical JSON that opFromJson accepts and verifyTx verifies", async () => {
    const w = await wallet(stubSequencer().client);
    const json = await w.sign({ type: "transfer", to: 3, token: TOKENS.SPIRIT, amount: 1500n, fee: 10n });
    expect(json).toEqual({
      type: "transfer",
      from: INDEX,
      to: 3,
      token: TOKENS.SPIRIT,
      amount: "1500",
      fee: "10",
      nonce: 7,
      signature: expect.stringMatching(/^0x[0-9a-f]{128}$/),
    });
    const tx = opFromJson(JSON.parse(JSON.stringify(json))) as L2Tx;
    expect(verifyTx(CHAIN_ID, tx, key.publicKey)).toBe(true);
    expect(verifyTx(CHAIN_ID + 1, tx, key.publicKey)).toBe(false);
    expect(verifyTx(CHAIN_ID, tx, l2KeyFromSeed("someone else").publicKey)).toBe(false);
  });

  it("signs a withdraw, which has no recipient field", async () => {
    const w = await wallet(stubSequencer().client);
    const json = await w.sign({ type: "withdraw", token: TOKENS.GCC, amount: 20n, fee: 1n, nonce: 40 });
    expect(Object.keys(json)).toEqual(["type", "from", "token", "amount", "fee", "nonce", "signature"]);
    const tx = opFromJson(json) as L2Tx;
    expect(tx).toMatchObject({ type: "withdraw", from: INDEX, amount: 20n, fee: 1n, nonce: 40 });
    expect(verifyTx(CHAIN_ID, tx, key.publicKey)).toBe(true);
  });

  it("signs only the tx's own fields, whatever else the caller's object carries", async () => {
    const w = await wallet(stubSequencer().client);
    const smuggled = { type: "transfer", to: 3, token: 0, amount: 5n, fee: 0n, from: 9, signature: "0x00" };
    const json = await w.sign(smuggled as never);
    expect(json.from).toBe(INDEX);
    expect(verifyTx(CHAIN_ID, opFromJson(json) as L2Tx, key.publicKey)).toBe(true);
  });

  it("rejects an amount with no float36 encoding with TX_AMOUNT_NOT_REPRESENTABLE, and rereads the nonce", async () => {
    const { state, client } = stubSequencer();
    const w = await wallet(client);
    await refused(
      w.transfer({ to: 3, token: 0, amount: 2n ** 40n + 1n, fee: 0n }),
      "TX_AMOUNT_NOT_REPRESENTABLE",
    );
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n });
    expect(state.sequenced).toEqual([7]);
  });
});

describe("nonces", () => {
  it("reads the soft-confirmed nonce once, then counts locally", async () => {
    const { state, client } = stubSequencer(7);
    const w = await wallet(client);
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 1n });
    await w.withdraw({ token: 1, amount: 2n, fee: 1n });
    const batch = await w.sendBatch([
      { type: "transfer", to: 4, token: 0, amount: 3n, fee: 1n },
      { type: "withdraw", token: 0, amount: 4n, fee: 1n },
    ]);
    expect(batch.map((r) => r.position)).toEqual([0, 1]);
    expect(state.sequenced).toEqual([7, 8, 9, 10]);
    expect(state.reads).toBe(1);
  });

  it("gives concurrent sends consecutive nonces from one read of the account", async () => {
    const { state, client } = stubSequencer(0);
    const w = await wallet(client);
    const signed = await Promise.all(
      [0, 1, 2].map(() => w.sign({ type: "withdraw", token: 0, amount: 1n, fee: 0n })),
    );
    expect(signed.map((json) => json.nonce)).toEqual([0, 1, 2]);
    expect(state.reads).toBe(1);
  });

  it("uses a nonce override as given, and counts on after it when it is ahead", async () => {
    const { state, client } = stubSequencer(7);
    const w = await wallet(client);
    expect((await w.sign({ type: "withdraw", token: 0, amount: 1n, fee: 0n, nonce: 3 })).nonce).toBe(3);
    expect(state.reads).toBe(0); // an override needs no read
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n }); // 7
    state.nonce = 20; // txs sent from elsewhere with the same key
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n, nonce: 20 });
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n });
    expect(state.sequenced).toEqual([7, 20, 21]);
  });

  it("fills a batch's counted nonces around its overrides", async () => {
    const { client } = stubSequencer(5);
    let nonces: unknown[] = [];
    const w = await wallet({
      ...client,
      l2_sendTransactions: async ({ txs }) => {
        nonces = txs.map((json) => json.nonce);
        return [];
      },
    });
    await w.sendBatch([
      { type: "withdraw", token: 0, amount: 1n, fee: 0n },
      { type: "withdraw", token: 0, amount: 1n, fee: 0n, nonce: 100 },
      { type: "withdraw", token: 0, amount: 1n, fee: 0n },
    ]);
    expect(nonces).toEqual([5, 100, 6]);
  });

  it("rereads the account's nonce after a send the sequencer refused", async () => {
    const { state, client } = stubSequencer(7);
    const w = await wallet(client);
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n });
    state.failNext = new GhostError("TX_INSUFFICIENT_BALANCE");
    await refused(w.transfer({ to: 3, token: 0, amount: 10n ** 9n, fee: 0n }), "TX_INSUFFICIENT_BALANCE");
    await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n });
    expect(state.sequenced).toEqual([7, 8]);
    expect(state.reads).toBe(2);
  });

  it("rereads after resync(), e.g. when the key also signs elsewhere", async () => {
    const { state, client } = stubSequencer(7);
    const w = await wallet(client);
    await w.withdraw({ token: 0, amount: 1n, fee: 0n });
    state.nonce = 12;
    w.resync();
    await w.withdraw({ token: 0, amount: 1n, fee: 0n });
    expect(state.sequenced).toEqual([7, 12]);
  });

  it("refuses an unknown account with TX_UNKNOWN_ACCOUNT and a key that is not the account's with TX_BAD_SIGNATURE", async () => {
    const { client } = stubSequencer();
    const stranger = await createL2Wallet(client, {
      privateKey: key.privateKey,
      index: 5,
      chainId: CHAIN_ID,
    });
    await refused(stranger.withdraw({ token: 0, amount: 1n, fee: 0n }), "TX_UNKNOWN_ACCOUNT");
    const other = l2KeyFromSeed("not the owner").privateKey;
    const thief = await createL2Wallet(client, { privateKey: other, index: INDEX, chainId: CHAIN_ID });
    await refused(thief.withdraw({ token: 0, amount: 1n, fee: 0n }), "TX_BAD_SIGNATURE");
  });
});

describe("createGhostplaneClient", () => {
  it("takes ws:// and wss:// (and anything but http) as WebSocket, http(s):// as HTTP, without connecting", async () => {
    for (const [url, kind] of [
      ["ws://127.0.0.1:9090", "ws"],
      ["wss://sequencer.example", "ws"],
      ["http://127.0.0.1:9090", "http"],
      ["https://sequencer.example", "http"],
    ] as const) {
      const client = createGhostplaneClient(url, { reconnect: false });
      expect(client.transport.kind).toBe(kind);
      await client.close();
    }
  });

  describe("through the real RPC server with GhostPlane's table", () => {
    const { state, client: stub } = stubSequencer(0);
    const refuse = () => {
      throw new GhostError("RPC_METHOD_NOT_FOUND", "not in the stub");
    };
    const handlers: Handlers<typeof ghostplaneApi.methods> = {
      l2_getAccount: (p) => stub.l2_getAccount(p),
      l2_sendTransaction: (p) => stub.l2_sendTransaction(p),
      l2_sendTransactions: (p) => stub.l2_sendTransactions(p),
      l2_getTransaction: refuse,
      l2_getBatch: refuse,
      l2_verificationKey: refuse,
      l2_chainInfo: refuse,
    };
    let server: RpcServer<typeof ghostplaneApi.subscriptions>;

    beforeAll(async () => {
      server = await createRpcServer({ ...ghostplaneApi, handlers, closeGraceMs: 100 });
    });
    afterAll(() => server.close());

    it.each(["ws", "http"] as const)(
      "sends through the table's schemas over %s; refusals keep their code",
      async (kind) => {
        const client = createGhostplaneClient(kind === "ws" ? server.wsUrl : server.url, {
          reconnect: false,
        });
        try {
          const w = await wallet(client);
          const before = state.sequenced.length;
          const one = await w.transfer({ to: 3, token: 0, amount: 1n, fee: 0n });
          expect(one).toMatchObject({
            status: "sequenced",
            txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
          });
          await w.sendBatch([
            { type: "withdraw", token: 0, amount: 1n, fee: 0n },
            { type: "withdraw", token: 0, amount: 1n, fee: 0n },
          ]);
          expect(state.sequenced.length - before).toBe(3);
          await refused(w.withdraw({ token: 0, amount: 1n, fee: 0n, nonce: 0 }), "TX_NONCE_MISMATCH");
        } finally {
          await client.close();
        }
      },
    );
  });
});
