/**
 * tests/vectors/rejections.json: one vector per code the state transition returns (docs/protocol.md §7,
 * §10), each with the state before it, and the code that wins where several checks fail at once.
 *
 * Ops that break a width cannot be written in canonical JSON (§9 refuses them first), so the ops here are
 * "raw": the canonical keys and forms, with values that §9 would refuse left as they are (numbers out of
 * range or fractional, decimal strings of any size, hex of any length). A reader decodes them without
 * range checks and hands them to its state transition, whose own checks (§7.1) must give the code.
 */
import {
  type Account,
  applyBatch,
  applyOp,
  type Batch,
  type ChainConfig,
  createGenesis,
  FIELD_MODULUS,
  GhostError,
  initProtocol,
  type L2Key,
  type L2Tx,
  l2KeyFromSeed,
  MAX_BATCH_SIZE,
  type Op,
  opToJson,
  type PriorityOp,
  type State,
  signTx,
  type UnsignedTx,
} from "../../src/protocol/index.js";
import { type Json, rawAccount, rawOp } from "../../tests/vectors/decode.js";
import { accountJson, hex } from "./format.js";

await initProtocol(); // the cases below are signed as the module loads

const CONFIG: ChainConfig = { chainId: 7, depth: 4, batchSize: 4 };
/** A depth-2 tree holds 4 accounts: full from genesis, for PRIORITY_TREE_FULL. */
const FULL_CONFIG: ChainConfig = { chainId: 7, depth: 2, batchSize: 4 };
const LIMIT = 1n << 126n;
const U32 = 2 ** 32;

const seeds = Array.from({ length: 6 }, (_, i) => `vector-reject-${i}`);
const keys: L2Key[] = seeds.map((s) => l2KeyFromSeed(s));
const owner = (i: number) => 0xb0b000n + BigInt(i);

function accountOf(i: number, nonce: number, balances: Account["balances"]): Account {
  return { ...keys[i]!.publicKey, l1Address: owner(i), nonce, balances };
}

/**
 * Account 0 an ordinary funded account; 1 with nonce 5; 2 with its nonce exhausted; 3 holding the
 * largest GCC and SPIRIT balances (a credit overflows, and so does a fee credit when it is the fee account).
 */
const GENESIS: Account[] = [
  accountOf(0, 0, [10n ** 24n, 5000n, 300n, 7n]),
  accountOf(1, 5, [10n ** 24n, 5000n, 300n, 7n]),
  accountOf(2, U32 - 1, [10n ** 18n, 1n, 1n, 1n]),
  accountOf(3, 0, [LIMIT - 1n, LIMIT - 1n, 0n, 0n]),
];
const STATES: Record<string, { config: ChainConfig; accounts: Account[] }> = {
  genesis: { config: CONFIG, accounts: GENESIS },
  full: { config: FULL_CONFIG, accounts: GENESIS },
};
const stateOf = (name: string): State => createGenesis(STATES[name]!.config, STATES[name]!.accounts);

/** A transfer or withdraw signed by `signer` (default: the sender's own key) on `chainId`. */
function signed(tx: UnsignedTx, signer = tx.from, chainId = CONFIG.chainId): L2Tx {
  return signTx(chainId, keys[signer]!.privateKey, tx);
}

const t = (fields: Partial<UnsignedTx> = {}): UnsignedTx =>
  ({ type: "transfer", from: 0, to: 1, token: 0, amount: 100n, fee: 1n, nonce: 0, ...fields }) as UnsignedTx;
const w = (fields: Partial<UnsignedTx> = {}): UnsignedTx =>
  ({ type: "withdraw", from: 0, token: 0, amount: 100n, fee: 1n, nonce: 0, ...fields }) as UnsignedTx;

/** A raw op: the canonical JSON of `op` with `patch` written over it. */
const raw = (op: Op, patch: Json = {}): Json => ({ ...opToJson(op), ...patch });
const big = (x: bigint) => x.toString();

