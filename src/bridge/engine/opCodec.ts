/**
 * Ops into layout OP, receipts out of layout RECEIPT.
 *
 * The model rejects some ops for their JS shape (a non-integer index, a missing signature, an amount
 * that is not a bigint): those judgements can only be made here, and arrive in the engine as OP flags
 * that it checks at the model's place in the check order (src/protocol/model/checks.ts). Every other
 * check (token range, widths, representability, state) is the engine's. Values that cannot be written
 * into their field are replaced by ones that fail the engine's check the same way: an index or token
 * outside u32 by 2^32 − 1, an amount outside [0, 2^256) by 2^256 − 1.
 */
import {
  ERROR_CODES,
  type ErrorCode,
  errorCodeFromId,
  FIELD_MODULUS,
  isValidPublicKey,
  L1_ADDRESS_BITS,
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

/** The outcome of one op: its receipt, or why it was rejected (the op changed nothing). */
export type OpOutcome =
  | { readonly ok: true; readonly receipt: Receipt }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

const U32_MAX = 0xffffffff;
const U256_MAX = (1n << 256n) - 1n;
const F = OP.fields;

function isU32(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0 && x <= U32_MAX;
}

function isUintBits(x: unknown, bits: number): x is bigint {
  return typeof x === "bigint" && x >= 0n && x >> BigInt(bits) === 0n;
}

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

function kindOf(op: Op): number {
  if (op.type === "noop") return OP_KIND_NOOP;
  const kind = (OP_TYPE as Record<string, number>)[op.type as string];
  return kind ?? OP_KIND_NOOP + 1;
}

function depositFlags(op: Extract<Op, { type: "deposit" }>): number {
  const early =
    (op.to !== null && !isU32(op.to)) || typeof op.amount !== "bigint" || tokenMalformed(op.token);
  if (early) return OP_FLAG_MALFORMED;
  if (op.to !== null) {
    const keys = op.ax !== 0n || op.ay !== 0n || op.l1Address !== 0n;
    return keys ? OP_FLAG_KEYS_MALFORMED : 0;
  }
  let flags = OP_FLAG_CREATE;
  const keysMalformed =
    !isUintBits(op.l1Address, L1_ADDRESS_BITS) ||
    typeof op.ax !== "bigint" ||
    typeof op.ay !== "bigint" ||
    op.ax < 0n ||
    op.ay < 0n;
  if (keysMalformed) flags |= OP_FLAG_KEYS_MALFORMED;
  else if (op.ax >= FIELD_MODULUS || op.ay >= FIELD_MODULUS || !isValidPublicKey({ ax: op.ax, ay: op.ay }))
    flags |= OP_FLAG_BAD_PUBKEY;
  return flags;
}

/** A signature verdict made outside the engine, and the key it was made with. */
export interface SignatureVerdict {
  readonly valid: boolean;
  readonly ax: bigint;
  readonly ay: bigint;
}

/** Writes `op` at `base` (OP.size bytes), with the pool's verdict on its signature if there is one. */
export function writeOp(view: DataView, base: number, op: Op, verdict?: SignatureVerdict): void {
  new Uint8Array(view.buffer, view.byteOffset + base, OP.size).fill(0);
  const kind = kindOf(op);
  writeU32(view, base, F.kind, kind);
  switch (op.type) {
    case "deposit": {
      const flags = depositFlags(op);
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
      const bad =
        !isU32(op.account) || !isUintBits(op.requester, L1_ADDRESS_BITS) || tokenMalformed(op.token);
      writeU32(view, base, F.flags, bad ? OP_FLAG_MALFORMED : 0);
      writeU32(view, base, F.token, u32Or(op.token));
      writeU32(view, base, F.account, u32Or(op.account));
      if (!bad) writeUint(view, base, F.l1Address, op.requester);
      return;
    }
    case "transfer":
    case "withdraw": {
      const sig = op.signature as unknown;
      const bad =
        !isU32(op.from) ||
        (op.type === "transfer" && !isU32(op.to)) ||
        !isU32(op.nonce) ||
        !(sig instanceof Uint8Array && sig.length === 64) ||
        typeof op.amount !== "bigint" ||
        typeof op.fee !== "bigint" ||
        tokenMalformed(op.token);
      let flags = bad ? OP_FLAG_MALFORMED : 0;
      if (verdict !== undefined && !bad) {
        flags |= OP_FLAG_SIG_CHECKED | (verdict.valid ? OP_FLAG_SIG_VALID : 0);
        writeUint(view, base, F.ax, verdict.ax);
        writeUint(view, base, F.ay, verdict.ay);
      }
      writeU32(view, base, F.flags, flags);
      writeU32(view, base, F.token, u32Or(op.token));
      writeU32(view, base, F.account, u32Or(op.from));
      writeU32(view, base, F.to, op.type === "transfer" ? u32Or(op.to) : 0);
      writeU32(view, base, F.nonce, u32Or(op.nonce));
      writeUint(view, base, F.amount, u256Or(op.amount));
      writeUint(view, base, F.fee, u256Or(op.fee));
      if (!bad) writeBytes(view, base, F.signature, sig as Uint8Array);
      return;
    }
    default:
      return;
  }
}

const R = RECEIPT.fields;

/** Reads the receipt at `base`: the op's outcome as the model states it. */
export function readReceipt(view: DataView, base: number): OpOutcome {
  const code = readU32(view, base, R.code);
  if (code !== 0) {
    const c = errorCodeFromId(code);
    return { ok: false, code: c, message: ERROR_CODES[c].message };
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
