/**
 * Ops into layout OP, receipts out of layout RECEIPT.
 *
 * Every op a caller passes is first staged (stageOp): copied into a plain object, each field read once,
 * so what is hashed, verified and written is one value even if the caller's object has getters or is
 * changed while a call awaits. An op that is not a non-null object with an own, known `type` is staged
 * as malformed and crosses as a kind the core rejects with TX_MALFORMED, as the model's applyOp does.
 *
 * The model rejects some ops for their JS shape (a non-integer index, a missing signature, an amount
 * that is not a bigint): those judgements can only be made here, and arrive in the engine as OP flags
 * that it checks at the model's place in the check order (src/protocol/model/checks.ts). Every other
 * check (token range, widths, representability, a new account's key, state) is the engine's. Values that
 * cannot be written into their field are replaced by ones that fail the engine's check the same way: an
 * index or token outside u32 by 2^32 − 1, an amount outside [0, 2^256) by 2^256 − 1.
 */
import {
  ERROR_CODES,
  type ErrorCode,
  errorCodeFromId,
  FIELD_MODULUS,
  INDEX_BITS,
  isBigUint,
  isUint,
  L1_ADDRESS_BITS,
  NONCE_BITS,
  OP_TYPE,
  type Op,
  type Receipt,
  type TokenId,
} from "../../protocol/index.js";
import { readBytes, readU32, readUint, writeBytes, writeU32, writeUint } from "../layout/codec.js";
import {
  NO_ACCOUNT,
  OP,
  OP_FLAG_BAD_PUBKEY,
  OP_FLAG_CREATE,
  OP_FLAG_KEYS_MALFORMED,
  OP_FLAG_MALFORMED,
  OP_FLAG_SIG_CHECKED,
  OP_FLAG_SIG_VALID,
  OP_KIND_NOOP,
  RECEIPT,
} from "../layout/structs.js";
import { show } from "./validate.js";

/** The outcome of one op: its receipt, or why it was rejected (the op changed nothing). */
export type OpOutcome =
  | { readonly ok: true; readonly receipt: Receipt }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/**
 * A signature verdict made outside the engine on the signed message of the staged copy it is attached
 * to, and the key it was made with.
 */
export interface SignatureVerdict {
  readonly valid: boolean;
  readonly ax: bigint;
  readonly ay: bigint;
}

/**
 * One op as the facade holds it after staging: a private copy of the caller's op (or why it is not an
 * op), the OP flags and the TX_MALFORMED reason judged from that copy, and the verdict on its
 * signature once one is made. The verdict lives on the copy it was computed from, so it can only ever
 * be applied with that op's fields.
 */
export interface StagedOp {
  readonly op: Op | undefined;
  readonly flags: number;
  /** Why the op is TX_MALFORMED when the flags say so (the message of its outcome). */
  readonly reason: string | undefined;
  verdict?: SignatureVerdict;
}

const U32_MAX = 0xffffffff;
const U256_MAX = (1n << 256n) - 1n;
const F = OP.fields;

const isU32 = (x: unknown): x is number => isUint(x, 32);

function u32Or(x: unknown): number {
  return isU32(x) ? x : U32_MAX;
}

/** A bigint that fits 256 bits, else 2^256 − 1 (which fails every range check). */
function u256Or(x: unknown): bigint {
  return typeof x === "bigint" && x >= 0n && x <= U256_MAX ? x : U256_MAX;
}

function tokenMalformed(token: unknown): boolean {
  return typeof token !== "number" || !Number.isSafeInteger(token);
}

/** A copy of the bytes of a Uint8Array (a Buffer or a view at any offset included); anything else as is. */
function copyBytes(x: unknown): unknown {
  return x instanceof Uint8Array ? new Uint8Array(x) : x;
}

const malformed = (reason: string): StagedOp => ({ op: undefined, flags: OP_FLAG_MALFORMED, reason });

const index = (name: string, v: unknown) =>
  `"${name}" expected integer below 2^${INDEX_BITS}, got ${show(v)}`;

