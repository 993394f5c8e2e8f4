/**
 * Static checks of an op's fields (docs/protocol.md §7.1): widths and shapes that need no state.
 * They return the error code of the first failing check, in the order the spec lists them.
 */

import { encodeFloat } from "../bits/index.js";
import {
  AMOUNT_FLOAT,
  BALANCE_BITS,
  FEE_FLOAT,
  FIELD_MODULUS,
  INDEX_BITS,
  L1_ADDRESS_BITS,
  NONCE_BITS,
  TOKEN_COUNT,
} from "../constants.js";
import { isValidPublicKey } from "../crypto/index.js";
import type { ErrorCode } from "../errors.js";
import type { L2Tx, PriorityOp } from "../types.js";

export interface Rejection {
  readonly code: ErrorCode;
  readonly message: string;
}

export function reject(code: ErrorCode, message: string): Rejection {
  return { code, message };
}

export function isUint(x: unknown, bits: number): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0 && x < 2 ** bits;
}

export function isBigUint(x: unknown, bits: number): x is bigint {
  return typeof x === "bigint" && x >= 0n && x >> BigInt(bits) === 0n;
}

function isToken(x: unknown): boolean {
  return typeof x === "number" && Number.isInteger(x) && x >= 0 && x < TOKEN_COUNT;
}

function tokenCheck(token: unknown): Rejection | undefined {
  if (typeof token !== "number" || !Number.isSafeInteger(token))
    return reject("TX_MALFORMED", '"token" is not an integer');
  if (!isToken(token)) return reject("TX_UNKNOWN_TOKEN", `"token" ${token} is not 0-3`);
  return undefined;
}

/** Order: malformed fields, unknown token, amount/fee range, representability, self-transfer, nonce. */
export function checkL2Tx(tx: L2Tx): Rejection | undefined {
  if (!isUint(tx.from, INDEX_BITS))
    return reject("TX_MALFORMED", `"from" expected integer below 2^${INDEX_BITS}`);
  if (tx.type === "transfer" && !isUint(tx.to, INDEX_BITS)) {
    return reject("TX_MALFORMED", `"to" expected integer below 2^${INDEX_BITS}`);
  }
  if (!isUint(tx.nonce, NONCE_BITS))
    return reject("TX_MALFORMED", `"nonce" expected integer below 2^${NONCE_BITS}`);
  if (!(tx.signature instanceof Uint8Array) || tx.signature.length !== 64) {
    return reject("TX_MALFORMED", '"signature" expected 64 bytes');
  }
  if (typeof tx.amount !== "bigint" || typeof tx.fee !== "bigint") {
    return reject("TX_MALFORMED", '"amount" and "fee" must be integers');
  }
  const bad = tokenCheck(tx.token);
  if (bad) return bad;
  if (!isBigUint(tx.amount, BALANCE_BITS)) {
    return reject("TX_AMOUNT_RANGE", `"amount" expected integer below 2^${BALANCE_BITS}, got ${tx.amount}`);
  }
  if (!isBigUint(tx.fee, BALANCE_BITS)) {
    return reject("TX_AMOUNT_RANGE", `"fee" expected integer below 2^${BALANCE_BITS}, got ${tx.fee}`);
  }
  if (encodeFloat(tx.amount, AMOUNT_FLOAT) === undefined) {
    return reject("TX_AMOUNT_NOT_REPRESENTABLE", `"amount" ${tx.amount} has no exact float36 encoding`);
  }
  if (encodeFloat(tx.fee, FEE_FLOAT) === undefined) {
    return reject("TX_FEE_NOT_REPRESENTABLE", `"fee" ${tx.fee} has no exact float16 encoding`);
  }
  if (tx.type === "transfer" && tx.from === tx.to) return reject("TX_SELF_TRANSFER", "from = to");
  if (tx.nonce === 2 ** NONCE_BITS - 1)
    return reject("TX_NONCE_EXHAUSTED", `nonce 2^${NONCE_BITS}-1 cannot be used`);
  return undefined;
}

/** Checks ghostd performs before enqueueing; a priority op that fails them cannot be in a valid queue. */
export function checkPriorityOp(op: PriorityOp): Rejection | undefined {
  if (op.type === "forcedExit") {
    if (!isUint(op.account, INDEX_BITS))
      return reject("TX_MALFORMED", `"account" expected integer below 2^${INDEX_BITS}`);
    if (!isBigUint(op.requester, L1_ADDRESS_BITS)) {
      return reject("TX_MALFORMED", `"requester" expected integer below 2^${L1_ADDRESS_BITS}`);
    }
    return tokenCheck(op.token);
  }
  if (op.to !== null && !isUint(op.to, INDEX_BITS)) {
    return reject("TX_MALFORMED", `"to" expected null or an integer below 2^${INDEX_BITS}`);
  }
  if (typeof op.amount !== "bigint") return reject("TX_MALFORMED", '"amount" must be an integer');
  const bad = tokenCheck(op.token);
  if (bad) return bad;
  if (!isBigUint(op.amount, BALANCE_BITS)) {
    return reject("TX_AMOUNT_RANGE", `"amount" expected integer below 2^${BALANCE_BITS}, got ${op.amount}`);
  }
  if (op.to !== null) {
    if (op.ax !== 0n || op.ay !== 0n || op.l1Address !== 0n) {
      return reject("TX_MALFORMED", "a deposit to an existing account carries ax = ay = l1Address = 0");
    }
    return undefined;
  }
  if (!isBigUint(op.l1Address, L1_ADDRESS_BITS)) {
    return reject("TX_MALFORMED", `"l1Address" expected integer below 2^${L1_ADDRESS_BITS}`);
  }
  if (typeof op.ax !== "bigint" || typeof op.ay !== "bigint" || op.ax < 0n || op.ay < 0n) {
    return reject("TX_MALFORMED", '"ax" and "ay" must be field elements');
  }
  if (op.ax >= FIELD_MODULUS || op.ay >= FIELD_MODULUS || !isValidPublicKey({ ax: op.ax, ay: op.ay })) {
    return reject("TX_BAD_PUBKEY", "the new account's key is not a prime-order Baby Jubjub point");
  }
  return undefined;
}
