/** tests/vectors/primitives.json: each hash and encoding of docs/protocol.md §2–§6 on its own, with its inputs. */
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import {
  type Account,
  AMOUNT_FLOAT,
  accountLeaf,
  accountLeafInputs,
  type DaRecord,
  daRecordElement,
  daRecordSize,
  emptySubtreeHashes,
  encodeDaRecord,
  encodeFloat,
  FEE_FLOAT,
  formatL1Address,
  l1AddressOf,
  l2KeyFromSeed,
  MAX_TREE_DEPTH,
  opToJson,
  type PriorityOp,
  packTx,
  priorityOpInputs,
  signTx,
  TX_DOMAIN,
  txHash,
  txMessage,
} from "../../src/protocol/index.js";
import { accountJson, dec, hex } from "./format.js";

/** Primitives: each hash and encoding on its own, with its inputs. */
export function primitives() {
  const key = l2KeyFromSeed("vector-key-0");
  const mlDsaSeed = new Uint8Array(32).fill(7);
  const mlDsaPublicKey = ml_dsa65.keygen(mlDsaSeed).publicKey;
  const account: Account = {
    ...key.publicKey,
    l1Address: l1AddressOf(mlDsaPublicKey),
    nonce: 3,
    balances: [10n ** 18n, 42n, 0n, (1n << 126n) - 1n],
  };
  const chainId = 1;
  const unsigned = {
    type: "transfer",
    from: 5,
    to: 9,
    token: 1,
    amount: 1_500_000_000_000_000_000n,
    fee: 2_000_000_000_000_000n,
    nonce: 3,
  } as const;
  const tx = signTx(chainId, key.privateKey, unsigned);
  const deposit: PriorityOp = {
    type: "deposit",
    to: null,
    token: 0,
    amount: 10n ** 18n,
    ...key.publicKey,
    l1Address: account.l1Address,
  };
  const forcedExit: PriorityOp = { type: "forcedExit", account: 5, token: 2, requester: account.l1Address };
  const records: DaRecord[] = [
    { type: "deposit", applied: true, account: 123456 },
    { type: "forcedExit", applied: true, account: 654321, token: 3, amount: 987654321987654321987654321n },
    {
      type: "transfer",
      from: 1048575,
      to: 1,
      token: 2,
      amount: 1_500_000_000_000_000_000n,
      fee: 2_000_000_000_000_000n,
    },
    { type: "withdraw", from: 77, token: 0, amount: 2147483647n * 10n ** 28n, fee: 2047n * 10n ** 31n },
  ];
  return {
    emptySubtreeHashes: emptySubtreeHashes(MAX_TREE_DEPTH / 2).map(dec),
    l1Address: {
      mlDsa65Seed: hex(mlDsaSeed),
      mlDsa65PublicKey: hex(mlDsaPublicKey),
      l1Address: formatL1Address(account.l1Address),
    },
    l2Key: {
      seed: "vector-key-0",
      privateKey: hex(key.privateKey),
      ax: dec(key.publicKey.ax),
      ay: dec(key.publicKey.ay),
    },
    leaf: {
      account: accountJson(account),
      inputs: accountLeafInputs(account).map(dec),
      hash: dec(accountLeaf(account)),
    },
    floats: [0n, 2147483647n, 2147483648n, 21474836470n, 1_500_000_000_000_000_000n, 12345678901n].map(
      (v) => ({
        value: dec(v),
        float36: encodeFloat(v, AMOUNT_FLOAT)?.toString() ?? null,
        float16: encodeFloat(v, FEE_FLOAT)?.toString() ?? null,
      }),
    ),
    signedMessage: {
      chainId,
      tx: opToJson(tx),
      txDomain: dec(TX_DOMAIN),
      packed: dec(packTx(chainId, unsigned)),
      message: dec(txMessage(chainId, unsigned)),
      txHash: txHash(chainId, unsigned),
    },
    priorityOps: [deposit, forcedExit].map((op) => ({
      op: opToJson(op),
      inputs: priorityOpInputs(op).map(dec),
    })),
    daRecords: {
      depth: 20,
      records: records.map((r) => {
        const bytes = encodeDaRecord(r, 20);
        return {
          record: {
            ...r,
            ...("amount" in r ? { amount: dec(r.amount) } : {}),
            ...("fee" in r ? { fee: dec(r.fee) } : {}),
          },
          bytes: hex(bytes),
          element: dec(daRecordElement(bytes)),
        };
      }),
      sizes: Object.fromEntries(
        [4, 8, 16, 20, 24, 32].map((d) => [
          d,
          Object.fromEntries(
            (["deposit", "forcedExit", "transfer", "withdraw"] as const).map((t) => [
              t,
              daRecordSize(t, d).bytes,
            ]),
          ),
        ]),
      ),
    },
  };
}
