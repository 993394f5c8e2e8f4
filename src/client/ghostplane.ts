/**
 * The typed client of GhostPlane, the L2 sequencer (docs/api.md): one function per method of its table,
 * over WebSocket by default (subscriptions need it; the WS transport reconnects and re-subscribes) or
 * HTTP, and `L2Wallet`, which signs transfers and withdrawals with an account's EdDSA-Poseidon key
 * (docs/protocol.md §4.2) and sends them in their canonical JSON (§9), counting nonces locally.
 */
import { ghostplaneApi } from "../l2/api/index.js";
import {
  GhostError,
  initProtocol,
  type L2Tx,
  opToJson,
  type PublicKey,
  publicKeyOf,
  signTx,
  type Transfer,
  type UnsignedTx,
  type Withdraw,
} from "../protocol/index.js";
import type { ResultOf } from "../rpc/index.js";
import { createRpcClient, type RpcClient } from "./createRpcClient.js";
import { createTransport } from "./transport/createTransport.js";
import type { HttpTransportOptions } from "./transport/http.js";
import type { RequestOptions } from "./transport/types.js";
import type { WsTransportOptions } from "./transport/ws.js";

export type GhostplaneClient = RpcClient<typeof ghostplaneApi.methods, typeof ghostplaneApi.subscriptions>;

/**
 * Options of both transports: `reconnect` and `maxQueuedEvents` apply to ws:// only, `headers` and `fetch`
 * to http:// only.
 */
export type GhostplaneClientOptions = Omit<WsTransportOptions, "url"> & Omit<HttpTransportOptions, "url">;

/**
 * A client of the sequencer at `url` (ws://, wss://, http:// or https://; the sequencer listens on
 * 127.0.0.1:9090 by default). Anything but http(s) is taken as a WebSocket URL, because the
 * sequencer's status updates come as subscriptions. Over WebSocket the transport reconnects after an
 * unexpected close (`reconnect`, default 5 tries from 200 ms, doubling; `false` fails at once) and makes
 * each live subscription again; events published while it was away are not replayed (the reconnect is
 * invisible to the iterator), but `l2_getTransaction` and `l2_getBatch` list every stage with its time.
 */
export function createGhostplaneClient(url: string, options: GhostplaneClientOptions = {}): GhostplaneClient {
  const transport = /^https?:/.test(url)
    ? createTransport({ ...options, kind: "http", url })
    : createTransport({ ...options, kind: "ws", url });
  return createRpcClient(ghostplaneApi, transport);
}

type Unsigned<T extends L2Tx> = Omit<T, "from" | "nonce" | "signature"> & {
  /** Signs with this nonce instead of the next counted one. */
  readonly nonce?: number;
};

/** Fields of an L2 tx before the wallet fills in the sender and the nonce. */
export type UnsignedL2Tx = Unsigned<Transfer> | Unsigned<Withdraw>;

/** What the sequencer answers once a tx is soft-confirmed and on disk. */
export type SequencedTx = ResultOf<typeof ghostplaneApi.methods.l2_sendTransaction>;

/** The methods a wallet calls: a full client, or a stand-in in tests. */
export type L2WalletClient = Pick<
  GhostplaneClient,
  "l2_getAccount" | "l2_sendTransaction" | "l2_sendTransactions"
>;

export interface L2WalletOptions {
  /** The account's 32-byte EdDSA private key (`l2KeyFromSeed(seed).privateKey`, `generateL2Key()`). */
  readonly privateKey: Uint8Array;
  /** The account's index in the L2 tree (a deposit creates it; `l2_getAccount` shows it). */
  readonly index: number;
  /** The L2 chain id (`l2_chainInfo`): part of every signed message. */
  readonly chainId: number;
}

