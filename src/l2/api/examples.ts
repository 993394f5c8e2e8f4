/**
 * Examples of GhostPlane's methods and subscriptions (docs/api.md, the OpenRPC document's `examples`),
 * taken from a real test-size stack (tests/l2/stackFixture.ts: chain id 7, two slots a batch): account-0's
 * L1 deposit creates L2 account 5 in batch 1; batch 2 holds a transfer from account 1 to account 5 and a
 * withdrawal from account 2; batch 3 two transfers sent atomically by account 3. All three settle on L1.
 * Values are in their wire form; l2_chainInfo's `l1Url` shows ghostd's default port, not the test's free one.
 */
import { batch2Data, batch2Proof, verificationKey } from "../../l1/api/examples.js";
import type { MethodExample, SubscriptionExample } from "../../rpc/index.js";

/** L2 account 1 sends 100 GCC to account 5. */
const transferHash = "0x215603bf91adf9966e56ba13649ae9debaefac4714e5d3471b8babff078add9e";
/** L2 account 2 withdraws 250 GCC to its owner on L1. */
const withdrawHash = "0x1700291e113b522dfc288725a65dafb60bb957e01ba6ff0b451ee15cf4fd00ce";
const batch2Root = "17036796277838181653035405438021402269202999345991513713874387064270972029009";
/** L2 account 5, created by account-0's deposit, after batch 3. */
const account5 = {
  ax: "17470772900012532237031713734245758706763328712980202035950699033363185760178",
  ay: "10832154430104398232001472958456712932963898151490051742423175732185942123464",
  l1Address: "0x8417a82ded0d17c162d8304abf66b525f3a3587f",
  nonce: 0,
  balances: ["620", "0", "0", "0"],
};
/** The transfer's last stage, in l2_getTransaction's history and as a txStatus event. */
const transferSettled = {
  txHash: transferHash,
  status: "settled",
  at: 1796269503281,
  batchNumber: 2,
  position: 0,
  l1Block: 85,
};

