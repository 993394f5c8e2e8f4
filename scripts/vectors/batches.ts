/** tests/vectors/batches.json: three batches on a depth-4 chain (docs/protocol.md §12.2). */
import {
  type Account,
  applyBatch,
  type Batch,
  type ChainConfig,
  createGenesis,
  l2KeyFromSeed,
  type Op,
  opToJson,
  type PriorityOp,
  signTx,
} from "../../src/protocol/index.js";
import { accountJson, dec, hex } from "./format.js";

/** Three batches on a depth-4 chain: every op type, every priority no-op reason, an empty batch. */
export function batches() {
  const config: ChainConfig = { chainId: 7, depth: 4, batchSize: 8 };
  const keys = Array.from({ length: 5 }, (_, i) => l2KeyFromSeed(`vector-account-${i}`));
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
