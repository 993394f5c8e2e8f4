/**
 * `npm run vectors`: regenerates tests/vectors/*.json from the reference model in src/protocol.
 *
 * Every key derives from a fixed seed and circomlibjs EdDSA is deterministic, so the output is stable:
 * a diff in these files after a change to src/protocol is a protocol change, to be reflected in
 * docs/protocol.md and in the WASM engine and circuit. tests/protocol/vectors.test.ts replays them.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import {
  type Account,
  AMOUNT_FLOAT,
  accountLeaf,
  accountLeafInputs,
  applyBatch,
  type Batch,
  type ChainConfig,
  createGenesis,
  type DaRecord,
  daRecordElement,
  daRecordSize,
  emptySubtreeHashes,
  encodeDaRecord,
  encodeFloat,
  FEE_FLOAT,
  formatL1Address,
  initProtocol,
  l1AddressOf,
  l2KeyFromSeed,
  MAX_TREE_DEPTH,
  type Op,
  opToJson,
  type PriorityOp,
  packTx,
  priorityOpInputs,
  signTx,
  TX_DOMAIN,
  txHash,
  txMessage,
} from "../src/protocol/index.js";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "tests", "vectors");

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;
const dec = (x: bigint) => x.toString();

function accountJson(a: Account) {
  return {
    ax: dec(a.ax),
    ay: dec(a.ay),
    l1Address: formatL1Address(a.l1Address),
    nonce: a.nonce,
    balances: a.balances.map(dec),
  };
}

/** Primitives: each hash and encoding on its own, with its inputs. */
function primitives() {
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

/** Three batches on a depth-4 chain: every op type, every priority no-op reason, an empty batch. */
function batches() {
  const config: ChainConfig = { chainId: 7, depth: 4, batchSize: 8 };
  const keys = Array.from({ length: 6 }, (_, i) => l2KeyFromSeed(`vector-account-${i}`));
  const l1 = (i: number) => 0xa11ce000n + BigInt(i);
  const genesisAccounts: Account[] = [0, 1, 2].map((i) => ({
    ...keys[i]!.publicKey,
    l1Address: l1(i),
    nonce: 0,
    balances: [1_000_000n * 10n ** 18n, 5000n, 300n, BigInt(i)],
  }));
  const genesis = createGenesis(config, genesisAccounts);
  const queue: PriorityOp[] = [
    { type: "deposit", to: null, token: 1, amount: 777n, ...keys[3]!.publicKey, l1Address: l1(3) },
    { type: "deposit", to: 1, token: 0, amount: 10n ** 18n, ax: 0n, ay: 0n, l1Address: 0n },
    { type: "forcedExit", account: 2, token: 2, requester: l1(2) },
    { type: "forcedExit", account: 1, token: 2, requester: l1(2) },
    { type: "deposit", to: 9, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n },
    { type: "deposit", to: null, token: 3, amount: 1n, ...keys[4]!.publicKey, l1Address: l1(4) },
  ];
  const sign = (i: number, tx: Parameters<typeof signTx>[2]) =>
    signTx(config.chainId, keys[i]!.privateKey, tx);
  const plan: Batch[] = [
    {
      chainId: 7,
      batchNumber: 1,
      feeAccount: 0,
      priorityOps: 4,
      txs: [
        sign(1, {
          type: "transfer",
          from: 1,
          to: 3,
          token: 0,
          amount: 25n * 10n ** 17n,
          fee: 10n ** 15n,
          nonce: 0,
        }),
        sign(3, { type: "transfer", from: 3, to: 2, token: 1, amount: 700n, fee: 0n, nonce: 0 }),
        sign(2, { type: "withdraw", from: 2, token: 1, amount: 1000n, fee: 10n ** 15n, nonce: 0 }),
        sign(1, { type: "transfer", from: 1, to: 0, token: 3, amount: 1n, fee: 0n, nonce: 1 }),
      ],
    },
    { chainId: 7, batchNumber: 2, feeAccount: 0, priorityOps: 0, txs: [] },
    {
      chainId: 7,
      batchNumber: 3,
      feeAccount: 3,
      priorityOps: 2,
      txs: [
        sign(3, {
          type: "withdraw",
          from: 3,
          token: 0,
          amount: 2n * 10n ** 18n,
          fee: 2047n * 10n ** 12n,
          nonce: 1,
        }),
        sign(0, {
          type: "transfer",
          from: 0,
          to: 4,
          token: 0,
          amount: 2147483647n * 10n ** 10n,
          fee: 0n,
          nonce: 0,
        }),
      ],
    },
  ];
  let state = genesis;
  const out = plan.map((batch) => {
    const r = applyBatch(state, batch, queue);
    if (!r.ok) throw new Error(`vector batch ${batch.batchNumber} rejected: ${r.code} ${r.message}`);
    state = r.state;
    return {
      batch: {
        chainId: batch.chainId,
        batchNumber: batch.batchNumber,
        feeAccount: batch.feeAccount,
        priorityOps: batch.priorityOps,
        txs: batch.txs.map((t) => opToJson(t as Op)),
      },
      receipts: r.receipts.map((x) => ({
        status: x.status,
        ...(x.reason ? { reason: x.reason } : {}),
        da: hex(x.da),
      })),
      oldRoot: dec(r.oldRoot),
      newRoot: dec(r.newRoot),
      oldPriorityHash: dec(r.oldPriorityHash),
      newPriorityHash: dec(r.newPriorityHash),
      data: hex(r.published.data),
      dataHash: dec(r.dataHash),
      publicInputHash: dec(r.publicInputHash),
    };
  });
  return {
    config,
    keySeeds: keys.map((_, i) => `vector-account-${i}`),
    genesis: { accounts: genesisAccounts.map(accountJson) },
    queue: queue.map(opToJson),
    batches: out,
    final: { accounts: [...state.accounts.entries()].map(([i, a]) => ({ index: i, ...accountJson(a) })) },
  };
}

await initProtocol();
writeFileSync(join(OUT, "primitives.json"), `${JSON.stringify(primitives(), null, 2)}\n`);
writeFileSync(join(OUT, "batches.json"), `${JSON.stringify(batches(), null, 2)}\n`);
console.log(`wrote ${OUT}/primitives.json and batches.json`);
