/**
 * The typed client of ghostd (docs/api.md): one function per method of its table, over HTTP or WebSocket
 * (subscriptions need WebSocket), and `L1Signer`, which signs L1 transactions with an ML-DSA-65 key and
 * sends them in their JSON form, carrying the key on the address's first transaction (docs/l1.md §3).
 */
import { ghostdApi } from "../l1/api/index.js";
import { createMlDsa, type MlDsa } from "../l1/crypto/index.js";
import type { L1KeyPair } from "../l1/keys/index.js";
import { formatAddress, type L1Tx, type SignedTx, signedBytes, txToJson } from "../l1/tx/index.js";
import { createRpcClient, type RpcClient } from "./createRpcClient.js";
import { createTransport } from "./transport/createTransport.js";

export type GhostdClient = RpcClient<typeof ghostdApi.methods, typeof ghostdApi.subscriptions>;

/** A client of the ghostd at `url` (http:// or ws://). */
export function createGhostdClient(url: string, options: { timeoutMs?: number } = {}): GhostdClient {
  const kind = url.startsWith("ws") ? "ws" : "http";
  return createRpcClient(ghostdApi, createTransport({ kind, url, ...options }));
}

/** Fields of an L1 transaction before the sender fills in chain id, sender, nonce and fee. */
export type UnsignedL1Tx = {
  [K in L1Tx["type"]]: Omit<Extract<L1Tx, { type: K }>, "chainId" | "from" | "nonce" | "fee"> & { type: K };
}[L1Tx["type"]];

export interface L1Signer {
  readonly address: bigint;
  readonly addressHex: string;
  /** Signs `tx` with the next nonce (the account's, or `nonce`), carrying the key if ghostd does not know it yet. */
  send(tx: UnsignedL1Tx, options?: { nonce?: bigint; fee?: bigint }): Promise<string>;
  /** Signs without sending: the JSON form `l1_sendTransaction` takes. */
  sign(tx: L1Tx, carryKey: boolean): Record<string, unknown>;
  close(): void;
}

export async function createL1Signer(client: GhostdClient, key: L1KeyPair): Promise<L1Signer> {
  const mlDsa: MlDsa = await createMlDsa();
  const { chainId } = await client.l1_chainId();
  const addressHex = formatAddress(key.address);
  let nextNonce: bigint | undefined;
  const sign = (tx: L1Tx, carryKey: boolean) => {
    const signed: SignedTx = {
      tx,
      publicKey: carryKey ? key.publicKey : null,
      signature: mlDsa.sign(key.secretKey, signedBytes(tx)),
    };
    return txToJson(signed);
  };
  return {
    address: key.address,
    addressHex,
    sign,
    async send(unsigned, options = {}) {
      const account = await client.l1_getAccount({ address: addressHex });
      const nonce =
        options.nonce ??
        (nextNonce !== undefined && nextNonce > BigInt(account.nonce) ? nextNonce : BigInt(account.nonce));
      const tx = { ...unsigned, chainId, from: key.address, nonce, fee: options.fee ?? 1000n } as L1Tx;
      const { txHash } = await client.l1_sendTransaction({
        tx: sign(tx, !account.keyRegistered) as { type: string },
      });
      nextNonce = nonce + 1n;
      return txHash;
    },
    close: () => mlDsa.destroy(),
  };
}