const deposit = (fields: Partial<Extract<PriorityOp, { type: "deposit" }>> = {}): PriorityOp => ({
  type: "deposit",
  to: 0,
  token: 0,
  amount: 5n,
  ax: 0n,
  ay: 0n,
  l1Address: 0n,
  ...fields,
});
const creating = (i: number, fields: Partial<Extract<PriorityOp, { type: "deposit" }>> = {}) =>
  deposit({ to: null, ...keys[i]!.publicKey, l1Address: owner(i), ...fields });
const forcedExit = (account: number, requester: bigint, token = 0): PriorityOp =>
  ({ type: "forcedExit", account, token, requester }) as PriorityOp;

interface OpCase {
  name: string;
  state: string;
  op: Json;
}

const sig = signed(t());
const opCases: OpCase[] = [
  // §7.1 static checks of L2 txs, each on its own
  { name: "from of 2^32", state: "genesis", op: raw(sig, { from: U32 }) },
  { name: "a negative to", state: "genesis", op: raw(sig, { to: -1 }) },
  { name: "a fractional nonce", state: "genesis", op: raw(sig, { nonce: 1.5 }) },
  {
    name: "a 63-byte signature",
    state: "genesis",
    op: raw(sig, { signature: hex(sig.signature.subarray(1)) }),
  },
  { name: "a fractional token", state: "genesis", op: raw(sig, { token: 1.5 }) },
  { name: "an unknown op type", state: "genesis", op: { ...raw(sig), type: "mint" } },
  { name: "token 4", state: "genesis", op: raw(sig, { token: 4 }) },
  { name: "an amount of 2^126", state: "genesis", op: raw(sig, { amount: big(LIMIT) }) },
  { name: "a negative amount", state: "genesis", op: raw(sig, { amount: "-1" }) },
  { name: "a fee of 2^126", state: "genesis", op: raw(signed(w()), { fee: big(LIMIT) }) },
  { name: "an amount of 2^31 (not float36)", state: "genesis", op: raw(sig, { amount: big(2n ** 31n) }) },
  { name: "a fee of 2049 (not float16)", state: "genesis", op: raw(sig, { fee: "2049" }) },
  { name: "a transfer to its sender", state: "genesis", op: raw(sig, { to: 0 }) },
  { name: "nonce 2^32 - 1", state: "genesis", op: raw(signed(t({ from: 2, nonce: U32 - 1 }))) },
  // §7.2 state checks of L2 txs
  { name: "an unknown sender", state: "genesis", op: raw(sig, { from: 9 }) },
  { name: "a sender index beyond the tree", state: "genesis", op: raw(sig, { from: 16 }) },
  { name: "an unknown recipient", state: "genesis", op: raw(signed(t({ to: 9 }))) },
  { name: "a nonce ahead of the account's", state: "genesis", op: raw(signed(t({ nonce: 1 }))) },
  {
    name: "a nonce behind the account's",
    state: "genesis",
    op: raw(signed(t({ from: 1, to: 0, nonce: 4 }))),
  },
  { name: "a signature by another key", state: "genesis", op: raw(signed(t(), 1)) },
  { name: "a signature for another chain", state: "genesis", op: raw(signed(t(), 0, 8)) },
  {
    name: "a transfer's signature on a withdraw",
    state: "genesis",
    op: { ...raw(signed(w())), signature: hex(sig.signature) },
  },
  { name: "a changed amount", state: "genesis", op: raw(sig, { amount: "101" }) },
  { name: "an amount above the balance", state: "genesis", op: raw(signed(t({ token: 1, amount: 5001n }))) },
  {
    name: "amount + fee above a GCC balance",
    state: "genesis",
    op: raw(signed(w({ amount: 10n ** 24n, fee: 1n }))),
  },
  {
    name: "a fee above the GCC balance of a SPIRIT sender",
    state: "genesis",
    op: raw(signed(t({ token: 1, amount: 1n, fee: 2n * 10n ** 24n }))),
  },
  {
    name: "a credit reaching 2^126",
    state: "genesis",
    op: raw(signed(t({ to: 3, token: 1, amount: 1n, fee: 0n }))),
  },
  // several checks failing at once: the first in §7.1/§7.2 order wins
  { name: "from of 2^32 and token 4", state: "genesis", op: raw(sig, { from: U32, token: 4 }) },
  {
    name: "token 4 and an amount of 2^126",
    state: "genesis",
    op: raw(sig, { token: 4, amount: big(LIMIT) }),
  },
  {
    name: "amount and fee both not representable",
    state: "genesis",
    op: raw(sig, { amount: big(2n ** 31n), fee: "2049" }),
  },
  {
    name: "a fee not representable on a self-transfer",
    state: "genesis",
    op: raw(sig, { fee: "2049", to: 0 }),
  },
  { name: "a self-transfer with nonce 2^32 - 1", state: "genesis", op: raw(sig, { to: 0, nonce: U32 - 1 }) },
  {
    name: "nonce 2^32 - 1 to an unknown recipient",
    state: "genesis",
    op: raw(sig, { to: 9, nonce: U32 - 1 }),
  },
  { name: "an unknown sender with a wrong nonce", state: "genesis", op: raw(sig, { from: 9, nonce: 3 }) },
  { name: "a wrong nonce and a bad signature", state: "genesis", op: raw(sig, { nonce: 3 }) },
  { name: "a bad signature and an overdraft", state: "genesis", op: raw(sig, { token: 1, amount: "6000" }) },
  {
    name: "an overdraft and a credit overflow",
    state: "genesis",
    op: raw(signed(t({ to: 3, token: 1, amount: 5001n }))),
  },
  // §7.1 static checks of priority ops (ghostd makes them before enqueueing)
  {
    name: "a forced exit of account 2^32",
    state: "genesis",
    op: raw(forcedExit(1, owner(1)), { account: U32 }),
  },
  {
    name: "a forced exit by a 21-byte requester",
    state: "genesis",
    op: raw(forcedExit(1, owner(1)), { requester: `0x01${"00".repeat(20)}` }),
  },
  { name: "a forced exit of token 4", state: "genesis", op: raw(forcedExit(1, owner(1)), { token: 4 }) },
  {
    name: "a forced exit of a fractional token",
    state: "genesis",
    op: raw(forcedExit(1, owner(1)), { token: 0.5 }),
  },
  { name: "a deposit to index 2^32", state: "genesis", op: raw(deposit(), { to: U32 }) },
  { name: "a deposit of a fractional token", state: "genesis", op: raw(deposit(), { token: 2.5 }) },
  { name: "a deposit of token 4", state: "genesis", op: raw(deposit(), { token: 4 }) },
  { name: "a deposit of 2^126", state: "genesis", op: raw(deposit(), { amount: big(LIMIT) }) },
  {
    name: "a deposit to an existing index carrying a key",
    state: "genesis",
    op: raw(deposit(), { ax: "5" }),
  },
  {
    name: "a deposit to an existing index carrying an L1 address",
    state: "genesis",
    op: raw(deposit({ l1Address: 1n })),
  },
  {
    name: "a creating deposit with a 161-bit L1 address",
    state: "genesis",
    op: raw(creating(4), { l1Address: `0x01${"00".repeat(20)}` }),
  },
  {
    name: "a creating deposit with a key off the curve",
    state: "genesis",
    op: raw(creating(4, { ax: 1n, ay: 2n })),
  },
  {
    name: "a creating deposit with the identity as key",
    state: "genesis",
    op: raw(creating(4, { ax: 0n, ay: 1n })),
  },
  {
    name: "a creating deposit with a key of order 2",
    state: "genesis",
    op: raw(creating(4, { ax: 0n, ay: FIELD_MODULUS - 1n })),
  },
  {
    name: "a creating deposit with ax = p",
    state: "genesis",
    op: raw(creating(4), { ax: big(FIELD_MODULUS) }),
  },
  {
    name: "a creating deposit with ay = ay + p",
    state: "genesis",
    op: raw(creating(4), { ay: big(keys[4]!.publicKey.ay + FIELD_MODULUS) }),
  },
  {
    name: "a deposit of token 4 and 2^126",
    state: "genesis",
    op: raw(deposit(), { token: 4, amount: big(LIMIT) }),
  },
  {
    name: "a deposit of 2^126 to an existing index carrying a key",
    state: "genesis",
    op: raw(deposit(), { amount: big(LIMIT), ax: "5" }),
  },
  {
    name: "a creating deposit with a 161-bit address and a bad key",
    state: "genesis",
    op: raw(creating(4, { ax: 1n, ay: 2n }), { l1Address: `0x01${"00".repeat(20)}` }),
  },
  // priority ops that pass §7.1 but not the state: no-ops with a reason (§7.2)
  { name: "a deposit to an unknown index", state: "genesis", op: raw(deposit({ to: 9 })) },
  {
    name: "a deposit overflowing a balance",
    state: "genesis",
    op: raw(deposit({ to: 3, token: 1, amount: 1n })),
  },
  { name: "a creating deposit into a full tree", state: "full", op: raw(creating(4)) },
  { name: "a forced exit of an unknown account", state: "genesis", op: raw(forcedExit(9, owner(1))) },
  {
    name: "a forced exit by someone else than the owner",
    state: "genesis",
    op: raw(forcedExit(1, owner(2))),
  },
];

