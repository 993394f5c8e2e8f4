/**
 * The JSON form of L1 transactions (docs/l1.md §3.2): one strict zod schema per type, and the conversions
 * both ways. JSON and envelope are two spellings of one transaction: `txFromJson(txToJson(s))` is `s`, and
 * its envelope bytes are those of `s`.
 */
import { z } from "zod";
import { GhostError } from "../../protocol/index.js";
import type { Groth16Proof } from "../../prover/index.js";
import { to0x } from "../encoding/index.js";
import {
  address,
  decimal,
  fieldElement,
  formatAddress,
  hexBytes,
  nonPlainPath,
  token,
  uint,
} from "./jsonFields.js";
import { BASE_FIELD_MODULUS } from "./proofBytes.js";
import { type L1Tx, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type SignedTx } from "./types.js";

const u64 = decimal(64);
const u128 = decimal(128);
const u32 = uint(32);
/** Kept as the decimal string snarkjs reads; checked canonical and below q. */
const coordinate = decimal(254, BASE_FIELD_MODULUS, "the base field modulus q").transform(String);

/** snarkjs' proof object, with the projective coordinates it always writes ("1", and ["1", "0"] for pi_b). */
const proof = z.strictObject({
  pi_a: z.tuple([coordinate, coordinate, z.literal("1")]),
  pi_b: z.tuple([
    z.tuple([coordinate, coordinate]),
    z.tuple([coordinate, coordinate]),
    z.tuple([z.literal("1"), z.literal("0")]),
  ]),
  pi_c: z.tuple([coordinate, coordinate, z.literal("1")]),
  protocol: z.literal("groth16"),
  curve: z.literal("bn128"),
});

const common = {
  chainId: u32,
  from: address,
  nonce: u64,
  fee: u128,
  publicKey: z.union([z.null(), hexBytes(PUBLIC_KEY_BYTES)]),
  signature: hexBytes(SIGNATURE_BYTES),
};

/** One schema per type; their outputs are the fields of L1Tx plus publicKey and signature. */
export const txSchemas = {
  transfer: z.strictObject({ type: z.literal("transfer"), ...common, to: address, token, amount: u128 }),
  deposit: z
    .strictObject({
      type: z.literal("deposit"),
      ...common,
      token,
      amount: u128,
      to: z.union([z.null(), u32]),
      ax: fieldElement.optional(),
      ay: fieldElement.optional(),
    })
    .superRefine((d, ctx) => {
      // The path names the field at fault: the first one missing, or the first one present.
      if (d.to === null && (d.ax === undefined || d.ay === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [d.ax === undefined ? "ax" : "ay"],
          message: "a creating deposit (to = null) needs ax and ay",
        });
      } else if (d.to !== null && (d.ax !== undefined || d.ay !== undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [d.ax !== undefined ? "ax" : "ay"],
          message: "a deposit to an existing account has no ax, ay",
        });
      }
    }),
  forcedExit: z.strictObject({ type: z.literal("forcedExit"), ...common, account: u32, token }),
  bond: z.strictObject({ type: z.literal("bond"), ...common, amount: u128 }),
  unbond: z.strictObject({ type: z.literal("unbond"), ...common, amount: u128 }),
  commitBatch: z.strictObject({
    type: z.literal("commitBatch"),
    ...common,
    batchNumber: u32,
    feeAccount: u32,
    newRoot: fieldElement,
    proof,
    data: hexBytes(),
  }),
  exodusWithdraw: z.strictObject({
    type: z.literal("exodusWithdraw"),
    ...common,
    account: u32,
    ax: fieldElement,
    ay: fieldElement,
    accountNonce: u32,
    balances: z.tuple([u128, u128, u128, u128]),
    siblings: z.array(fieldElement).max(255),
  }),
  refund: z.strictObject({ type: z.literal("refund"), ...common, queueIndex: u64 }),
} as const;

const txSchema = z.discriminatedUnion("type", [
  txSchemas.transfer,
  txSchemas.deposit,
  txSchemas.forcedExit,
  txSchemas.bond,
  txSchemas.unbond,
  txSchemas.commitBatch,
  txSchemas.exodusWithdraw,
  txSchemas.refund,
]);

/** The deepest objects the schemas read fields of: a proof's pi_b rows (tx → proof → pi_b → row). */
const PLAIN_DEPTH = 3;

/** Validates untrusted (parsed) JSON into a signed transaction; throws TX_MALFORMED naming the field. */
export function txFromJson(json: unknown): SignedTx {
  const notPlain = nonPlainPath(json, PLAIN_DEPTH);
  if (notPlain !== undefined) {
    const where = notPlain.length > 0 ? `"${notPlain.join(".")}" ` : "";
    throw new GhostError("TX_MALFORMED", `${where}a transaction is plain JSON (no prototypes)`, {
      details: { path: notPlain },
    });
  }
  const r = txSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0]!;
    // An unknown key is reported on its object: name it.
    const path = [...first.path.map(String), ...(first.code === "unrecognized_keys" ? first.keys : [])];
    const where = path.length > 0 ? `"${path.join(".")}" ` : "";
    throw new GhostError("TX_MALFORMED", `${where}${first.message}`, {
      details: { path },
    });
  }
  const { publicKey, signature, ...rest } = r.data;
  let tx: L1Tx;
  if (rest.type === "deposit") {
    tx = { ...rest, ax: rest.ax ?? 0n, ay: rest.ay ?? 0n };
  } else if (rest.type === "commitBatch") {
    tx = { ...rest, proof: rest.proof as Groth16Proof };
  } else {
    tx = rest;
  }
  return { tx, publicKey, signature };
}

function body(tx: L1Tx): Record<string, unknown> {
  switch (tx.type) {
    case "transfer":
      return { to: formatAddress(tx.to), token: tx.token, amount: tx.amount.toString() };
    case "deposit":
      return tx.to === null
        ? {
            token: tx.token,
            amount: tx.amount.toString(),
            to: null,
            ax: tx.ax.toString(),
            ay: tx.ay.toString(),
          }
        : { token: tx.token, amount: tx.amount.toString(), to: tx.to };
    case "forcedExit":
      return { account: tx.account, token: tx.token };
    case "bond":
    case "unbond":
      return { amount: tx.amount.toString() };
    case "commitBatch":
      return {
        batchNumber: tx.batchNumber,
        feeAccount: tx.feeAccount,
        newRoot: tx.newRoot.toString(),
        proof: {
          pi_a: [...tx.proof.pi_a],
          pi_b: tx.proof.pi_b.map((p) => [...p]),
          pi_c: [...tx.proof.pi_c],
          protocol: "groth16",
          curve: "bn128",
        },
        data: to0x(tx.data),
      };
    case "exodusWithdraw":
      return {
        account: tx.account,
        ax: tx.ax.toString(),
        ay: tx.ay.toString(),
        accountNonce: tx.accountNonce,
        balances: tx.balances.map(String),
        siblings: tx.siblings.map(String),
      };
    case "refund":
      return { queueIndex: tx.queueIndex.toString() };
  }
}

/** The canonical JSON object (keys in the order of §3.2); `JSON.stringify` it for the wire. */
export function txToJson(s: SignedTx): Record<string, unknown> {
  const { tx } = s;
  return {
    type: tx.type,
    chainId: tx.chainId,
    from: formatAddress(tx.from),
    nonce: tx.nonce.toString(),
    fee: tx.fee.toString(),
    publicKey: s.publicKey === null ? null : to0x(s.publicKey),
    signature: to0x(s.signature),
    ...body(tx),
  };
}
