/**
 * GhostPlane's JSON-RPC API, defined once (docs/api.md, docs/sequencer.md): the server validates with it,
 * the typed client in src/client is built from it, and `rpc.discover` serves the OpenRPC document made
 * from it. Ops travel in the protocol's canonical JSON (docs/protocol.md §9) and are checked by its own
 * codec (`opFromJson`), so the schema hands them on untouched; every other value is in the wire form of
 * src/l1/api/wire.ts: integers of 2^32 and wider and field elements as decimal strings, bytes as 0x-hex.
 * Each method's and subscription's examples are in examples.ts.
 */
import { z } from "zod";
import { defineMethods, defineSubscriptions } from "../../rpc/index.js";
import { ghostplaneMethodExamples, ghostplaneSubscriptionExamples } from "./examples.js";

/** Txs in one atomic `l2_sendTransactions` call: a user batch may span several sealed batches. */
export const MAX_USER_BATCH = 256;

const hex = z.string().regex(/^0x([0-9a-f]{2})*$/);
const hash = z.string().regex(/^0x[0-9a-f]{64}$/);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);
const u32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const ms = z.number().int().min(0);
const balances = z.array(decimal).length(4);
const code = z.string();

/** A JSON object handed on as it is: opFromJson (docs/protocol.md §9) checks every field and its code. */
const opObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  { message: "expected an op object (docs/protocol.md §9)" },
);

export const TX_STAGES = ["received", "sequenced", "sealed", "proven", "settled", "rejected"] as const;
export const BATCH_STAGES = ["closed", "sealed", "proven", "settled"] as const;

/** One step of a tx's life, with the time (ms since the epoch) the sequencer recorded it. */
export const txEventSchema = z.object({
  txHash: hash,
  status: z.enum(TX_STAGES),
  at: ms,
  batchNumber: u32.optional(),
  /** The tx's place in its batch (priority ops first). */
  position: z.number().int().min(0).optional(),
  l1Block: z.number().int().min(0).optional(),
  code: code.optional(),
  reason: z.string().optional(),
});

const accountSchema = z.object({
  ax: decimal,
  ay: decimal,
  l1Address: hex,
  nonce: u32,
  balances,
});

const batchEventSchema = z.object({
  batchNumber: u32,
  status: z.enum(BATCH_STAGES),
  at: ms,
  newRoot: decimal.optional(),
  l1Block: z.number().int().min(0).optional(),
});

const groth16Proof = z.looseObject({
  pi_a: z.array(z.string()),
  pi_b: z.array(z.array(z.string())),
  pi_c: z.array(z.string()),
});

const sequencedSchema = z.object({
  txHash: hash,
  status: z.literal("sequenced"),
  batchNumber: u32,
  position: z.number().int().min(0),
});