export const ghostplaneMethodExamples = {
  l2_sendTransaction: [
    {
      name: "A transfer of 100 GCC from L2 account 1 to account 5",
      params: {
        tx: {
          type: "transfer",
          from: 1,
          to: 5,
          token: 0,
          amount: "100",
          fee: "1",
          nonce: 0,
          signature:
            "0x7e650372622a585c0eff70a5725bd2a83fb74a4228461841a230dedaf84c1f0c62c6757a8bc1f21ff54c8021cb2ca1cc926ed76eb7c251e0ebe125d021f12202",
        },
      },
      result: { txHash: transferHash, status: "sequenced", batchNumber: 2, position: 0 },
    },
    {
      name: "A withdrawal of 250 GCC from L2 account 2 to its owner on L1",
      params: {
        tx: {
          type: "withdraw",
          from: 2,
          token: 0,
          amount: "250",
          fee: "1",
          nonce: 0,
          signature:
            "0x0e88fd6a3dcb616d7bcf9611f50528f7a49b5facd12b23d3917233dc4dac12877193cc390bf09fb848cac0560a2c4aa7d2f2fcf460210f8ffa8aea6555c8d200",
        },
      },
      result: { txHash: withdrawHash, status: "sequenced", batchNumber: 2, position: 1 },
    },
  ],
  l2_sendTransactions: [
    {
      name: "Two transfers from L2 account 3, atomically",
      params: {
        txs: [
          {
            type: "transfer",
            from: 3,
            to: 5,
            token: 0,
            amount: "20",
            fee: "1",
            nonce: 0,
            signature:
              "0x7f7ba75eeaf32df74bafd0af4b980ff18db3700ef4f83607fbe412325b4b44106460d02cb7900030995c80e0ff498fe6427474c20082332ccad2547365f36e00",
          },
          {
            type: "transfer",
            from: 3,
            to: 1,
            token: 0,
            amount: "30",
            fee: "1",
            nonce: 1,
            signature:
              "0xdeda5c512fb4685381e36a9374a673616f4162f6b3ab0270d971b4e4c16b55a0cb91dce7e520c7c55e94de09ecd9849f83b05c637ae5683bcd0ec5331e5c6102",
          },
        ],
      },
      result: [
        {
          txHash: "0x2eac6c21fba2d106a07bca6290b582a38cd09b6df2d01d8bb6df44fb79b65533",
          status: "sequenced",
          batchNumber: 3,
          position: 0,
        },
        {
          txHash: "0x0ec28c30512f0dcf688be3ecdc0cd19a4e3558edc3fab81c3e60fdcbe561a5ad",
          status: "sequenced",
          batchNumber: 3,
          position: 1,
        },
      ],
    },
  ],
  l2_getAccount: [
    {
      name: "Account 5 after batch 3",
      params: { index: 5 },
      result: {
        index: 5,
        account: account5,
        sealed: {
          batchNumber: 3,
          root: "4507145146328051260464664717343939730966595874513274702307354202299540625659",
          account: account5,
          leaf: "5448477474765734791871406904527817474802329277343557747575262130207843685386",
          siblings: [
            "21575469963800431182203155604009290183352028181276112584448645424513713006257",
            "0",
            "0",
            "17403619250130974479552623374279175456474092074465061984662492743725467767553",
            "2351654555892372227640888372176282444150254868378439619268573230312091195718",
            "2351654555892372227640888372176282444150254868378439619268573230312091195718",
          ],
        },
      },
    },
  ],
  l2_getTransaction: [
    {
      name: "The transfer, settled with batch 2",
      params: { txHash: transferHash },
      result: {
        txHash: transferHash,
        status: "settled",
        batchNumber: 2,
        position: 0,
        events: [
          { txHash: transferHash, status: "received", at: 1796269487836 },
          { txHash: transferHash, status: "sequenced", at: 1796269488010, batchNumber: 2, position: 0 },
          { txHash: transferHash, status: "sealed", at: 1796269488025, batchNumber: 2, position: 0 },
          { txHash: transferHash, status: "proven", at: 1796269502999, batchNumber: 2, position: 0 },
          transferSettled,
        ],
      },
    },
  ],
  l2_getBatch: [
    {
      name: "Batch 2, settled: the transfer and the withdrawal",
      params: { batchNumber: 2 },
      result: {
        batchNumber: 2,
        status: "settled",
        feeAccount: 0,
        opCount: 2,
        priorityOps: 0,
        txHashes: [transferHash, withdrawHash],
        records: [
          { type: "transfer", from: 1, to: 5, token: 0, amount: "100", fee: "1" },
          { type: "withdraw", from: 2, token: 0, amount: "250", fee: "1" },
        ],
        oldRoot: "17222661477094056525723797323835792857904621373507213707889255373752574088520",
        newRoot: batch2Root,
        dataHash: "9501386560877241273485193951871511337984696892395683625093248749637690587418",
        publicInputHash: "9156964054799203048356929269487359196642765074715237313622471965725080779637",
        data: batch2Data,
        proof: batch2Proof,
        publicSignals: ["9156964054799203048356929269487359196642765074715237313622471965725080779637"],
        proveMs: 9066,
        l1Block: 85,
        commitTxHash: "0x0e6fd9c641dfd64ea8a1b457218e86db8bd88667d1464a1286e0144fb56aa80c",
        events: [
          { batchNumber: 2, status: "closed", at: 1796269488010 },
          { batchNumber: 2, status: "sealed", at: 1796269488025, newRoot: batch2Root },
          { batchNumber: 2, status: "proven", at: 1796269502999 },
          { batchNumber: 2, status: "settled", at: 1796269503281, l1Block: 85 },
        ],
      },
    },
  ],
  l2_verificationKey: [
    {
      name: "The test-size circuit's development key",
      params: {},
      result: {
        verificationKey,
        hash: "0xdafb4e0e845d135df7b45fd4616bab24af93e2a4e42029e9bc64e79ea29a6ebc",
        circuit: "test",
      },
    },
  ],
  l2_chainInfo: [
    {
      name: "While batch 1 is being proven",
      params: {},
      result: {
        chainId: 7,
        depth: 4,
        batchSize: 2,
        circuit: "test",
        feeAccount: 0,
        heads: { soft: { batchNumber: 2, ops: 0 }, closed: 1, sealed: 1, proven: 0, settled: 0 },
        backlog: {
          batches: 1,
          estimatedProvingMs: 2000,
          maxProvingBacklogMs: 300000,
          acceptingL2: true,
          proving: true,
        },
        mempool: { waiting: 0, intake: 0 },
        priority: { nextQueueIndex: 1, pending: 0 },
        settlement: { stopped: null, l1Reachable: true, l1Url: "ws://127.0.0.1:8545/" },
      },
    },
  ],
} satisfies Record<string, readonly MethodExample[]>;

export const ghostplaneSubscriptionExamples = {
  txStatus: [
    {
      name: "The transfer sequenced",
      params: { txHash: transferHash },
      event: { txHash: transferHash, status: "sequenced", at: 1796269488012, batchNumber: 2, position: 0 },
    },
    { name: "The transfer settled", params: { txHash: transferHash }, event: transferSettled },
  ],
  account: [
    {
      name: "Account 5 created by the deposit",
      params: { index: 5 },
      event: { index: 5, nonce: 0, balances: ["500", "0", "0", "0"], batchNumber: 1 },
    },
  ],
  newBatches: [
    {
      name: "Batch 2 settled",
      params: {},
      event: { batchNumber: 2, status: "settled", at: 1796269503292, newRoot: batch2Root, l1Block: 85 },
    },
  ],
} satisfies Record<string, readonly SubscriptionExample[]>;
