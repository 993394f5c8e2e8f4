/**
 * Examples of ghostd's methods and subscriptions (docs/api.md, the OpenRPC document's `examples`), taken
 * from a real test-size stack (tests/l2/stackFixture.ts): account-0 deposits 500 GCC into a new L2 account
 * (index 5); the sequencer settles batches 1 to 3, and settling batch 2 pays L2 account 2's withdrawal of
 * 250 GCC to account-1. Values are in their wire form; ML-DSA signatures and public keys are shortened
 * (`shortBytes`).
 */
import { type MethodExample, type SubscriptionExample, shortBytes } from "../../rpc/index.js";

/** account-0: owner of L2 account 1, and of account 5, which its deposit creates. */
const account0 = "0x8417a82ded0d17c162d8304abf66b525f3a3587f";
/** account-1: owner of L2 account 2, paid its withdrawal. */
const account1 = "0x0c14f2046dffc05d4a8e2fe9db96b2473f976be9";
const sequencer = "0x2db6225e5d522a489a2ec06631892537ed7e830a";
const validator = "0xbd9eac706650f6cfde5035d68d4b9e5549f381b1";
const depositTxHash = "0x44392e3621968171fbb867d133347b0bd9bdb97c707d86a2d48923068de08bcb";
/** The commitBatch transaction that settled batch 2. */
const commitBatch2TxHash = "0x0e6fd9c641dfd64ea8a1b457218e86db8bd88667d1464a1286e0144fb56aa80c";
/** The test-size batch circuit's development key (genesis' `rollup.verificationKey`; GhostPlane serves the same). */
/** What the development genesis gives each funded L2 account: 1,000 of every token. */
const l2Funds = [
  "1000000000000000000000",
  "1000000000000000000000",
  "1000000000000000000000",
  "1000000000000000000000",
];

