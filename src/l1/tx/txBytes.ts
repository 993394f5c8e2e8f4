/**
 * The canonical binary form of L1 transactions (docs/l1.md §3.1):
 *
 *   signed   = "GhostChain/L1tx/v1" ‖ u32 chainId ‖ u8 type ‖ addr from ‖ u64 nonce ‖ u128 fee ‖ body
 *   txHash   = SHA3-256(signed)
 *   envelope = signed ‖ u8 hasKey ‖ (hasKey = 1: 1952-byte public key) ‖ 3309-byte signature
 *
 * The hash covers the signed bytes only: ML-DSA signing is randomised, and a transaction keeps its name
 * however often it is signed. Decoding refuses anything that would not re-encode to the same bytes.
 */
import { GhostError, TOKEN_COUNT, type TokenId } from "../../protocol/index.js";
import { ascii, bytesEqual, Reader, sha3, Writer } from "../encoding/index.js";
import { readProof, writeProof } from "./proofBytes.js";
import {
  type L1Tx,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  type SignedTx,
  TX_TYPE,
  type TxType,
} from "./types.js";

export const TX_TAG = ascii("GhostChain/L1tx/v1");

const TYPE_BY_ID = Object.fromEntries(Object.entries(TX_TYPE).map(([k, v]) => [v, k])) as Record<
  number,
  TxType
>;

function token(w: Writer, t: TokenId): void {
  w.u8(t, "token");
  if (t >= TOKEN_COUNT)
    throw new GhostError("TX_MALFORMED", `"token" expected 0-3, got ${t}`, { details: { path: ["token"] } });
}

function writeBody(w: Writer, tx: L1Tx): void {
  switch (tx.type) {
    case "transfer":
      w.addr(tx.to, "to");
      token(w, tx.token);
      w.u128(tx.amount, "amount");
      return;
    case "deposit":
      token(w, tx.token);
      w.u128(tx.amount, "amount");
      if (tx.to === null) {
        w.u8(1, "create").field(tx.ax, "ax").field(tx.ay, "ay");
      } else {
        if (tx.ax !== 0n || tx.ay !== 0n) {
          throw new GhostError(
            "TX_MALFORMED",
            '"ax", "ay": a deposit to an existing account carries no key',
            {
              details: { path: ["ax"] },
            },
          );
        }
        w.u8(0, "create").u32(tx.to, "to");
      }
      return;
    case "forcedExit":
      w.u32(tx.account, "account");
      token(w, tx.token);
      return;
    case "bond":
    case "unbond":
      w.u128(tx.amount, "amount");
      return;
    case "commitBatch":
      w.u32(tx.batchNumber, "batchNumber").u32(tx.feeAccount, "feeAccount").field(tx.newRoot, "newRoot");
      writeProof(w, tx.proof);
      w.bytes(tx.data, "data");
      return;
    case "exodusWithdraw":
      w.u32(tx.account, "account").field(tx.ax, "ax").field(tx.ay, "ay").u32(tx.accountNonce, "accountNonce");
      if (tx.balances.length !== 4) throw new GhostError("TX_MALFORMED", '"balances" expected 4 balances');
      for (const b of tx.balances) w.u128(b, "balances");
      w.u8(tx.siblings.length, "siblings");
      for (const s of tx.siblings) w.field(s, "siblings");
      return;
    case "refund":
      w.u64(tx.queueIndex, "queueIndex");
      return;
  }
}

/** The bytes the sender signs; also the width validation of every field (TX_MALFORMED naming it). */
export function signedBytes(tx: L1Tx): Uint8Array {
  const w = new Writer();
  w.raw(TX_TAG, TX_TAG.length, "tag");
  w.u32(tx.chainId, "chainId");
  if (!(tx.type in TX_TYPE)) throw new GhostError("TX_MALFORMED", `"type" unknown: ${String(tx.type)}`);
  w.u8(TX_TYPE[tx.type], "type").addr(tx.from, "from").u64(tx.nonce, "nonce").u128(tx.fee, "fee");
  writeBody(w, tx);
  return w.finish();
}

