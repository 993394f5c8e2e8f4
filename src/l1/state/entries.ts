/**
 * Every state entry's key and value layout (docs/l1.md §5.1), in one place: what the root commits to and
 * what the node stores. Keys start with one ASCII letter, so each kind of entry is one key range.
 *
 *   "a" ‖ addr            u64 nonce ‖ 4 × u128 balances
 *   "k" ‖ addr            the 1,952-byte ML-DSA-65 public key
 *   "r"                   u32 lastBatch ‖ b32 lastRoot ‖ u64 queueLength ‖ u64 consumed ‖ u8 exodus
 *                         ‖ 4 × u128 escrow ‖ u128 burned ‖ u128 bond
 *   "q" ‖ u64 k           u8 status ‖ u64 deadline ‖ addr depositor ‖ b32 Q[k+1] ‖ op
 *   "b" ‖ u32 n           b32 newRoot ‖ u32 feeAccount ‖ u64 firstQueue ‖ u32 priorityOps ‖ u64 block ‖ proof ‖ bytes data
 *   "o" ‖ u32 i           addr owner
 *   "x" ‖ u32 i           01
 *   "u" ‖ u64 releaseAt ‖ u32 seq    u128 amount
 */
import type { PriorityOp, TokenId } from "../../protocol/index.js";
import type { Groth16Proof } from "../../prover/index.js";
import { ascii, concatBytes, Reader, Writer } from "../encoding/index.js";
import { readProof, writeProof } from "../tx/index.js";

/** Four u128 balances in token order (GCC, SPIRIT, MANA, GHOST). */
export type Balances4 = readonly [bigint, bigint, bigint, bigint];

export interface L1Account {
  readonly nonce: bigint;
  readonly balances: Balances4;
}

export const EMPTY_ACCOUNT: L1Account = { nonce: 0n, balances: [0n, 0n, 0n, 0n] };

export interface RollupRecord {
  readonly lastBatch: number;
  readonly lastRoot: bigint;
  readonly queueLength: number;
  readonly consumed: number;
  readonly exodus: boolean;
  readonly escrow: Balances4;
  /** GCC fees burned since genesis. */
  readonly burned: bigint;
  /** The sequencer's bonded SPIRIT. */
  readonly bond: bigint;
}

export const QUEUE_STATUS = ["queued", "processed", "refundable", "refunded"] as const;
export type QueueStatus = (typeof QUEUE_STATUS)[number];

export interface QueueEntry {
  readonly status: QueueStatus;
  /** Block time (ms) after which an unconsumed entry puts the rollup in exodus. */
  readonly deadline: number;
  readonly depositor: bigint;
  /** The running hash after this entry, Q[k+1] (P§5.2). */
  readonly hash: bigint;
  readonly op: PriorityOp;
}

export interface BatchRecord {
  readonly newRoot: bigint;
  readonly feeAccount: number;
  readonly firstQueue: number;
  readonly priorityOps: number;
  /** Height of the L1 block that settled it. */
  readonly block: number;
  readonly proof: Groth16Proof;
  readonly data: Uint8Array;
}

export interface Unbond {
  readonly releaseAt: number;
  readonly seq: number;
  readonly amount: bigint;
}

const reader = (b: Uint8Array) => new Reader(b, "TX_MALFORMED");

// Keys

const P = {
  account: ascii("a"),
  key: ascii("k"),
  rollup: ascii("r"),
  queue: ascii("q"),
  batch: ascii("b"),
  owner: ascii("o"),
  nullifier: ascii("x"),
  unbond: ascii("u"),
} as const;
export const KEY_PREFIX = P;

export const keys = {
  account: (a: bigint) => concatBytes([P.account, new Writer().addr(a, "address").finish()]),
  publicKey: (a: bigint) => concatBytes([P.key, new Writer().addr(a, "address").finish()]),
  rollup: () => P.rollup,
  queue: (k: number) => concatBytes([P.queue, new Writer().u64(k, "queueIndex").finish()]),
  batch: (n: number) => concatBytes([P.batch, new Writer().u32(n, "batchNumber").finish()]),
  owner: (i: number) => concatBytes([P.owner, new Writer().u32(i, "account").finish()]),
  nullifier: (i: number) => concatBytes([P.nullifier, new Writer().u32(i, "account").finish()]),
  unbond: (releaseAt: number, seq: number) =>
    concatBytes([P.unbond, new Writer().u64(releaseAt, "releaseAt").u32(seq, "seq").finish()]),
  /** All pending unbonds releasing at `releaseAt`. */
  unbondsAt: (releaseAt: number) =>
    concatBytes([P.unbond, new Writer().u64(releaseAt, "releaseAt").finish()]),
};

export function unbondKeyParts(key: Uint8Array): { releaseAt: number; seq: number } {
  const r = reader(key.subarray(1));
  return { releaseAt: Number(r.u64("releaseAt")), seq: r.u32("seq") };
}