export const verificationKey = {
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

/** The Groth16 proof of batch 2, as settled (l1_getBatch) and as the sequencer serves it (l2_getBatch). */
export const batch2Proof = {
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
};
/** Batch 2's published data: the transfer and the withdrawal records. */
export const batch2Data = "0x46410600000001000bfa000000100000";
/** The L2 op the deposit queues: a new account (index 5) for a fresh L2 key, owned by account-0. */
const depositOp = {
  type: "deposit",
  to: null,
  token: 0,
  amount: "500",
  ax: "17470772900012532237031713734245758706763328712980202035950699033363185760178",
  ay: "10832154430104398232001472958456712932963898151490051742423175732185942123464",
  l1Address: account0,
};
/** The deposit as account-0 signed it (its ML-DSA key is in genesis, so publicKey is null). */
const depositTx = {
  type: "deposit",
  chainId: 1337,
  from: account0,
  nonce: "0",
  fee: "1000",
  publicKey: null,
  signature: shortBytes("0x5add7da6b24cc9ad51093ac8a51e7188", 3309),
  token: 0,
  amount: "500",
  to: null,
  ax: "17470772900012532237031713734245758706763328712980202035950699033363185760178",
  ay: "10832154430104398232001472958456712932963898151490051742423175732185942123464",
};
const depositQueued = {
  type: "depositQueued",
  queueIndex: 0,
  depositor: account0,
  op: depositOp,
  deadline: 1796273084113,
  txHash: depositTxHash,
};
const withdrawalPaid = {
  type: "withdrawalPaid",
  source: "batch",
  to: account1,
  account: 2,
  token: 0,
  amount: "250",
  txHash: commitBatch2TxHash,
};
const batch2Settled = {
  type: "batchSettled",
  batchNumber: 2,
  newRoot: "17036796277838181653035405438021402269202999345991513713874387064270972029009",
  block: 85,
  firstQueue: 1,
  priorityOps: 0,
  txHash: commitBatch2TxHash,
};
const depositReceipt = { txHash: depositTxHash, block: 3, index: 0, status: "ok", events: [depositQueued] };
/** The block that included the deposit. */
const block3 = {
  height: 3,
  hash: "0x4ebc2a0b1a6f0bdfb6ffaef50e573c19b874a6606bc2a55f135b85b113877c31",
  parentHash: "0xef26977f2b83fc6d3516126bc7ab13445cad0c74b78d36222bb6f8d9feaf126e",
  timestamp: 1796269484113,
  txRoot: "0xa9fff2b02545487ddbfa425063661175fe6f02253b59c8901ee7702daee432d4",
  receiptRoot: "0x8c107359d4767b0560ea27b341c45eb3028af779284677014bd69fd8b8b93350",
  stateRoot: "0x243a92c705f594e8b9d1c2acac6c93896e03a121bfb50897946c57f087c75af3",
  proposer: validator,
  signature: shortBytes("0x6658470d62e3e5efd6bc729592a0d4aa", 3309),
  txs: [depositTxHash],
};

export const ghostdMethodExamples = {
  l1_chainId: [
    {
      name: "The development chain (L1 1337) and its rollup (L2 7)",
      params: {},
      result: { chainId: 1337, l2ChainId: 7 },
    },
  ],
  l1_genesis: [
    {
      name: "The development genesis: the test-size circuit, five dev accounts",
      params: {},
      result: {
        chainId: 1337,
        rollup: {
          chainId: 7,
          depth: 4,
          batchSize: 2,
          circuit: "test",
          verificationKey,
          verificationKeyHash: "0xdafb4e0e845d135df7b45fd4616bab24af93e2a4e42029e9bc64e79ea29a6ebc",
          priorityDeadlineSeconds: 3600,
          sequencer,
          minBond: "1000000000000000000000",
          bond: "1000000000000000000000",
          unbondDelaySeconds: 600,
          accounts: [
            {
              ax: "11528396135981263680091862576767756642889932139560729782581042386605292485936",
              ay: "731319847753449882072381455587203447674200372344649610784503970553102881214",
              l1Address: sequencer,
              nonce: 0,
              balances: ["0", "0", "0", "0"],
            },
            {
              ax: "21264380829753322830530907306191951755162480189946666628134824940041603658548",
              ay: "15995909444102366581123359118648849732346789478686057296846995286690753097732",
              l1Address: account0,
              nonce: 0,
              balances: l2Funds,
            },
            {
              ax: "1822039900044601843910430801420375599387608166194049621057468688023263389699",
              ay: "3787640783804324441607186038582344829815405629995485512730293398157351646138",
              l1Address: account1,
              nonce: 0,
              balances: l2Funds,
            },
            {
              ax: "7940865013595421698479953771836683496548259940324489496688428497808354846144",
              ay: "13225236089946212906148930492918468292407766287739372637228563718295992307939",
              l1Address: "0xfbda5aba85c465fa3ab02f5a849a99fa58149a5b",
              nonce: 0,
              balances: l2Funds,
            },
            {
              ax: "6023354593718860059800633588321158915412914345936824951867620410734599491312",
              ay: "13383705116571938791163556899566030152891937722670528108032278995936493343537",
              l1Address: "0xb86e58c4736a08e3e6e9f58989888574c4dcecc1",
              nonce: 0,
              balances: l2Funds,
            },
          ],
        },
        timestamp: 1767225600000,
        minFee: "1000",
        validator: { address: validator, publicKey: shortBytes("0x1533183eddb0a293f04e39d513978d37", 1952) },
        alloc: [
          {
            address: sequencer,
            publicKey: shortBytes("0xd51118d5a38765536aff1f32f4f6bce8", 1952),
            balances: [
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
            ],
          },
          {
            address: account0,
            publicKey: shortBytes("0x1ae20403b2d0afc927a12cbc1aef2583", 1952),
            balances: [
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
            ],
          },
          {
            address: account1,
            publicKey: shortBytes("0x84970336672ab63206dd73f8938cc7a9", 1952),
            balances: [
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
            ],
          },
          {
            address: "0xfbda5aba85c465fa3ab02f5a849a99fa58149a5b",
            publicKey: shortBytes("0xc45c9f0ae84f3b0c79304adcafb1fc11", 1952),
            balances: [
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
            ],
          },
          {
            address: "0xb86e58c4736a08e3e6e9f58989888574c4dcecc1",
            publicKey: shortBytes("0x7c454cdc326edfa58f598fac03a4d299", 1952),
            balances: [
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
              "1000000000000000000000000",
            ],
          },
        ],
      },
    },
  ],
  l1_head: [
    {
      name: "An empty block after batch 3 settled",
      params: {},
      result: {
        height: 136,
        hash: "0x7bd506cf38e36bbe1113b1e3503fe79849f62ae7e216bc156449a81ba10121e4",
        parentHash: "0xcb1848144a35fd5c79c232ef259e351a7af2c24f08182f2efdf68cd36a21772b",
        timestamp: 1796269513929,
        txRoot: "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
        receiptRoot: "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
        stateRoot: "0xa0e27c12d129d17286ed0c21ed8de2cb2309241572303bbb50430140b3303719",
        proposer: validator,
        signature: shortBytes("0x6da0aa4ab5801c0f733793e0ae6a3a16", 3309),
        txs: [],
      },
    },
  ],
  l1_getBlock: [{ name: "The block that included the deposit", params: { height: 3 }, result: block3 }],
  l1_getAccount: [
    {
      name: "account-0 after its deposit: 500 GCC deposited and a fee of 1,000",
      params: { address: account0 },
      result: {
        address: account0,
        nonce: "1",
        balances: [
          "999999999999999999998500",
          "1000000000000000000000000",
          "1000000000000000000000000",
          "1000000000000000000000000",
        ],
        keyRegistered: true,
      },
    },
    {
      name: "account-1 after batch 2 paid it L2 account 2's withdrawal of 250 GCC",
      params: { address: account1 },
      result: {
        address: account1,
        nonce: "0",
        balances: [
          "1000000000000000000000250",
          "1000000000000000000000000",
          "1000000000000000000000000",
          "1000000000000000000000000",
        ],
        keyRegistered: true,
      },
    },
  ],
  l1_sendTransaction: [
    {
      name: "account-0 deposits 500 GCC into a new L2 account",
      params: { tx: depositTx },
      result: { txHash: depositTxHash },
    },
  ],
  l1_getTransaction: [
    {
      name: "The deposit, included in block 3",
      params: { txHash: depositTxHash },
      result: { tx: depositTx, block: 3, index: 0 },
    },
  ],
  l1_getReceipt: [
    {
      name: "The deposit's receipt: queued as priority op 0",
      params: { txHash: depositTxHash },
      result: depositReceipt,
    },
    {
      name: "The receipt of batch 2's commitBatch: the withdrawal paid, the batch settled",
      params: { txHash: commitBatch2TxHash },
      result: {
        txHash: commitBatch2TxHash,
        block: 85,
        index: 0,
        status: "ok",
        events: [withdrawalPaid, batch2Settled],
      },
    },
  ],
  l1_mine: [
    {
      name: "One block now",
      params: { blocks: 1 },
      result: {
        height: 137,
        hash: "0x1a464a5a18088673506d8531d9e5316abe371ac675ed8ecd67ecfbcdf407d9fa",
        parentHash: "0x7bd506cf38e36bbe1113b1e3503fe79849f62ae7e216bc156449a81ba10121e4",
        timestamp: 1796269514264,
        txRoot: "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
        receiptRoot: "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
        stateRoot: "0xa0e27c12d129d17286ed0c21ed8de2cb2309241572303bbb50430140b3303719",
        proposer: validator,
        signature: shortBytes("0xc43888ca88b2a9c0db867f04416ccdeb", 3309),
        txs: [],
      },
    },
  ],
  l1_rollupState: [
    {
      name: "After batch 3 settled; the deposit consumed, 250 GCC of escrow paid out",
      params: {},
      result: {
        lastBatch: 3,
        lastRoot: "4507145146328051260464664717343939730966595874513274702307354202299540625659",
        queueLength: 1,
        consumed: 1,
        exodus: false,
        escrow: [
          "4000000000000000000250",
          "4000000000000000000000",
          "4000000000000000000000",
          "4000000000000000000000",
        ],
        bond: "1000000000000000000000",
        sequencer,
        nextDeadline: null,
      },
    },
  ],
  l1_getBatch: [
    {
      name: "Batch 2: a transfer and a withdrawal",
      params: { batchNumber: 2 },
      result: {
        batchNumber: 2,
        newRoot: "17036796277838181653035405438021402269202999345991513713874387064270972029009",
        feeAccount: 0,
        block: 85,
        firstQueue: 1,
        priorityOps: 0,
        data: batch2Data,
        proof: batch2Proof,
      },
    },
  ],
  l1_verificationKey: [
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
  l1_priorityOps: [
    {
      name: "The deposit, processed by batch 1",
      params: { from: 0, count: 1 },
      result: [
        {
          index: 0,
          op: depositOp,
          depositor: account0,
          deadline: 1796273084113,
          status: "processed",
          hash: "8592214382833358464845849732745884130329132664382360771045063711919988919008",
        },
      ],
    },
  ],
} satisfies Record<string, readonly MethodExample[]>;

export const ghostdSubscriptionExamples = {
  newHeads: [{ name: "The block that included the deposit", params: {}, event: block3 }],
  receipts: [{ name: "The deposit's receipt", params: { txHash: depositTxHash }, event: depositReceipt }],
  rollupEvents: [
    { name: "The deposit queued", params: {}, event: depositQueued },
    { name: "Batch 2 settled", params: {}, event: batch2Settled },
    { name: "L2 account 2's withdrawal paid to account-1", params: {}, event: withdrawalPaid },
  ],
} satisfies Record<string, readonly SubscriptionExample[]>;
