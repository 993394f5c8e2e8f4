/**
 * ghostd's JSON-RPC API, defined once (docs/api.md): the server validates with it, the typed client in
 * src/client is built from it, and `rpc.discover` serves the OpenRPC document made from it. Results are
 * in the wire form of wire.ts. Each method's and subscription's examples are in examples.ts.
 */
import { z } from "zod";
import { defineMethods, defineSubscriptions } from "../../rpc/index.js";
import { ghostdMethodExamples, ghostdSubscriptionExamples } from "./examples.js";

const hex = (bytes?: number) =>
  z.string().regex(bytes === undefined ? /^0x([0-9a-f]{2})*$/ : new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`));
const address = hex(20);
const hash = hex(32);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);
const u32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const balances = z.array(decimal).length(4);

export const blockSchema = z.object({
  height: z.number().int(),
  hash,
  parentHash: hash,
  timestamp: z.number().int(),
  txRoot: hash,
  receiptRoot: hash,
  stateRoot: hash,
  proposer: address,
  signature: hex(),
  txs: z.array(hash),
});

const eventSchema = z.looseObject({ type: z.string() });

/** A JSON object, handed on as it is: docs/l1.md §3.2's schema for its type is checked by the handler. */
const transactionObject = z.custom<{ type: string }>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  { message: "expected a transaction object (docs/l1.md §3.2)" },
);

export const receiptSchema = z.object({
  txHash: hash,
  block: z.number().int(),
  index: z.number().int(),
  status: z.enum(["ok", "failed"]),
  code: z.string().optional(),
  events: z.array(eventSchema),
});

const queueEntrySchema = z.object({
  index: z.number().int(),
  op: z.looseObject({ type: z.enum(["deposit", "forcedExit"]) }),
  depositor: address,
  deadline: z.number().int(),
  status: z.enum(["queued", "processed", "refundable", "refunded"]),
  hash: decimal,
});

const batchSchema = z.object({
  batchNumber: z.number().int(),
  newRoot: decimal,
  feeAccount: z.number().int(),
  block: z.number().int(),
  firstQueue: z.number().int(),
  priorityOps: z.number().int(),
  data: hex(),
  proof: z.looseObject({
    pi_a: z.array(z.string()),
    pi_b: z.array(z.array(z.string())),
    pi_c: z.array(z.string()),
  }),
});

export const ghostdMethods = defineMethods({
  l1_chainId: {
    summary: "The L1 chain id and the rollup's L2 chain id",
    params: z.object({}),
    result: z.object({ chainId: u32, l2ChainId: u32 }),
    examples: ghostdMethodExamples.l1_chainId,
  },
  l1_genesis: {
    summary: "The genesis file this chain started from (the L2 genesis and the rollup's parameters included)",
    params: z.object({}),
    result: z.looseObject({ chainId: u32, rollup: z.looseObject({ chainId: u32, depth: z.number().int() }) }),
    examples: ghostdMethodExamples.l1_genesis,
  },
  l1_head: {
    summary: "The latest block",
    params: z.object({}),
    result: blockSchema,
    examples: ghostdMethodExamples.l1_head,
  },
  l1_getBlock: {
    summary: "A block by height or hash, or null",
    params: z.object({ height: z.number().int().min(0).optional(), hash: hash.optional() }),
    result: blockSchema.nullable(),
    examples: ghostdMethodExamples.l1_getBlock,
  },
  l1_getAccount: {
    summary: "An account's nonce, four balances (GCC, SPIRIT, MANA, GHOST) and whether its key is known",
    params: z.object({ address }),
    result: z.object({ address, nonce: decimal, balances, keyRegistered: z.boolean() }),
    examples: ghostdMethodExamples.l1_getAccount,
  },
  l1_sendTransaction: {
    summary: "Admits a signed transaction (docs/l1.md §3.2 JSON form) to the mempool; returns its hash",
    // The transaction passes through untouched (an object schema would drop an own "__proto__" key
    // before the codec could refuse it): its own strict codec, txFromJson, validates every field.
    params: z.object({ tx: transactionObject }),
    result: z.object({ txHash: hash }),
    examples: ghostdMethodExamples.l1_sendTransaction,
  },
  l1_getTransaction: {
    summary: "An included transaction (JSON form) with its block and position, or null",
    params: z.object({ txHash: hash }),
    result: z
      .object({ tx: z.looseObject({ type: z.string() }), block: z.number().int(), index: z.number().int() })
      .nullable(),
    examples: ghostdMethodExamples.l1_getTransaction,
  },
  l1_getReceipt: {
    summary: "The receipt of an included transaction, or null",
    params: z.object({ txHash: hash }),
    result: receiptSchema.nullable(),
    examples: ghostdMethodExamples.l1_getReceipt,
  },
  l1_mine: {
    summary: "Produces blocks now (tests, devnet): `blocks` of them, the first at `timestamp` (ms) if given",
    params: z.object({
      blocks: z.number().int().min(1).max(1000).optional(),
      timestamp: z.number().int().min(0).optional(),
    }),
    result: blockSchema,
    examples: ghostdMethodExamples.l1_mine,
  },
  l1_rollupState: {
    summary: "The rollup: last settled batch and root, queue length and consumed count, exodus, escrow, bond",
    params: z.object({}),
    result: z.object({
      lastBatch: z.number().int(),
      lastRoot: decimal,
      queueLength: z.number().int(),
      consumed: z.number().int(),
      exodus: z.boolean(),
      escrow: balances,
      bond: decimal,
      sequencer: address,
      nextDeadline: z.number().int().nullable(),
    }),
    examples: ghostdMethodExamples.l1_rollupState,
  },
  l1_getBatch: {
    summary: "A settled batch: its root, published data, proof, L1 block and queue range, or null",
    params: z.object({ batchNumber: u32 }),
    result: batchSchema.nullable(),
    examples: ghostdMethodExamples.l1_getBatch,
  },
  l1_verificationKey: {
    summary: "The batch circuit's Groth16 verification key from genesis, its hash and circuit name",
    params: z.object({}),
    result: z.object({
      verificationKey: z.looseObject({ protocol: z.string() }),
      hash: z.string(),
      circuit: z.string(),
    }),
    examples: ghostdMethodExamples.l1_verificationKey,
  },
  l1_priorityOps: {
    summary:
      "Priority queue entries `from` … `from + count − 1` (with creating deposits' keys), for catching up",
    params: z.object({ from: z.number().int().min(0), count: z.number().int().min(1).max(1000) }),
    result: z.array(queueEntrySchema),
    examples: ghostdMethodExamples.l1_priorityOps,
  },
});

export const ghostdSubscriptions = defineSubscriptions({
  newHeads: {
    summary: "Each new block, once written",
    params: z.object({}),
    event: blockSchema,
    examples: ghostdSubscriptionExamples.newHeads,
  },
  receipts: {
    summary: "Receipts as their blocks are written; only those of `txHash` if given",
    params: z.object({ txHash: hash.optional() }),
    event: receiptSchema,
    examples: ghostdSubscriptionExamples.receipts,
  },
  rollupEvents: {
    summary:
      "Rollup events (deposit or forced exit queued, batch settled, withdrawal paid, exodus, refunds, bond)",
    params: z.object({}),
    event: eventSchema,
    examples: ghostdSubscriptionExamples.rollupEvents,
  },
});

export const ghostdApi = { methods: ghostdMethods, subscriptions: ghostdSubscriptions };