/** The first field the model's static checks reject as TX_MALFORMED before any range check, in its order. */
function l2Reason(op: Record<string, unknown>, transfer: boolean): string | undefined {
  if (!isU32(op.from)) return index("from", op.from);
  if (transfer && !isU32(op.to)) return index("to", op.to);
  if (!isU32(op.nonce)) return `"nonce" expected integer below 2^${NONCE_BITS}, got ${show(op.nonce)}`;
  const sig = op.signature;
  if (!(sig instanceof Uint8Array && sig.length === 64))
    return `"signature" expected 64 bytes, got ${show(sig)}`;
  if (typeof op.amount !== "bigint") return `"amount" expected a bigint, got ${show(op.amount)}`;
  if (typeof op.fee !== "bigint") return `"fee" expected a bigint, got ${show(op.fee)}`;
  if (tokenMalformed(op.token)) return `"token" expected an integer, got ${show(op.token)}`;
  return undefined;
}

function depositJudgement(op: Extract<Op, { type: "deposit" }>): { flags: number; reason?: string } {
  if (op.to !== null && !isU32(op.to)) return { flags: OP_FLAG_MALFORMED, reason: index("to", op.to) };
  if (typeof op.amount !== "bigint") {
    return { flags: OP_FLAG_MALFORMED, reason: `"amount" expected a bigint, got ${show(op.amount)}` };
  }
  if (tokenMalformed(op.token)) {
    return { flags: OP_FLAG_MALFORMED, reason: `"token" expected an integer, got ${show(op.token)}` };
  }
  if (op.to !== null) {
    const keys = op.ax !== 0n || op.ay !== 0n || op.l1Address !== 0n;
    return keys
      ? {
          flags: OP_FLAG_KEYS_MALFORMED,
          reason: "a deposit to an existing account carries ax = ay = l1Address = 0",
        }
      : { flags: 0 };
  }
  if (!isBigUint(op.l1Address, L1_ADDRESS_BITS)) {
    const reason = `"l1Address" expected integer below 2^${L1_ADDRESS_BITS}, got ${show(op.l1Address)}`;
    return { flags: OP_FLAG_CREATE | OP_FLAG_KEYS_MALFORMED, reason };
  }
  if (typeof op.ax !== "bigint" || typeof op.ay !== "bigint" || op.ax < 0n || op.ay < 0n) {
    return {
      flags: OP_FLAG_CREATE | OP_FLAG_KEYS_MALFORMED,
      reason: '"ax" and "ay" expected field elements',
    };
  }
  // Coordinates ≥ p cannot be valid keys (and may not fit the field); the rest is the core's key check.
  if (op.ax >= FIELD_MODULUS || op.ay >= FIELD_MODULUS) return { flags: OP_FLAG_CREATE | OP_FLAG_BAD_PUBKEY };
  return { flags: OP_FLAG_CREATE };
}

/**
 * The staged copy of one untrusted op: its own `type` read once and checked against the known types
 * (an inherited name such as "toString" or "__proto__", a non-string or a missing type is malformed),
 * then each field of that type read once into a plain object, signature bytes copied.
 */
export function stageOp(x: unknown): StagedOp {
  if (typeof x !== "object" || x === null) return malformed(`op expected an object, got ${show(x)}`);
  if (!Object.hasOwn(x, "type")) return malformed('"type" expected an own property');
  const o = x as Record<string, unknown>;
  const type = o.type;
  switch (type) {
    case "noop":
      return { op: { type }, flags: 0, reason: undefined };
    case "transfer":
    case "withdraw": {
      const copy: Record<string, unknown> = { type, from: o.from };
      if (type === "transfer") copy.to = o.to;
      Object.assign(copy, { token: o.token, amount: o.amount, fee: o.fee, nonce: o.nonce });
      copy.signature = copyBytes(o.signature);
      const reason = l2Reason(copy, type === "transfer");
      return { op: copy as unknown as Op, flags: reason === undefined ? 0 : OP_FLAG_MALFORMED, reason };
    }
    case "deposit": {
      const copy = {
        type,
        to: o.to,
        token: o.token,
        amount: o.amount,
        ax: o.ax,
        ay: o.ay,
        l1Address: o.l1Address,
      };
      const { flags, reason } = depositJudgement(copy as unknown as Extract<Op, { type: "deposit" }>);
      return { op: copy as unknown as Op, flags, reason };
    }
    case "forcedExit": {
      const copy = { type, account: o.account, token: o.token, requester: o.requester };
      let reason: string | undefined;
      if (!isU32(copy.account))
        reason = `"account" expected integer below 2^${INDEX_BITS}, got ${show(copy.account)}`;
      else if (!isBigUint(copy.requester, L1_ADDRESS_BITS)) {
        reason = `"requester" expected integer below 2^${L1_ADDRESS_BITS}, got ${show(copy.requester)}`;
      } else if (tokenMalformed(copy.token)) reason = `"token" expected an integer, got ${show(copy.token)}`;
      return { op: copy as unknown as Op, flags: reason === undefined ? 0 : OP_FLAG_MALFORMED, reason };
    }
    default:
      return malformed(`"type" expected one of ${Object.keys(OP_TYPE).join(", ")}, noop, got ${show(type)}`);
  }
}