export interface L2Wallet {
  readonly index: number;
  readonly chainId: number;
  readonly publicKey: PublicKey;
  transfer(tx: Omit<Unsigned<Transfer>, "type">, options?: RequestOptions): Promise<SequencedTx>;
  withdraw(tx: Omit<Unsigned<Withdraw>, "type">, options?: RequestOptions): Promise<SequencedTx>;
  /** Signs the txs with consecutive nonces and sends them atomically (`l2_sendTransactions`). */
  sendBatch(txs: readonly UnsignedL2Tx[], options?: RequestOptions): Promise<SequencedTx[]>;
  /**
   * Signs without sending: the canonical JSON `l2_sendTransaction` takes. Without a `nonce` it takes the
   * next counted one, as a send would: send the result, or `resync()`, or later txs wait on the gap.
   */
  sign(tx: UnsignedL2Tx): Promise<Record<string, unknown>>;
  /** Forgets the counted nonce: the next tx rereads the account's soft-confirmed nonce. */
  resync(): void;
}

/**
 * A wallet for the account at `index`. The nonce comes from `l2_getAccount` (the soft-confirmed one) on
 * first use and is counted locally after that, so concurrent sends get consecutive nonces; any failed send
 * makes the next one read it again, because a refused tx leaves a gap and a lost answer leaves its fate
 * unknown. Errors are the sequencer's GhostErrors, rebuilt by the transport with their codes.
 */
export async function createL2Wallet(client: L2WalletClient, options: L2WalletOptions): Promise<L2Wallet> {
  await initProtocol();
  const { index, chainId } = options;
  const privateKey = Uint8Array.from(options.privateKey);
  const publicKey = publicKeyOf(privateKey);
  let next: number | undefined;
  let reading: Promise<void> | undefined;

  async function readNonce(): Promise<void> {
    const found = await client.l2_getAccount({ index });
    if (found === null) throw new GhostError("TX_UNKNOWN_ACCOUNT", `no L2 account at index ${index}`);
    const { account } = found;
    // Every tx would fail TX_BAD_SIGNATURE; say why once, before anything is signed.
    if (account.ax !== publicKey.ax.toString() || account.ay !== publicKey.ay.toString()) {
      throw new GhostError("TX_BAD_SIGNATURE", `the wallet's key is not the key of L2 account ${index}`);
    }
    next = account.nonce;
  }

  /** The first of `count` consecutive nonces, taken from the counter (read once by concurrent callers). */
  async function reserve(count: number): Promise<number> {
    while (next === undefined) {
      reading ??= readNonce().finally(() => {
        reading = undefined;
      });
      await reading;
    }
    const first = next;
    next += count;
    return first;
  }

  async function signAll(txs: readonly UnsignedL2Tx[]): Promise<Record<string, unknown>[]> {
    const counted = txs.filter((tx) => tx.nonce === undefined).length;
    let nonce = counted === 0 ? 0 : await reserve(counted);
    try {
      return txs.map((tx) => opToJson(signTx(chainId, privateKey, unsigned(tx, index, tx.nonce ?? nonce++))));
    } catch (e) {
      // An amount or fee with no exact float encoding: the reserved nonces are never used, so reread.
      next = undefined;
      throw e;
    }
  }

  async function send<T>(
    txs: readonly UnsignedL2Tx[],
    call: (json: Record<string, unknown>[]) => Promise<T>,
  ): Promise<T> {
    try {
      const result = await call(await signAll(txs));
      for (const tx of txs) {
        if (tx.nonce !== undefined && next !== undefined && tx.nonce >= next) next = tx.nonce + 1;
      }
      return result;
    } catch (e) {
      next = undefined;
      throw e;
    }
  }

  return {
    index,
    chainId,
    publicKey,
    transfer: (tx, opts) =>
      send([{ ...tx, type: "transfer" }], ([json]) => client.l2_sendTransaction({ tx: json! }, opts)),
    withdraw: (tx, opts) =>
      send([{ ...tx, type: "withdraw" }], ([json]) => client.l2_sendTransaction({ tx: json! }, opts)),
    sendBatch: (txs, opts) => send(txs, (json) => client.l2_sendTransactions({ txs: json }, opts)),
    sign: async (tx) => (await signAll([tx]))[0]!,
    resync: () => {
      next = undefined;
    },
  };
}

/** The tx the signature commits to, field by field: nothing else a caller's object carries is signed. */
function unsigned(tx: UnsignedL2Tx, from: number, nonce: number): UnsignedTx {
  const { token, amount, fee } = tx;
  return tx.type === "transfer"
    ? { type: "transfer", from, to: tx.to, token, amount, fee, nonce }
    : { type: "withdraw", from, token, amount, fee, nonce };
}