function expectOp(c: OpCase): Json {
  const r = applyOp(stateOf(c.state), rawOp(c.op));
  if (!r.ok) return { code: r.code };
  if (r.receipt.status !== "noop") throw new Error(`rejection vector "${c.name}" was applied`);
  return { status: "noop", reason: r.receipt.reason, da: hex(r.receipt.da) };
}

interface BatchCase {
  name: string;
  state: string;
  /** Header checks (§7.3 steps 1–3) stand before any op: the engine, which applies ops, has none. */
  header?: true;
  queue: Json[];
  batch: Json;
}

const batchOf = (b: Partial<Omit<Batch, "txs">> & { txs?: Json[] }): Json => ({
  chainId: CONFIG.chainId,
  batchNumber: 1,
  feeAccount: 0,
  priorityOps: 0,
  ...b,
  txs: b.txs ?? [],
});
const tx0 = raw(signed(t()));
const queue2 = [raw(creating(4)), raw(deposit({ to: 1, amount: 9n }))];
const batchCases: BatchCase[] = [
  { name: "another chain", state: "genesis", header: true, queue: [], batch: batchOf({ chainId: 8 }) },
  {
    name: "batch number 2 first",
    state: "genesis",
    header: true,
    queue: [],
    batch: batchOf({ batchNumber: 2 }),
  },
  { name: "batch number 0", state: "genesis", header: true, queue: [], batch: batchOf({ batchNumber: 0 }) },
  {
    name: "another chain and a wrong number",
    state: "genesis",
    header: true,
    queue: [],
    batch: batchOf({ chainId: 8, batchNumber: 5 }),
  },
  {
    name: "a fee account of 2^32",
    state: "genesis",
    header: true,
    queue: [],
    batch: batchOf({ feeAccount: U32 }),
  },
  {
    name: "5 ops in a batch of 4",
    state: "genesis",
    header: true,
    queue: queue2,
    batch: batchOf({
      priorityOps: 2,
      txs: [tx0, raw(signed(t({ nonce: 1 }))), raw(signed(t({ nonce: 2 })))],
    }),
  },
  {
    name: "more priority ops than queued",
    state: "genesis",
    header: true,
    queue: queue2,
    batch: batchOf({ priorityOps: 3 }),
  },
  {
    name: "too many ops and more priority ops than queued",
    state: "genesis",
    header: true,
    queue: queue2,
    batch: batchOf({ priorityOps: 5 }),
  },
  {
    name: "a deposit among the L2 txs",
    state: "genesis",
    queue: [],
    batch: batchOf({ txs: [tx0, raw(deposit())] }),
  },
  {
    name: "a rejected tx after a priority op and a valid tx",
    state: "genesis",
    queue: queue2,
    batch: batchOf({ priorityOps: 1, txs: [tx0, tx0] }),
  },
  {
    name: "an overdraft by the account the batch's deposit created",
    state: "genesis",
    queue: queue2,
    batch: batchOf({ priorityOps: 1, txs: [raw(signed(t({ from: 4, to: 0, amount: 6n, fee: 0n })))] }),
  },
  {
    name: "an unknown fee account",
    state: "genesis",
    queue: [],
    batch: batchOf({ feeAccount: 9, txs: [tx0] }),
  },
  {
    name: "a fee credit reaching 2^126",
    state: "genesis",
    queue: [],
    batch: batchOf({ feeAccount: 3, txs: [tx0] }),
  },
];