// Values

function writeBalances(w: Writer, b: Balances4, name: string): Writer {
  for (const x of b) w.u128(x, name);
  return w;
}

function readBalances(r: Reader, name: string): Balances4 {
  return [r.u128(name), r.u128(name), r.u128(name), r.u128(name)];
}

export const accountCodec = {
  encode: (a: L1Account) =>
    writeBalances(new Writer().u64(a.nonce, "nonce"), a.balances, "balances").finish(),
  decode(b: Uint8Array): L1Account {
    const r = reader(b);
    const a = { nonce: r.u64("nonce"), balances: readBalances(r, "balances") };
    r.end();
    return a;
  },
};

export const rollupCodec = {
  encode: (x: RollupRecord) =>
    writeBalances(
      new Writer()
        .u32(x.lastBatch, "lastBatch")
        .field(x.lastRoot, "lastRoot")
        .u64(x.queueLength, "queueLength")
        .u64(x.consumed, "consumed")
        .u8(x.exodus ? 1 : 0, "exodus"),
      x.escrow,
      "escrow",
    )
      .u128(x.burned, "burned")
      .u128(x.bond, "bond")
      .finish(),
  decode(b: Uint8Array): RollupRecord {
    const r = reader(b);
    const x = {
      lastBatch: r.u32("lastBatch"),
      lastRoot: r.field("lastRoot"),
      queueLength: Number(r.u64("queueLength")),
      consumed: Number(r.u64("consumed")),
      exodus: r.bool("exodus"),
      escrow: readBalances(r, "escrow"),
      burned: r.u128("burned"),
      bond: r.u128("bond"),
    };
    r.end();
    return x;
  },
};

export const queueCodec = {
  encode(e: QueueEntry): Uint8Array {
    const w = new Writer()
      .u8(QUEUE_STATUS.indexOf(e.status), "status")
      .u64(e.deadline, "deadline")
      .addr(e.depositor, "depositor")
      .field(e.hash, "hash");
    const op = e.op;
    if (op.type === "deposit") {
      w.u8(0, "type")
        .u8(op.token, "token")
        .u128(op.amount, "amount")
        .u8(op.to === null ? 1 : 0, "create");
      w.u32(op.to ?? 0, "account")
        .field(op.ax, "ax")
        .field(op.ay, "ay")
        .addr(op.l1Address, "l1Address");
    } else {
      w.u8(1, "type").u8(op.token, "token").u128(0n, "amount").u8(0, "create");
      w.u32(op.account, "account").field(0n, "ax").field(0n, "ay").addr(op.requester, "l1Address");
    }
    return w.finish();
  },
  decode(b: Uint8Array): QueueEntry {
    const r = reader(b);
    const status = QUEUE_STATUS[r.u8("status")] ?? r.fail("unknown status", "status");
    const deadline = Number(r.u64("deadline"));
    const depositor = r.addr("depositor");
    const hash = r.field("hash");
    const type = r.u8("type");
    const token = r.u8("token") as TokenId;
    const amount = r.u128("amount");
    const create = r.bool("create");
    const account = r.u32("account");
    const ax = r.field("ax");
    const ay = r.field("ay");
    const l1Address = r.addr("l1Address");
    r.end();
    const op: PriorityOp =
      type === 0
        ? { type: "deposit", to: create ? null : account, token, amount, ax, ay, l1Address }
        : { type: "forcedExit", account, token, requester: l1Address };
    return { status, deadline, depositor, hash, op };
  },
};

export const batchCodec = {
  encode(x: BatchRecord): Uint8Array {
    const w = new Writer()
      .field(x.newRoot, "newRoot")
      .u32(x.feeAccount, "feeAccount")
      .u64(x.firstQueue, "firstQueue")
      .u32(x.priorityOps, "priorityOps")
      .u64(x.block, "block");
    writeProof(w, x.proof);
    return w.bytes(x.data, "data").finish();
  },
  decode(b: Uint8Array): BatchRecord {
    const r = reader(b);
    const x = {
      newRoot: r.field("newRoot"),
      feeAccount: r.u32("feeAccount"),
      firstQueue: Number(r.u64("firstQueue")),
      priorityOps: r.u32("priorityOps"),
      block: Number(r.u64("block")),
      proof: readProof(r),
      data: r.bytes("data"),
    };
    r.end();
    return x;
  },
};

export const addressCodec = {
  encode: (a: bigint) => new Writer().addr(a, "owner").finish(),
  decode: (b: Uint8Array) => reader(b).addr("owner"),
};

export const amountCodec = {
  encode: (a: bigint) => new Writer().u128(a, "amount").finish(),
  decode: (b: Uint8Array) => reader(b).u128("amount"),
};

export const NULLIFIER_VALUE = Uint8Array.of(1);
