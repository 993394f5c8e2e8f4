/**
 * The facade's hostile-input table, shared by the engine and the reference model (in the manner of
 * noble's test vectors of invalid inputs): every entry is something an adversarial caller of the public
 * API can pass, and the code both sides must answer with.
 *
 *   OP_ENTRIES       one op each, given to engine.apply / applyVerified / applyAll / applyPrepared and
 *                    to the model's applyOp: the same code from both, and nothing changes
 *   GENESIS_ENTRIES  createEngine and createGenesis options: GENESIS_INVALID from both (engineOnly: an
 *                    option only the engine has, so only its code is checked)
 *   CALL_ENTRIES     bad arguments to a facade function: WASM_BAD_ARGUMENT, and nothing changes
 */
import {
  createEngine,
  createSignaturePool,
  type Engine,
  frInverse,
  frSqrt,
  MAX_OPS_PER_CALL,
  type PreparedOps,
  type SignaturePool,
} from "../../src/bridge/index.js";
import {
  type Account,
  type ChainConfig,
  type ErrorCode,
  FIELD_MODULUS,
  initProtocol,
  MAX_BATCH_SIZE,
  type Op,
} from "../../src/protocol/index.js";
import { genesisAccounts, key, l1 } from "./fixtures.js";

// The genesis entries hold real keys.
await initProtocol();

export interface OpEntry {
  readonly name: string;
  readonly op: () => unknown;
  readonly code: ErrorCode;
}

const SIG = new Uint8Array(64);
const transfer = {
  type: "transfer",
  from: 0,
  to: 1,
  token: 0,
  amount: 10n,
  fee: 1n,
  nonce: 0,
  signature: SIG,
};
const withdraw = { type: "withdraw", from: 0, token: 0, amount: 10n, fee: 1n, nonce: 0, signature: SIG };
const credit = { type: "deposit", to: 1, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n };
const create = () => ({ ...credit, to: null, ...key(40).publicKey, l1Address: 77n });
const exit = { type: "forcedExit", account: 1, token: 0, requester: l1(1) };
const P = FIELD_MODULUS;

/** A point of order 4: (√(1/a), 0) with a = 168700 (a·x² = 1). */
function order4(): { ax: bigint; ay: bigint } {
  return { ax: frSqrt(frInverse(168700n)), ay: 0n };
}

const withType = (type: unknown) => ({ ...transfer, type });
/** An object whose `type` is an own property named "__proto__" (as JSON.parse makes it). */
const protoKey = () => JSON.parse('{"__proto__": "deposit", "to": 1, "token": 0}') as unknown;

