/**
 * The state transition of one operation (docs/protocol.md §7): `applyOp(state, op)` returns the new state
 * and a receipt, or a rejection code. It never mutates `state`, so a rejected op changes nothing.
 *
 * L1 priority ops are authorised on L1 and must advance the queue: once their fields pass the checks ghostd
 * also makes, they always succeed, as a no-op with a reason when the state does not allow them.
 */
import { BALANCE_BITS, FEE_TOKEN, type TokenId } from "../constants.js";
import { encodeDaRecord } from "../da/index.js";
import { verifyTx } from "../tx/index.js";
import type {
  Account,
  Balances,
  Deposit,
  ForcedExit,
  L2Tx,
  Op,
  OpResult,
  PriorityOp,
  State,
} from "../types.js";
import { checkL2Tx, checkPriorityOp, type Rejection } from "./checks.js";
import { nextPriorityHash } from "./priorityHash.js";
import { getAccount, putAccount } from "./state.js";

const LIMIT = 1n << BigInt(BALANCE_BITS);

function fail(r: Rejection): OpResult {
  return { ok: false, code: r.code, message: r.message };
}

function withBalance(balances: Balances, token: TokenId, value: bigint): Balances {
  const b: [bigint, bigint, bigint, bigint] = [...balances];
  b[token] = value;
  return b;
}

export interface L2Options {
  /** False only when rebuilding from published data, which carries no signatures. */
  readonly checkSignature: boolean;
}

/**
 * Transfer and Withdraw. Stateful checks, in order: unknown sender, unknown recipient, nonce, signature,
 * balance (amount + fee, both from GCC when token = GCC), recipient overflow. The fee is not credited
 * here: it accumulates in `pendingFees` until the batch ends.
 */
export function applyL2Tx(state: State, tx: L2Tx, options: L2Options): OpResult {
  const bad = checkL2Tx(tx);
  if (bad) return fail(bad);
  const from = getAccount(state, tx.from);
  if (from === undefined) return fail({ code: "TX_UNKNOWN_ACCOUNT", message: `no account ${tx.from}` });
  const to = tx.type === "transfer" ? getAccount(state, tx.to) : undefined;
  if (tx.type === "transfer" && to === undefined) {
    return fail({ code: "TX_UNKNOWN_ACCOUNT", message: `no account ${tx.to}` });
  }
  if (tx.nonce !== from.nonce) {
    return fail({ code: "TX_NONCE_MISMATCH", message: `nonce ${tx.nonce}, account nonce ${from.nonce}` });
  }
  if (options.checkSignature && !verifyTx(state.config.chainId, tx, { ax: from.ax, ay: from.ay })) {
    return fail({ code: "TX_BAD_SIGNATURE", message: "signature does not verify" });
  }
  // Debit the token, then the fee, from the running balances: with token = GCC both come from one balance.
  const afterAmount = withBalance(from.balances, tx.token, from.balances[tx.token] - tx.amount);
  const balances = withBalance(afterAmount, FEE_TOKEN, afterAmount[FEE_TOKEN] - tx.fee);
  if (balances.some((b) => b < 0n)) {
    return fail({ code: "TX_INSUFFICIENT_BALANCE", message: "balance below amount + fee" });
  }
  const credited = to === undefined ? 0n : to.balances[tx.token] + tx.amount;
  if (credited >= LIMIT) {
    return fail({ code: "TX_BALANCE_OVERFLOW", message: "the recipient's balance would overflow" });
  }
  // Checks done: write the sender, then the recipient, and hold the fee for the end of the batch.
  let next = putAccount(state, tx.from, { ...from, nonce: from.nonce + 1, balances });
  if (tx.type === "transfer" && to !== undefined) {
    next = putAccount(next, tx.to, { ...to, balances: withBalance(to.balances, tx.token, credited) });
  }
  next = { ...next, pendingFees: next.pendingFees + tx.fee };
  const { from: f, token, amount, fee } = tx;
  const depth = state.config.depth;
  if (tx.type === "transfer") {
    const da = encodeDaRecord({ type: "transfer", from: f, to: tx.to, token, amount, fee }, depth);
    return { ok: true, state: next, receipt: { status: "applied", da } };
  }
  const da = encodeDaRecord({ type: "withdraw", from: f, token, amount, fee }, depth);
  const withdrawal = { account: f, l1Address: from.l1Address, token, amount };
  return { ok: true, state: next, receipt: { status: "applied", withdrawal, da } };
}