/** SHA3-256 of the signed bytes: names the transaction whoever signed it, however often. */
export function txHash(tx: L1Tx): Uint8Array {
  return sha3(signedBytes(tx));
}

function readToken(r: Reader): TokenId {
  const t = r.u8("token");
  if (t >= TOKEN_COUNT) r.fail(`expected 0-3, got ${t}`, "token");
  return t as TokenId;
}

function readTx(r: Reader): L1Tx {
  if (!bytesEqual(r.take(TX_TAG.length, "tag"), TX_TAG)) r.fail("not an L1 transaction (domain tag)", "tag");
  const chainId = r.u32("chainId");
  const typeId = r.u8("type");
  const type = TYPE_BY_ID[typeId];
  if (type === undefined) r.fail(`unknown type ${typeId}`, "type");
  const common = { chainId, from: r.addr("from"), nonce: r.u64("nonce"), fee: r.u128("fee") };
  switch (type) {
    case "transfer":
      return { type, ...common, to: r.addr("to"), token: readToken(r), amount: r.u128("amount") };
    case "deposit": {
      const tok = readToken(r);
      const amount = r.u128("amount");
      if (r.bool("create"))
        return { type, ...common, token: tok, amount, to: null, ax: r.field("ax"), ay: r.field("ay") };
      return { type, ...common, token: tok, amount, to: r.u32("to"), ax: 0n, ay: 0n };
    }
    case "forcedExit":
      return { type, ...common, account: r.u32("account"), token: readToken(r) };
    case "bond":
    case "unbond":
      return { type, ...common, amount: r.u128("amount") };
    case "commitBatch":
      return {
        type,
        ...common,
        batchNumber: r.u32("batchNumber"),
        feeAccount: r.u32("feeAccount"),
        newRoot: r.field("newRoot"),
        proof: readProof(r),
        data: r.bytes("data"),
      };
    case "exodusWithdraw": {
      const account = r.u32("account");
      const ax = r.field("ax");
      const ay = r.field("ay");
      const accountNonce = r.u32("accountNonce");
      const balances = [
        r.u128("balances"),
        r.u128("balances"),
        r.u128("balances"),
        r.u128("balances"),
      ] as const;
      const n = r.u8("siblings");
      const siblings = Array.from({ length: n }, () => r.field("siblings"));
      return { type, ...common, account, ax, ay, accountNonce, balances, siblings };
    }
    case "refund":
      return { type, ...common, queueIndex: r.u64("queueIndex") };
  }
}

/** A reader over untrusted input, which must be bytes: a string or an array would be read as something else. */
function reader(bytes: Uint8Array): Reader {
  if (!(bytes instanceof Uint8Array)) {
    throw new GhostError(
      "TX_MALFORMED",
      `expected a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`,
    );
  }
  return new Reader(bytes);
}

/** Decodes signed bytes alone (no key, no signature). */
export function decodeSignedBytes(bytes: Uint8Array): L1Tx {
  const r = reader(bytes);
  const tx = readTx(r);
  r.end();
  return tx;
}

/** The wire form: signed bytes, the optional key, the signature. */
export function encodeEnvelope(s: SignedTx): Uint8Array {
  const w = new Writer();
  const signed = signedBytes(s.tx);
  w.raw(signed, signed.length, "signed");
  if (s.publicKey === null) w.u8(0, "hasKey");
  else w.u8(1, "hasKey").raw(s.publicKey, PUBLIC_KEY_BYTES, "publicKey");
  w.raw(s.signature, SIGNATURE_BYTES, "signature");
  return w.finish();
}

export function decodeEnvelope(bytes: Uint8Array): SignedTx {
  const r = reader(bytes);
  const tx = readTx(r);
  const publicKey = r.bool("hasKey") ? r.take(PUBLIC_KEY_BYTES, "publicKey") : null;
  const signature = r.take(SIGNATURE_BYTES, "signature");
  r.end();
  return { tx, publicKey, signature };
}