function expectBatch(c: BatchCase): Json {
  const ops = (list: Json[]) => list.map(rawOp);
  const batch = { ...c.batch, txs: ops(c.batch.txs as Json[]) } as unknown as Batch;
  const r = applyBatch(stateOf(c.state), batch, ops(c.queue) as PriorityOp[]);
  if (r.ok) throw new Error(`rejection vector "${c.name}" was accepted`);
  return r.opIndex === undefined ? { code: r.code } : { code: r.code, opIndex: r.opIndex };
}

interface GenesisCase {
  name: string;
  config: Json;
  accounts: Json[];
}

const acct = (patch: Json = {}) => ({ ...accountJson(GENESIS[0]!), ...patch });
const genesisCases: GenesisCase[] = [
  { name: "chain id 2^32", config: { ...CONFIG, chainId: U32 }, accounts: [] },
  { name: "an odd depth", config: { ...CONFIG, depth: 5 }, accounts: [] },
  { name: "depth 0", config: { ...CONFIG, depth: 0 }, accounts: [] },
  { name: "depth 34", config: { ...CONFIG, depth: 34 }, accounts: [] },
  { name: "batch size 0", config: { ...CONFIG, batchSize: 0 }, accounts: [] },
  { name: "a fractional batch size", config: { ...CONFIG, batchSize: 2.5 }, accounts: [] },
  { name: "batch size 8193", config: { ...CONFIG, batchSize: MAX_BATCH_SIZE + 1 }, accounts: [] },
  {
    name: "5 accounts at depth 2",
    config: FULL_CONFIG as unknown as Json,
    accounts: [0, 1, 2, 3, 0].map(() => acct()),
  },
  { name: "a key off the curve", config: CONFIG as unknown as Json, accounts: [acct({ ax: "1", ay: "2" })] },
  { name: "the identity as key", config: CONFIG as unknown as Json, accounts: [acct({ ax: "0", ay: "1" })] },
  {
    name: "a key of order 2",
    config: CONFIG as unknown as Json,
    accounts: [acct({ ax: "0", ay: big(FIELD_MODULUS - 1n) })],
  },
  {
    name: "a key coordinate of p",
    config: CONFIG as unknown as Json,
    accounts: [acct({ ax: big(FIELD_MODULUS) })],
  },
  {
    name: "a 161-bit L1 address",
    config: CONFIG as unknown as Json,
    accounts: [acct({ l1Address: `0x01${"00".repeat(20)}` })],
  },
  { name: "nonce 2^32", config: CONFIG as unknown as Json, accounts: [acct({ nonce: U32 })] },
  {
    name: "a balance of 2^126",
    config: CONFIG as unknown as Json,
    accounts: [acct({ balances: ["0", big(LIMIT), "0", "0"] })],
  },
  {
    name: "three balances",
    config: CONFIG as unknown as Json,
    accounts: [acct({ balances: ["0", "0", "0"] })],
  },
];

function expectGenesis(c: GenesisCase): Json {
  try {
    createGenesis(c.config as unknown as ChainConfig, c.accounts.map(rawAccount));
  } catch (e) {
    if (e instanceof GhostError) return { code: e.code };
    throw e;
  }
  throw new Error(`genesis vector "${c.name}" was accepted`);
}

export function rejections() {
  return {
    about:
      "Ops are raw: canonical JSON keys and forms with values §9 would refuse left in place; decode them " +
      "without range checks. Each op applies to the named state's genesis; a batch consumes the front of " +
      "its own queue. opIndex counts the batch's ops from 0, priority ops first. header: the batch fails " +
      "before any op is applied (§7.3 steps 1-3).",
    keySeeds: seeds,
    states: Object.fromEntries(
      Object.entries(STATES).map(([name, s]) => [
        name,
        { config: s.config, accounts: s.accounts.map(accountJson) },
      ]),
    ),
    ops: opCases.map((c) => ({ ...c, expect: expectOp(c) })),
    batches: batchCases.map((c) => ({ ...c, expect: expectBatch(c) })),
    genesis: genesisCases.map((c) => ({ ...c, expect: expectGenesis(c) })),
  };
}