export const OP_ENTRIES: readonly OpEntry[] = [
  // Not an object, or no own known type: TX_MALFORMED as the JSON codec decides it.
  { name: "null", op: () => null, code: "TX_MALFORMED" },
  { name: "undefined", op: () => undefined, code: "TX_MALFORMED" },
  { name: "a number", op: () => 0, code: "TX_MALFORMED" },
  { name: "a string", op: () => "transfer", code: "TX_MALFORMED" },
  { name: "a boolean", op: () => true, code: "TX_MALFORMED" },
  { name: "an array", op: () => [transfer], code: "TX_MALFORMED" },
  { name: "a function", op: () => () => transfer, code: "TX_MALFORMED" },
  { name: "no type", op: () => ({ from: 0 }), code: "TX_MALFORMED" },
  { name: 'type "toString"', op: () => withType("toString"), code: "TX_MALFORMED" },
  { name: 'type "constructor"', op: () => withType("constructor"), code: "TX_MALFORMED" },
  { name: 'type "hasOwnProperty"', op: () => withType("hasOwnProperty"), code: "TX_MALFORMED" },
  { name: 'type "valueOf"', op: () => withType("valueOf"), code: "TX_MALFORMED" },
  { name: 'own property "__proto__" as type', op: protoKey, code: "TX_MALFORMED" },
  { name: "an inherited type", op: () => Object.create({ ...credit }), code: "TX_MALFORMED" },
  { name: "type 0", op: () => withType(0), code: "TX_MALFORMED" },
  { name: "type 2", op: () => withType(2), code: "TX_MALFORMED" },
  { name: "type null", op: () => withType(null), code: "TX_MALFORMED" },
  { name: 'type ["deposit"]', op: () => ({ ...credit, type: ["deposit"] }), code: "TX_MALFORMED" },
  { name: 'type new String("noop")', op: () => ({ type: new String("noop") }), code: "TX_MALFORMED" },
  {
    name: "type with a toString",
    op: () => ({ ...credit, type: { toString: () => "deposit" } }),
    code: "TX_MALFORMED",
  },
  { name: 'type "Deposit"', op: () => ({ ...credit, type: "Deposit" }), code: "TX_MALFORMED" },
  { name: 'type "mint"', op: () => ({ type: "mint", to: 1 }), code: "TX_MALFORMED" },
  // L2 txs: shapes and widths (§7.1 order).
  { name: "from −1", op: () => ({ ...transfer, from: -1 }), code: "TX_MALFORMED" },
  { name: "from 2^32", op: () => ({ ...transfer, from: 2 ** 32 }), code: "TX_MALFORMED" },
  {
    name: "from Infinity",
    op: () => ({ ...transfer, from: Number.POSITIVE_INFINITY }),
    code: "TX_MALFORMED",
  },
  { name: "from 0n", op: () => ({ ...transfer, from: 0n }), code: "TX_MALFORMED" },
  { name: "to 1.5", op: () => ({ ...transfer, to: 1.5 }), code: "TX_MALFORMED" },
  { name: "to missing", op: () => ({ ...transfer, to: undefined }), code: "TX_MALFORMED" },
  { name: "nonce NaN", op: () => ({ ...transfer, nonce: Number.NaN }), code: "TX_MALFORMED" },
  { name: "nonce −1", op: () => ({ ...withdraw, nonce: -1 }), code: "TX_MALFORMED" },
  {
    name: "signature of 63 bytes",
    op: () => ({ ...transfer, signature: new Uint8Array(63) }),
    code: "TX_MALFORMED",
  },
  {
    name: "signature as an array",
    op: () => ({ ...transfer, signature: Array(64).fill(0) }),
    code: "TX_MALFORMED",
  },
  { name: "signature missing", op: () => ({ ...withdraw, signature: undefined }), code: "TX_MALFORMED" },
  { name: "amount a number", op: () => ({ ...transfer, amount: 10 }), code: "TX_MALFORMED" },
  { name: 'amount "10"', op: () => ({ ...transfer, amount: "10" }), code: "TX_MALFORMED" },
  { name: "fee missing", op: () => ({ ...withdraw, fee: undefined }), code: "TX_MALFORMED" },
  { name: "token 1.5", op: () => ({ ...transfer, token: 1.5 }), code: "TX_MALFORMED" },
  { name: 'token "0"', op: () => ({ ...transfer, token: "0" }), code: "TX_MALFORMED" },
  { name: "token 4", op: () => ({ ...transfer, token: 4 }), code: "TX_UNKNOWN_TOKEN" },
  { name: "amount 2^126", op: () => ({ ...transfer, amount: 2n ** 126n }), code: "TX_AMOUNT_RANGE" },
  { name: "amount −1", op: () => ({ ...withdraw, amount: -1n }), code: "TX_AMOUNT_RANGE" },
  { name: "fee 2^300", op: () => ({ ...transfer, fee: 2n ** 300n }), code: "TX_AMOUNT_RANGE" },
  {
    name: "amount without float36",
    op: () => ({ ...transfer, amount: 2147483649n }),
    code: "TX_AMOUNT_NOT_REPRESENTABLE",
  },
  { name: "fee without float16", op: () => ({ ...transfer, fee: 2049n }), code: "TX_FEE_NOT_REPRESENTABLE" },
  { name: "self-transfer", op: () => ({ ...transfer, to: 0 }), code: "TX_SELF_TRANSFER" },
  { name: "nonce 2^32 − 1", op: () => ({ ...transfer, nonce: 2 ** 32 - 1 }), code: "TX_NONCE_EXHAUSTED" },
  { name: "unknown sender", op: () => ({ ...transfer, from: 9 }), code: "TX_UNKNOWN_ACCOUNT" },
  { name: "unsigned transfer", op: () => ({ ...transfer }), code: "TX_BAD_SIGNATURE" },
  {
    name: "unsigned, as a Buffer",
    op: () => ({ ...withdraw, signature: Buffer.alloc(64, 7) }),
    code: "TX_BAD_SIGNATURE",
  },
  // Deposits.
  { name: 'deposit to "1"', op: () => ({ ...credit, to: "1" }), code: "TX_MALFORMED" },
  { name: "deposit to undefined", op: () => ({ ...credit, to: undefined }), code: "TX_MALFORMED" },
  { name: "deposit amount a number", op: () => ({ ...credit, amount: 5 }), code: "TX_MALFORMED" },
  { name: "deposit token 9", op: () => ({ ...credit, token: 9 }), code: "TX_UNKNOWN_TOKEN" },
  { name: "deposit amount 2^126", op: () => ({ ...credit, amount: 2n ** 126n }), code: "TX_AMOUNT_RANGE" },
  { name: "deposit to an index with a key", op: () => ({ ...credit, ax: 1n }), code: "TX_MALFORMED" },
  {
    name: "creating, l1Address 2^160",
    op: () => ({ ...create(), l1Address: 2n ** 160n }),
    code: "TX_MALFORMED",
  },
  { name: "creating, ax −1", op: () => ({ ...create(), ax: -1n }), code: "TX_MALFORMED" },
  { name: "creating, ax a number", op: () => ({ ...create(), ax: 1 }), code: "TX_MALFORMED" },
  { name: "creating, ax = p", op: () => ({ ...create(), ax: P }), code: "TX_BAD_PUBKEY" },
  { name: "creating, ay = 2^256", op: () => ({ ...create(), ay: 2n ** 256n }), code: "TX_BAD_PUBKEY" },
  { name: "creating, the identity", op: () => ({ ...create(), ax: 0n, ay: 1n }), code: "TX_BAD_PUBKEY" },
  {
    name: "creating, order 2 (0, −1)",
    op: () => ({ ...create(), ax: 0n, ay: P - 1n }),
    code: "TX_BAD_PUBKEY",
  },
  { name: "creating, order 4", op: () => ({ ...create(), ...order4() }), code: "TX_BAD_PUBKEY" },
  {
    name: "creating, a key plus the order-2 point",
    op: () => {
      const { ax, ay } = key(40).publicKey;
      return { ...create(), ax: P - ax, ay: P - ay };
    },
    code: "TX_BAD_PUBKEY",
  },
  { name: "creating, off the curve", op: () => ({ ...create(), ax: 1n, ay: 1n }), code: "TX_BAD_PUBKEY" },
  // Forced exits.
  { name: "exit account −1", op: () => ({ ...exit, account: -1 }), code: "TX_MALFORMED" },
  { name: "exit requester 2^160", op: () => ({ ...exit, requester: 2n ** 160n }), code: "TX_MALFORMED" },
  { name: "exit requester a number", op: () => ({ ...exit, requester: 1 }), code: "TX_MALFORMED" },
  { name: "exit token 1.5", op: () => ({ ...exit, token: 1.5 }), code: "TX_MALFORMED" },
  { name: "exit token 9", op: () => ({ ...exit, token: 9 }), code: "TX_UNKNOWN_TOKEN" },
];