export const ghostplaneMethods = defineMethods({
  l2_sendTransaction: {
    summary:
      "Sequences one signed L2 tx (transfer or withdraw, canonical JSON); answers once it is soft-confirmed and on disk",
    params: z.object({ tx: opObject }),
    result: sequencedSchema,
    examples: ghostplaneMethodExamples.l2_sendTransaction,
  },
  l2_sendTransactions: {
    summary: `Sequences up to ${MAX_USER_BATCH} txs atomically: all of them, or none and the first failing one's index and code`,
    params: z.object({ txs: z.array(opObject).min(1).max(MAX_USER_BATCH) }),
    result: z.array(sequencedSchema),
    examples: ghostplaneMethodExamples.l2_sendTransactions,
  },
  l2_getAccount: {
    summary:
      "An account as soft-confirmed (balances, nonce) and as of the last sealed batch, with its Merkle proof against that root; or null",
    params: z.object({ index: u32 }),
    result: z
      .object({
        index: u32,
        account: accountSchema,
        sealed: z.object({
          batchNumber: u32,
          root: decimal,
          /** null: the account was created after the last sealed batch (the proof shows an empty leaf). */
          account: accountSchema.nullable(),
          leaf: decimal,
          siblings: z.array(decimal),
        }),
      })
      .nullable(),
    examples: ghostplaneMethodExamples.l2_getAccount,
  },
  l2_getTransaction: {
    summary: "A tx's status and every stage it went through, with times; null if unknown (or pruned)",
    params: z.object({ txHash: hash }),
    result: z
      .object({
        txHash: hash,
        status: z.enum(TX_STAGES),
        batchNumber: u32.optional(),
        position: z.number().int().min(0).optional(),
        code: code.optional(),
        reason: z.string().optional(),
        events: z.array(txEventSchema),
      })
      .nullable(),
    examples: ghostplaneMethodExamples.l2_getTransaction,
  },
  l2_getBatch: {
    summary:
      "A batch: status with times, its ops' records and tx hashes, roots and hashes, its proof and public signals once proven, its L1 block once settled; or null",
    params: z.object({ batchNumber: u32 }),
    result: z
      .object({
        batchNumber: u32,
        status: z.enum(BATCH_STAGES),
        feeAccount: u32,
        opCount: z.number().int(),
        priorityOps: z.number().int(),
        txHashes: z.array(hash),
        records: z.array(z.looseObject({ type: z.string() })),
        oldRoot: decimal.optional(),
        newRoot: decimal.optional(),
        dataHash: decimal.optional(),
        publicInputHash: decimal.optional(),
        data: hex.optional(),
        proof: groth16Proof.optional(),
        publicSignals: z.array(decimal).optional(),
        proveMs: z.number().optional(),
        l1Block: z.number().int().optional(),
        commitTxHash: hash.optional(),
        events: z.array(batchEventSchema),
      })
      .nullable(),
    examples: ghostplaneMethodExamples.l2_getBatch,
  },
  l2_verificationKey: {
    summary:
      "The batch circuit's Groth16 verification key (the one in ghostd's genesis), its hash and circuit name",
    params: z.object({}),
    result: z.object({
      verificationKey: z.looseObject({ protocol: z.string() }),
      hash: z.string(),
      circuit: z.string(),
    }),
    examples: ghostplaneMethodExamples.l2_verificationKey,
  },
  l2_chainInfo: {
    summary:
      "Chain parameters; heads (soft, sealed, proven, settled); the unproven backlog; mempool; priority queue; settlement",
    params: z.object({}),
    result: z.object({
      chainId: u32,
      depth: z.number().int(),
      batchSize: z.number().int(),
      circuit: z.string(),
      feeAccount: u32,
      heads: z.object({
        /** The open batch's number and how many ops it holds (soft-confirmed, not yet closed). */
        soft: z.object({ batchNumber: u32, ops: z.number().int() }),
        closed: u32,
        sealed: u32,
        proven: u32,
        settled: u32,
      }),
      backlog: z.object({
        /** Closed batches not yet proven. */
        batches: z.number().int(),
        estimatedProvingMs: z.number(),
        maxProvingBacklogMs: z.number(),
        acceptingL2: z.boolean(),
        proving: z.boolean(),
      }),
      mempool: z.object({ waiting: z.number().int(), intake: z.number().int() }),
      priority: z.object({ nextQueueIndex: z.number().int(), pending: z.number().int() }),
      settlement: z.object({
        /** Why settlement stopped (PROOF_INVALID, exodus); null while it runs. */
        stopped: z.string().nullable(),
        l1Reachable: z.boolean(),
        l1Url: z.string(),
      }),
    }),
    examples: ghostplaneMethodExamples.l2_chainInfo,
  },
});

export const ghostplaneSubscriptions = defineSubscriptions({
  txStatus: {
    summary: "Each stage of one tx, in order: received, sequenced, sealed, proven, settled, or rejected",
    params: z.object({ txHash: hash }),
    event: txEventSchema,
    examples: ghostplaneSubscriptionExamples.txStatus,
  },
  account: {
    summary: "An account's soft-confirmed nonce and balances each time a sequenced op changes it",
    params: z.object({ index: u32 }),
    event: z.object({ index: u32, nonce: u32, balances, batchNumber: u32 }),
    examples: ghostplaneSubscriptionExamples.account,
  },
  newBatches: {
    summary: "Each batch as it is closed, sealed, proven and settled",
    params: z.object({}),
    event: batchEventSchema,
    examples: ghostplaneSubscriptionExamples.newBatches,
  },
});

export const ghostplaneApi = { methods: ghostplaneMethods, subscriptions: ghostplaneSubscriptions };
