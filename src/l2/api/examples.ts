/**
 * Examples of GhostPlane's methods and subscriptions (docs/api.md, the OpenRPC document's `examples`),
 * taken from a real test-size stack (tests/l2/stackFixture.ts: chain id 7, two slots a batch): account-0's
 * L1 deposit creates L2 account 5 in batch 1; batch 2 holds a transfer from account 1 to account 5 and a
 * withdrawal from account 2; batch 3 two transfers sent atomically by account 3. All three settle on L1.
 * Values are in their wire form; l2_chainInfo's `l1Url` shows ghostd's default port, not the test's free one.
 */
import type { MethodExample, SubscriptionExample } from "../../rpc/index.js";

/** L2 account 1 sends 100 GCC to account 5. */
const transferHash = "0x215603bf91adf9966e56ba13649ae9debaefac4714e5d3471b8babff078add9e";
/** L2 account 2 withdraws 250 GCC to its owner on L1. */
const withdrawHash = "0x1700291e113b522dfc288725a65dafb60bb957e01ba6ff0b451ee15cf4fd00ce";
const batch2Root = "17036796277838181653035405438021402269202999345991513713874387064270972029009";
/** The test-size batch circuit's development key: the one in ghostd's genesis (its l1_verificationKey). */
const verificationKey = {
  protocol: "groth16",
  curve: "bn128",
  nPublic: 1,
  vk_alpha_1: [
    "3977407068828290327170106522750149466006402301107140850158781745710879471183",
    "15866938319617919270726225616277065196685241625963395299136471658822957747777",
    "1",
  ],
  vk_beta_2: [
    [
      "17406002190937200980569342065173714806176291154560756238851872241290206462208",
      "20514275605954920189452633014219386948570943633419149232371088460708412572716",
    ],
    [
      "6912188220554469105138372268994257126533681335932861416314448595112987372374",
      "2865945811017771352775161204846050894508380067168746972118450237228490116288",
    ],
    ["1", "0"],
  ],
  vk_gamma_2: [
    [
      "18720833160427146206108350136777005619617968473648068008045821486136094260728",
      "15543378227891429197273189159077322470273877574216088013128023324029789182545",
    ],
    [
      "4610449412583585674552913478523519253344957748413204697731431836290827688449",
      "10616807943217206756553241345344811383199157340759675180608555749485192718198",
    ],
    ["1", "0"],
  ],
  vk_delta_2: [
    [
      "17825859407381927779706168294309111395163127884416020172989084337264687704203",
      "4436890394476901171315764725357919117979020798025675104304782495815153421081",
    ],
    [
      "10179875249250932215481454925108469514074511666050264720909827574623392816285",
      "20485042028233456139568671016181695969468060422548499674177028233447305901050",
    ],
    ["1", "0"],
  ],
  vk_alphabeta_12: [
    [
      [
        "5158283784832502072721766167494174990073545700641319803466752260953816316806",
        "20662478385197375383437229932604626495835046493142379689082153689717478622252",
      ],
      [
        "6524060715986225257716221789115980331200067936839045414165840088146795725811",
        "11468805057235504793115503733967454774806353679669604481272633203983392375000",
      ],
      [
        "14483620157654817621388884614241690725443240584787757882146347411458941724471",
        "21461883783590808323809895100088472850304820809824248506770789592931111697992",
      ],
    ],
    [
      [
        "2171214297205049095406348012428100144001235930761173429603597689894062780831",
        "8145982189195846477066024617146116950148251394536060117689377632342424392469",
      ],
      [
        "5556528826554323954258785387643667747413007173903047354107024339573122487981",
        "13942442323411541708007051558425811996228833963365558408686474399123386515001",
      ],
      [
        "11174547548018113843195892073583559469027923224688390134032449782367347718013",
        "375649566117421212890790054843154390871157983174101143462506239866236258405",
      ],
    ],
  ],
  IC: [
    [
      "6372422787329051836874234077547158354479911524806887137935479291527307609472",
      "15108346555618952333529216732401963632382596039926803201443563067024502051989",
      "1",
    ],
    [
      "6310881256512748654272044341018950229240693915222017099170416320378909390797",
      "16964218211845454015900969701171724617985418539038141869982498499673078913706",
      "1",
    ],
  ],
  ghostchain:
    "DEVELOPMENT SETUP: tau, alpha, beta, gamma and delta were sampled on this machine, which could have kept them and forge proofs. Never use these keys to secure real value; use `setup --ptau FILE`.",
};
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
        data: "0x46410600000001000bfa000000100000",
        proof: {
          pi_a: [
            "21612408203331602921258413080104639476482583621091911826462036253252210627615",
            "10048094552980983159778023774156528071647275999067189941946327490673014021605",
            "1",
          ],
          pi_b: [
            [
              "13553314041946642967294721403709021318844028938687426391420943574187447858969",
              "8734605336893041086588768648093534952305151942071500046771893560080741844670",
            ],
            [
              "12941113785228131074749342642809560546411989188710750380013376033484260191352",
              "3378813015075563149703754701226420019197482010623230270002879699647109901361",
            ],
            ["1", "0"],
          ],
          pi_c: [
            "3231723588472638923014576653379893981887520192839652782192932400200205461892",
            "20425137554718589049361993734343844108923766013442090255699276401413643927256",
            "1",
          ],
          protocol: "groth16",
          curve: "bn128",
        },
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