export interface GenesisEntry {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly genesis?: unknown;
  /** An option only the engine has: only the engine's code is checked. */
  readonly engineOnly?: boolean;
}

const good = (): Account => genesisAccounts(1)[0]!;
const account = (patch: Record<string, unknown>) => [{ ...good(), ...patch }];

export const GENESIS_ENTRIES: readonly GenesisEntry[] = [
  { name: "depth 0", config: { depth: 0 } },
  { name: "depth 33", config: { depth: 33 } },
  { name: "depth 5 (odd)", config: { depth: 5 } },
  { name: "depth 2.5", config: { depth: 2.5 } },
  { name: 'depth "4"', config: { depth: "4" } },
  { name: "chainId −1", config: { chainId: -1 } },
  { name: "chainId 2^32", config: { chainId: 2 ** 32 } },
  { name: "chainId 1.5", config: { chainId: 1.5 } },
  { name: "batchSize 0", config: { batchSize: 0 } },
  { name: "batchSize MAX_BATCH_SIZE + 1", config: { batchSize: MAX_BATCH_SIZE + 1 } },
  { name: "batchSize 2^32 − 1", config: { batchSize: 2 ** 32 - 1 } },
  { name: "batchSize NaN", config: { batchSize: Number.NaN } },
  { name: "batchSize 1.5", config: { batchSize: 1.5 } },
  { name: "more accounts than leaves", config: { depth: 2 }, genesis: genesisAccounts(5) },
  { name: "a key off the curve", config: {}, genesis: account({ ax: 1n }) },
  { name: "the identity as a key", config: {}, genesis: account({ ax: 0n, ay: 1n }) },
  { name: "a key ≥ p", config: {}, genesis: account({ ax: P }) },
  { name: "l1Address 2^160", config: {}, genesis: account({ l1Address: 2n ** 160n }) },
  { name: "nonce 2^32", config: {}, genesis: account({ nonce: 2 ** 32 }) },
  { name: "nonce −1", config: {}, genesis: account({ nonce: -1 }) },
  { name: "balance 2^126", config: {}, genesis: account({ balances: [2n ** 126n, 0n, 0n, 0n] }) },
  { name: "three balances", config: {}, genesis: account({ balances: [0n, 0n, 0n] }) },
  { name: "a null account", config: {}, genesis: [null] },
  { name: "genesis not an array", config: {}, genesis: "accounts" },
  { name: "balances not an array", config: {}, genesis: account({ balances: 5n }) },
  { name: "a sparse genesis", config: {}, genesis: new Array(2) },
  { name: "checkSignatures 1", config: { checkSignatures: 1 }, engineOnly: true },
  { name: "feeAccount −1", config: { feeAccount: -1 }, engineOnly: true },
];