function consume(state: State, op: PriorityOp): State {
  return {
    ...state,
    priorityCount: state.priorityCount + 1,
    priorityHash: nextPriorityHash(state.priorityHash, op),
  };
}

function applyDeposit(state: State, op: Deposit): OpResult {
  const depth = state.config.depth;
  const noop = (reason: Rejection["code"]): OpResult => ({
    ok: true,
    state: consume(state, op),
    receipt: {
      status: "noop",
      reason,
      da: encodeDaRecord({ type: "deposit", applied: false, account: 0 }, depth),
    },
  });
  let index: number;
  let account: Account;
  if (op.to === null) {
    index = state.nextIndex;
    if (index >= 2 ** depth) return noop("PRIORITY_TREE_FULL");
    account = { ax: op.ax, ay: op.ay, l1Address: op.l1Address, nonce: 0, balances: [0n, 0n, 0n, 0n] };
  } else {
    index = op.to;
    const existing = getAccount(state, index);
    if (existing === undefined) return noop("TX_UNKNOWN_ACCOUNT");
    account = existing;
  }
  const credited = account.balances[op.token] + op.amount;
  if (credited >= LIMIT) return noop("TX_BALANCE_OVERFLOW");
  const next = putAccount(state, index, {
    ...account,
    balances: withBalance(account.balances, op.token, credited),
  });
  return {
    ok: true,
    state: consume(next, op),
    receipt: {
      status: "applied",
      account: index,
      da: encodeDaRecord({ type: "deposit", applied: true, account: index }, depth),
    },
  };
}

function applyForcedExit(state: State, op: ForcedExit): OpResult {
  const depth = state.config.depth;
  const account = getAccount(state, op.account);
  const noop = (reason: Rejection["code"]): OpResult => ({
    ok: true,
    state: consume(state, op),
    receipt: {
      status: "noop",
      reason,
      da: encodeDaRecord({ type: "forcedExit", applied: false, account: 0, token: 0, amount: 0n }, depth),
    },
  });
  if (account === undefined) return noop("TX_UNKNOWN_ACCOUNT");
  if (account.l1Address !== op.requester) return noop("PRIORITY_NOT_OWNER");
  const amount = account.balances[op.token];
  const next = putAccount(state, op.account, {
    ...account,
    balances: withBalance(account.balances, op.token, 0n),
  });
  return {
    ok: true,
    state: consume(next, op),
    receipt: {
      status: "applied",
      withdrawal: { account: op.account, l1Address: account.l1Address, token: op.token, amount },
      da: encodeDaRecord(
        { type: "forcedExit", applied: true, account: op.account, token: op.token, amount },
        depth,
      ),
    },
  };
}

const OP_TYPES: ReadonlySet<unknown> = new Set(["noop", "transfer", "withdraw", "deposit", "forcedExit"]);

/**
 * The op's type when `op` is a non-null object with an own `type` naming an op, else undefined. Untrusted
 * callers can pass anything: null, a string, an object whose `type` is inherited ("toString",
 * "constructor", "__proto__") or is not a string. All of them are TX_MALFORMED, as in the JSON codec.
 */
function ownType(op: unknown): Op["type"] | undefined {
  if (typeof op !== "object" || op === null || !Object.hasOwn(op, "type")) return undefined;
  const type = (op as { type: unknown }).type;
  return OP_TYPES.has(type) ? (type as Op["type"]) : undefined;
}

/** Applies one op to `state`. Priority ops must be given in queue order (applyBatch takes care of that). */
export function applyOp(state: State, op: Op): OpResult {
  if (ownType(op) === undefined) {
    return fail({ code: "TX_MALFORMED", message: '"type" expected an own property naming an op type' });
  }
  switch (op.type) {
    case "noop":
      return { ok: true, state, receipt: { status: "applied", da: new Uint8Array(0) } };
    case "transfer":
    case "withdraw":
      return applyL2Tx(state, op, { checkSignature: true });
    case "deposit":
    case "forcedExit": {
      const bad = checkPriorityOp(op);
      if (bad) return fail(bad);
      return op.type === "deposit" ? applyDeposit(state, op) : applyForcedExit(state, op);
    }
    default:
      return fail({ code: "TX_MALFORMED", message: "unknown op type" });
  }
}