/** Writes the staged op at `base` (OP.size bytes), with the verdict on its signature if there is one. */
export function writeOp(view: DataView, base: number, staged: StagedOp): void {
  new Uint8Array(view.buffer, view.byteOffset + base, OP.size).fill(0);
  const op = staged.op;
  const flags = staged.flags;
  if (op === undefined) {
    writeU32(view, base, F.kind, OP_KIND_NOOP + 1); // not an op: the core's TX_MALFORMED
    return;
  }
  writeU32(view, base, F.kind, op.type === "noop" ? OP_KIND_NOOP : OP_TYPE[op.type]);
  switch (op.type) {
    case "deposit": {
      writeU32(view, base, F.flags, flags);
      writeU32(view, base, F.token, u32Or(op.token));
      writeU32(view, base, F.account, op.to === null ? 0 : u32Or(op.to));
      writeUint(view, base, F.amount, u256Or(op.amount));
      if ((flags & (OP_FLAG_MALFORMED | OP_FLAG_KEYS_MALFORMED | OP_FLAG_BAD_PUBKEY)) === 0) {
        writeUint(view, base, F.ax, op.ax);
        writeUint(view, base, F.ay, op.ay);
        writeUint(view, base, F.l1Address, op.l1Address);
      }
      return;
    }
    case "forcedExit": {
      writeU32(view, base, F.flags, flags);
      writeU32(view, base, F.token, u32Or(op.token));
      writeU32(view, base, F.account, u32Or(op.account));
      if (flags === 0) writeUint(view, base, F.l1Address, op.requester);
      return;
    }
    case "transfer":
    case "withdraw": {
      let f = flags;
      const verdict = staged.verdict;
      if (verdict !== undefined && f === 0) {
        f |= OP_FLAG_SIG_CHECKED | (verdict.valid ? OP_FLAG_SIG_VALID : 0);
        writeUint(view, base, F.ax, verdict.ax);
        writeUint(view, base, F.ay, verdict.ay);
      }
      writeU32(view, base, F.flags, f);
      writeU32(view, base, F.token, u32Or(op.token));
      writeU32(view, base, F.account, u32Or(op.from));
      writeU32(view, base, F.to, op.type === "transfer" ? u32Or(op.to) : 0);
      writeU32(view, base, F.nonce, u32Or(op.nonce));
      writeUint(view, base, F.amount, u256Or(op.amount));
      writeUint(view, base, F.fee, u256Or(op.fee));
      if (flags === 0) writeBytes(view, base, F.signature, op.signature);
      return;
    }
    default:
      return;
  }
}

const R = RECEIPT.fields;

/**
 * Reads the receipt at `base`: the op's outcome as the model states it. A TX_MALFORMED judged in
 * TypeScript carries the staged reason, which names the field.
 */
export function readReceipt(view: DataView, base: number, staged?: StagedOp): OpOutcome {
  const code = readU32(view, base, R.code);
  if (code !== 0) {
    const c = errorCodeFromId(code);
    const reason = c === "TX_MALFORMED" ? staged?.reason : undefined;
    return { ok: false, code: c, message: reason ?? ERROR_CODES[c].message };
  }
  const da = readBytes(view, base, R.da, readU32(view, base, R.daLength));
  const noop = readU32(view, base, R.status) === 1;
  const account = readU32(view, base, R.account);
  const receipt: {
    status: Receipt["status"];
    reason?: ErrorCode;
    account?: number;
    withdrawal?: Receipt["withdrawal"];
    da: Uint8Array;
  } = { status: noop ? "noop" : "applied", da };
  if (noop) receipt.reason = errorCodeFromId(readU32(view, base, R.reason));
  if (account !== NO_ACCOUNT) receipt.account = account;
  if (readU32(view, base, R.hasWithdrawal) === 1) {
    receipt.withdrawal = {
      account: readU32(view, base, R.withdrawAccount),
      l1Address: readUint(view, base, R.withdrawL1Address),
      token: readU32(view, base, R.withdrawToken) as TokenId,
      amount: readUint(view, base, R.withdrawAmount),
    };
  }
  return { ok: true, receipt };
}