export interface CallEntry {
  readonly name: string;
  readonly call: (engine: Engine, pool: SignaturePool) => unknown;
}

const noop: Op = { type: "noop" };
const valid: Op = { type: "forcedExit", account: 1, token: 0, requester: l1(1) };
const sparse = (): Op[] => {
  const ops = new Array<Op>(3);
  ops[0] = valid;
  return ops;
};
/** An object shaped like a pool that says every signature is valid. */
const fakePool = {
  size: 1,
  verify: async (items: unknown[]) => items.map(() => true),
  close: async () => {},
};

/** Every call must throw WASM_BAD_ARGUMENT and change nothing. */
export const CALL_ENTRIES: readonly CallEntry[] = [
  { name: "apply(null)", call: (e) => e.apply(null as unknown as Op[]) },
  { name: "apply(an op)", call: (e) => e.apply(valid as unknown as Op[]) },
  { name: "apply(an array-like)", call: (e) => e.apply({ length: 1, 0: valid } as unknown as Op[]) },
  { name: "apply(new Array(3)) with one op", call: (e) => e.apply(sparse()) },
  {
    name: "apply([op, <hole>, op])",
    call: (e) => e.apply(Object.assign(new Array<Op>(3), { 0: valid, 2: valid })),
  },
  {
    name: "apply(MAX_OPS_PER_CALL + 1 ops)",
    call: (e) => e.apply(new Array(MAX_OPS_PER_CALL + 1).fill(noop)),
  },
  { name: "apply(3,000,000 noops)", call: (e) => e.apply(new Array(3_000_000).fill(noop)) },
  { name: "applyAll(holes)", call: (e) => e.applyAll(sparse()) },
  { name: "applyVerified(holes)", call: (e, p) => e.applyVerified(sparse(), p) },
  { name: "applyVerified, chunk 0", call: (e, p) => e.applyVerified([valid], p, 0) },
  { name: "applyVerified, chunk NaN", call: (e, p) => e.applyVerified([valid], p, Number.NaN) },
  { name: "applyVerified, chunk 1.5", call: (e, p) => e.applyVerified([valid], p, 1.5) },
  { name: "applyVerified, chunk −1", call: (e, p) => e.applyVerified([valid], p, -1) },
  {
    name: "applyVerified, chunk Infinity",
    call: (e, p) => e.applyVerified([valid], p, Number.POSITIVE_INFINITY),
  },
  { name: 'applyVerified, chunk "2"', call: (e, p) => e.applyVerified([valid], p, "2" as unknown as number) },
  {
    name: "applyVerified, a look-alike pool",
    call: (e) => e.applyVerified([valid], fakePool as SignaturePool),
  },
  {
    name: "applyVerified, no pool",
    call: (e) => e.applyVerified([valid], undefined as unknown as SignaturePool),
  },
  { name: "prepare(holes)", call: (e, p) => e.prepare(sparse(), p) },
  { name: "prepare, chunk 0", call: (e, p) => e.prepare([valid], p, 0) },
  { name: "prepare, a look-alike pool", call: (e) => e.prepare([valid], fakePool as SignaturePool) },
  { name: "applyPrepared(null)", call: (e) => e.applyPrepared(null as unknown as PreparedOps) },
  { name: "applyPrepared(a look-alike)", call: (e) => e.applyPrepared({ length: 1 } as PreparedOps) },
  {
    name: "applyPrepared(another engine's)",
    call: async (e, p) => {
      const other = await createEngine({ ...TABLE_CONFIG, genesis: genesisAccounts() });
      return e.applyPrepared(await other.prepare([valid], p));
    },
  },
  {
    name: "applyPrepared, end past the length",
    call: async (e, p) => e.applyPrepared(await e.prepare([valid], p), 0, 2),
  },
  {
    name: "applyPrepared, start after end",
    call: async (e, p) => e.applyPrepared(await e.prepare([valid], p), 1, 0),
  },
  { name: "applyPrepared, start −1", call: async (e, p) => e.applyPrepared(await e.prepare([valid], p), -1) },
  {
    name: "applyPrepared, the same op twice",
    call: async (e, p) => {
      const prepared = await e.prepare([noop], p);
      e.applyPrepared(prepared);
      return e.applyPrepared(prepared);
    },
  },
  { name: "revertTo(a foreign checkpoint)", call: (e) => e.revertTo({ openOps: 0 }) },
  { name: "revertTo(null)", call: (e) => e.revertTo(null as never) },
  { name: "setFeeAccount(−1)", call: (e) => e.setFeeAccount(-1) },
  { name: "setFeeAccount(2^32)", call: (e) => e.setFeeAccount(2 ** 32) },
  { name: 'setFeeAccount("1")', call: (e) => e.setFeeAccount("1" as unknown as number) },
  { name: "proof(−1)", call: (e) => e.proof(-1) },
  { name: "proof(1.5)", call: (e) => e.proof(1.5) },
];

/** A pool for the table's runs. */
export function tablePool(): SignaturePool {
  return createSignaturePool({ workers: 2 });
}

export const TABLE_CONFIG: ChainConfig = { chainId: 7, depth: 4, batchSize: 8 };

export const TABLE_SIZE = OP_ENTRIES.length + GENESIS_ENTRIES.length + CALL_ENTRIES.length;
