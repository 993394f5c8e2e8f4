/**
 * ghostd's hostile-input table (in the manner of noble's tables of invalid inputs, and of
 * tests/engine/hostile.ts): every entry is something an adversarial caller of a public L1 surface can
 * pass, and the exact code it must answer with, changing nothing.
 *
 *   TX_JSON_ENTRIES   txFromJson, and l1_sendTransaction on a real node: TX_MALFORMED (docs/l1.md §3.2),
 *                     with `details.path` naming the field
 *   BYTES_ENTRIES     decodeEnvelope / decodeSignedBytes: TX_MALFORMED (§3.1), naming the field where the
 *                     decoder was reading one
 *   VALID_TXS         every type at its bounds: JSON → tx → envelope → tx → JSON is the identity
 *   GENESIS_ENTRIES   buildGenesis(genesisFromJson(json)): GENESIS_INVALID (§6)
 *   KEY_FILE_ENTRIES  parseKeyFile(text): L1_KEY_MALFORMED (§2)
 *   HTTP_ENTRIES      raw JSON-RPC bodies to ghostd: the JSON-RPC number and GhostChain code (docs/rpc.md)
 *
 * Byte layouts are written here from the spec's table, not taken from the codec, so that the cut points
 * and the field names check the codec against §3.1.
 */
import {
  BASE_FIELD_MODULUS,
  devKey,
  encodeEnvelope,
  formatKeyFile,
  type L1Tx,
  PUBLIC_KEY_BYTES,
  proofFromElements,
  SIGNATURE_BYTES,
  type SignedTx,
  signedBytes,
  txToJson,
} from "../../src/l1/index.js";
import { type ErrorCode, FIELD_MODULUS } from "../../src/protocol/index.js";
import { genesisJson } from "./helpers.js";

const P = FIELD_MODULUS;
const Q = BASE_FIELD_MODULUS;
const MAX = (bits: number) => (1n << BigInt(bits)) - 1n;

// ---------------------------------------------------------------------------------------------------
// Valid transactions: the bases every hostile entry is one change away from, and the round-trip table.

const SENDER = devKey("account-0");
/** The development genesis' chain id (docs/l1.md §6.1). */
export const CHAIN_ID = 1337;
const common = { chainId: CHAIN_ID, from: SENDER.address, nonce: 0n, fee: 1000n };
const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (seed + i * 13) & 0xff);
const signature = bytes(SIGNATURE_BYTES);
const proof = proofFromElements([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);

const BASE: Record<string, L1Tx> = {
  transfer: { type: "transfer", ...common, to: devKey("account-1").address, token: 0, amount: 1n },
  deposit: { type: "deposit", ...common, token: 1, amount: 5n, to: 3, ax: 0n, ay: 0n },
  creatingDeposit: { type: "deposit", ...common, token: 2, amount: 5n, to: null, ax: 11n, ay: 12n },
  forcedExit: { type: "forcedExit", ...common, account: 2, token: 3 },
  bond: { type: "bond", ...common, amount: 10n },
  unbond: { type: "unbond", ...common, amount: 10n },
  commitBatch: {
    type: "commitBatch",
    ...common,
    batchNumber: 1,
    feeAccount: 0,
    newRoot: 99n,
    proof,
    data: Uint8Array.of(1, 2, 3),
  },
  exodusWithdraw: {
    type: "exodusWithdraw",
    ...common,
    account: 1,
    ax: 21n,
    ay: 22n,
    accountNonce: 4,
    balances: [1n, 2n, 3n, 4n],
    siblings: [31n, 32n],
  },
  refund: { type: "refund", ...common, queueIndex: 0n },
};

const unsigned = (tx: L1Tx, publicKey: Uint8Array | null = null): SignedTx => ({ tx, publicKey, signature });
const top = { chainId: 2 ** 32 - 1, from: MAX(160), nonce: MAX(64), fee: MAX(128) };

/** Every type, at its lower and upper bounds, with and without the sender's key. */
export const VALID_TXS: readonly { readonly name: string; readonly signed: SignedTx }[] = [
  ...Object.entries(BASE).map(([name, tx]) => ({ name, signed: unsigned(tx) })),
  { name: "transfer carrying its key", signed: unsigned(BASE.transfer!, SENDER.publicKey) },
  {
    name: "transfer at every upper bound",
    signed: unsigned({ ...BASE.transfer!, ...top, to: MAX(160), token: 3, amount: MAX(128) } as L1Tx),
  },
  {
    name: "transfer of zeros",
    signed: unsigned({
      ...BASE.transfer!,
      chainId: 0,
      from: 0n,
      nonce: 0n,
      fee: 0n,
      to: 0n,
      amount: 0n,
    } as L1Tx),
  },
  { name: "deposit to index 2^32 − 1", signed: unsigned({ ...BASE.deposit!, to: 2 ** 32 - 1 } as L1Tx) },
  {
    name: "creating deposit with ax = p − 1, ay = 0",
    signed: unsigned({ ...BASE.creatingDeposit!, ax: P - 1n, ay: 0n } as L1Tx),
  },
  {
    name: "forcedExit at the top",
    signed: unsigned({ ...BASE.forcedExit!, ...top, account: 2 ** 32 - 1 } as L1Tx),
  },
  { name: "bond of 2^128 − 1", signed: unsigned({ ...BASE.bond!, amount: MAX(128) } as L1Tx) },
  { name: "unbond of 0", signed: unsigned({ ...BASE.unbond!, amount: 0n } as L1Tx) },
  {
    name: "commitBatch: coordinates q − 1 and p (p < q), no data",
    signed: unsigned({
      ...BASE.commitBatch!,
      batchNumber: 2 ** 32 - 1,
      feeAccount: 2 ** 32 - 1,
      newRoot: P - 1n,
      proof: proofFromElements([Q - 1n, P, 0n, Q - 1n, P, 0n, Q - 1n, P]),
      data: new Uint8Array(),
    } as L1Tx),
  },
  {
    name: "commitBatch with 1,000 bytes of data, carrying a key",
    signed: unsigned({ ...BASE.commitBatch!, data: bytes(1000, 3) } as L1Tx, SENDER.publicKey),
  },
  {
    name: "exodusWithdraw with 255 siblings of p − 1 and full balances",
    signed: unsigned({
      ...BASE.exodusWithdraw!,
      account: 2 ** 32 - 1,
      accountNonce: 2 ** 32 - 1,
      ax: P - 1n,
      ay: P - 1n,
      balances: [MAX(128), MAX(128), MAX(128), MAX(128)],
      siblings: Array(255).fill(P - 1n),
    } as L1Tx),
  },
  {
    name: "exodusWithdraw with no siblings",
    signed: unsigned({ ...BASE.exodusWithdraw!, siblings: [] } as L1Tx),
  },
  { name: "refund of 2^64 − 1", signed: unsigned({ ...BASE.refund!, queueIndex: MAX(64) } as L1Tx) },
];

// ---------------------------------------------------------------------------------------------------
// Transaction JSON.

export interface TxJsonEntry {
  readonly name: string;
  /** A fresh value each call: the runner may serialise it or hand it over as it is. */
  readonly json: () => unknown;
  readonly code: ErrorCode;
  /** `details.path` exactly, when the codec can name the field. */
  readonly path?: readonly string[];
}

/**
 * l1_sendTransaction's params schema (`z.looseObject`, src/l1/api) copies the transaction into a new
 * object, and zod drops an own `__proto__` key on the way: the codec never sees the unknown field (§3.2).
 */

type Json = Record<string, unknown>;
const jsonOf = (name: string): Json => txToJson(unsigned(BASE[name]!));
type Bad = readonly [label: string, value: unknown];

const hex = (n: number, digit = "a") => `0x${digit.repeat(n * 2)}`;
const U32: Bad[] = [
  ["−1", -1],
  ["1.5", 1.5],
  ["2^32", 2 ** 32],
  ["2^53", 2 ** 53],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ['"1" (a string)', "1"],
  ["1n (a bigint)", 1n],
  ["null", null],
  ["true", true],
  ["[1]", [1]],
];
const TOKEN: Bad[] = [
  ["4", 4],
  ["255", 255],
  ["−1", -1],
  ["1.5", 1.5],
  ['"0"', "0"],
  ["NaN", Number.NaN],
  ["null", null],
];
const decimals = (bits: number): Bad[] => [
  [`2^${bits}`, (1n << BigInt(bits)).toString()],
  [`2^${bits + 100}`, (1n << BigInt(bits + 100)).toString()],
  ['"-1"', "-1"],
  ['"1.5"', "1.5"],
  ['"1e3"', "1e3"],
  ['"01" (a leading zero)', "01"],
  ['"" (empty)', ""],
  ['" 1" (a space)', " 1"],
  ['"0x10"', "0x10"],
  ['"+1"', "+1"],
  ['"NaN"', "NaN"],
  ['"Infinity"', "Infinity"],
  ['"１" (a full-width digit)', "１"],
  ["1 (a number)", 1],
  ["1n (a bigint)", 1n],
  ["null", null],
  ['["1"]', ["1"]],
];
/** A scalar field element (§3.1: `< p`). */
const FIELD: Bad[] = [
  ["p", P.toString()],
  ["p + 1", (P + 1n).toString()],
  ["2^256", (1n << 256n).toString()],
  ['"-1"', "-1"],
  ['"00"', "00"],
  ['"0x1"', "0x1"],
  ["1 (a number)", 1],
  ["null", null],
];
/** A proof coordinate, an element of the base field (§3.1: `< q`). */
const COORDINATE: Bad[] = [
  ["q", Q.toString()],
  ["q + 1", (Q + 1n).toString()],
  ["2^256", (1n << 256n).toString()],
  ['"0x1"', "0x1"],
  ['"-1"', "-1"],
  ['"1.0"', "1.0"],
  ["1 (a number)", 1],
  ["null", null],
];
const ADDRESS: Bad[] = [
  ["39 hex digits", `0x${"a".repeat(39)}`],
  ["41 hex digits", `0x${"a".repeat(41)}`],
  ["21 bytes", hex(21)],
  ["uppercase hex", `0x${"A".repeat(40)}`],
  ["no 0x", "a".repeat(40)],
  ["0X", `0X${"a".repeat(40)}`],
  ["a non-hex digit", `0x${"g".repeat(40)}`],
  ['"0x"', "0x"],
  ["a decimal string", "12345"],
  ["a number", 12345],
  ["null", null],
];
const fixedHex = (n: number): Bad[] => [
  [`${n - 1} bytes`, hex(n - 1)],
  [`${n + 1} bytes`, hex(n + 1)],
  ["uppercase hex", hex(n, "A")],
  ["no 0x", hex(n).slice(2)],
  ["an odd number of digits", `${hex(n)}a`],
  ['"0x"', "0x"],
  ["a number", 0],
  ["an array of bytes", [1, 2, 3]],
];
const DATA: Bad[] = [
  ["an odd number of digits", "0x0"],
  ["uppercase hex", "0xAB"],
  ["no 0x", "ab"],
  ["a non-hex digit", "0xzz"],
  ["a number", 0],
  ["null", null],
  ["an array", [1]],
];

/** The fields of each base and the hostile values of their kind (a missing field is added to each). */
const KINDS: Record<string, Record<string, readonly Bad[]>> = {
  transfer: { to: ADDRESS, token: TOKEN, amount: decimals(128) },
  deposit: { token: TOKEN, amount: decimals(128), to: [...U32.filter(([l]) => l !== "null")] },
  creatingDeposit: { token: TOKEN, amount: decimals(128), ax: FIELD, ay: FIELD },
  forcedExit: { account: U32, token: TOKEN },
  bond: { amount: decimals(128) },
  unbond: { amount: decimals(128) },
  commitBatch: { batchNumber: U32, feeAccount: U32, newRoot: FIELD, data: DATA },
  exodusWithdraw: { account: U32, ax: FIELD, ay: FIELD, accountNonce: U32 },
  refund: { queueIndex: decimals(64) },
};
/** The common fields, in full on transfers; on other types a couple of representatives each. */
const COMMON: Record<string, readonly Bad[]> = {
  chainId: U32,
  from: ADDRESS,
  nonce: decimals(64),
  fee: decimals(128),
  publicKey: fixedHex(PUBLIC_KEY_BYTES),
  signature: [...fixedHex(SIGNATURE_BYTES), ["null", null]],
};

function fieldEntries(base: string, fields: Record<string, readonly Bad[]>, every = Infinity): TxJsonEntry[] {
  const out: TxJsonEntry[] = [];
  for (const [field, bads] of Object.entries(fields)) {
    out.push({
      name: `${base}: ${field} missing`,
      json: () => {
        const j = jsonOf(base);
        delete j[field];
        return j;
      },
      code: "TX_MALFORMED",
      path: [field],
    });
    for (const [label, value] of bads.slice(0, every)) {
      out.push({
        name: `${base}: ${field} ${label}`,
        json: () => ({ ...jsonOf(base), [field]: value }),
        code: "TX_MALFORMED",
        path: [field],
      });
    }
  }
  return out;
}

const entry = (name: string, json: () => unknown, path?: readonly string[]): TxJsonEntry =>
  path === undefined ? { name, json, code: "TX_MALFORMED" } : { name, json, code: "TX_MALFORMED", path };
const transfer = () => jsonOf("transfer");
const withType = (type: unknown) => () => ({ ...transfer(), type });
/** A mutated copy of the base commitBatch's proof. */
const withProof = (f: (p: Json & { pi_a: unknown[]; pi_b: unknown[][]; pi_c?: unknown[] }) => void) => () => {
  const j = jsonOf("commitBatch");
  const p = JSON.parse(JSON.stringify(j.proof));
  f(p);
  return { ...j, proof: p };
};

const SHAPE_ENTRIES: TxJsonEntry[] = [
  // Not an object.
  entry("null", () => null, []),
  entry("undefined", () => undefined, []),
  entry("0", () => 0, []),
  entry("true", () => true, []),
  entry('"transfer"', () => "transfer", []),
  entry("the transaction's JSON text", () => JSON.stringify(transfer()), []),
  entry("[]", () => [], []),
  entry("[transaction]", () => [transfer()], []),
  // Objects JSON.parse cannot make: fields read through a prototype are values nobody sent.
  entry("Object.create(transaction)", () => Object.create(transfer()), []),
  entry("a class instance with the fields", () => Object.assign(new (class Tx {})(), transfer()), []),
  entry("a Map", () => new Map(Object.entries(transfer())), []),
  entry("a proof inheriting its fields", () => ({ ...jsonOf("commitBatch"), proof: Object.create(proof) }), [
    "proof",
  ]),
  // Unknown, inherited or missing type.
  ...(
    [
      ['"toString"', "toString"],
      ['"__proto__"', "__proto__"],
      ['"constructor"', "constructor"],
      ['"hasOwnProperty"', "hasOwnProperty"],
      ['"valueOf"', "valueOf"],
      ['"Transfer"', "Transfer"],
      ['"transfer " (a space)', "transfer "],
      ['"mint"', "mint"],
      ['"" (empty)', ""],
      ["5", 5],
      ["0", 0],
      ["null", null],
      ['["transfer"]', ["transfer"]],
      ['{ toString: () => "transfer" }', { toString: () => "transfer" }],
    ] as const
  ).map(([label, t]) => entry(`type ${label}`, withType(t), ["type"])),
  entry("type missing", () => {
    const { type: _, ...rest } = transfer();
    return rest;
  }, ["type"]),
  entry("type only as an own __proto__ key", () => JSON.parse('{"__proto__": "transfer"}'), ["type"]),
  // Extra fields: named by their key.
  entry("an extra field", () => ({ ...transfer(), extra: 1 }), ["extra"]),
  entry("an extra field holding undefined", () => ({ ...transfer(), extra: undefined }), ["extra"]),
  {
    ...entry(
      "an own __proto__ field",
      () => JSON.parse(JSON.stringify(transfer()).replace("{", '{"__proto__":{},')),
      ["__proto__"],
    ),
  },
  entry("an own constructor field", () => ({ ...transfer(), constructor: {} }), ["constructor"]),
  entry("a second type field, spelled Type", () => ({ ...transfer(), Type: "transfer" }), ["Type"]),
  entry("a field of another type (queueIndex on a transfer)", () => ({ ...transfer(), queueIndex: "0" }), [
    "queueIndex",
  ]),
  entry(
    "an extra field nested 100,000 deep",
    () => ({ ...transfer(), extra: JSON.parse(`${"[".repeat(1e5)}${"]".repeat(1e5)}`) }),
    ["extra"],
  ),
  entry("an amount of 100,000 digits", () => ({ ...transfer(), amount: "9".repeat(1e5) }), ["amount"]),
  // Deposits: ax and ay exactly when creating (§3.2).
  entry("deposit to an index with ax", () => ({ ...jsonOf("deposit"), ax: "1" }), ["ax"]),
  entry("deposit to an index with ay", () => ({ ...jsonOf("deposit"), ay: "1" }), ["ay"]),
  entry("deposit to an index with ax and ay", () => ({ ...jsonOf("deposit"), ax: "1", ay: "2" }), ["ax"]),
  entry("deposit to an index with ax = p", () => ({ ...jsonOf("deposit"), ax: P.toString() }), ["ax"]),
  entry("creating deposit without ax, ay", () => ({ ...jsonOf("deposit"), to: null }), ["ax"]),
  entry("creating deposit without ay", () => ({ ...jsonOf("deposit"), to: null, ax: "1" }), ["ay"]),
  entry("creating deposit without ax", () => ({ ...jsonOf("deposit"), to: null, ay: "1" }), ["ax"]),
  entry("creating deposit with ax null", () => ({ ...jsonOf("creatingDeposit"), ax: null }), ["ax"]),
  entry("deposit to undefined with ax, ay", () => ({ ...jsonOf("creatingDeposit"), to: undefined }), ["to"]),
  // Proofs: snarkjs' object, coordinates below q (§3.1, §3.2).
  entry("proof null", () => ({ ...jsonOf("commitBatch"), proof: null }), ["proof"]),
  entry(
    "proof as 8 strings",
    () => ({ ...jsonOf("commitBatch"), proof: ["1", "2", "3", "4", "5", "6", "7", "8"] }),
    ["proof"],
  ),
  entry("proof as a string", () => ({ ...jsonOf("commitBatch"), proof: "0x00" }), ["proof"]),
  entry(
    "proof pi_a of 2",
    withProof((p) => p.pi_a.pop()),
    ["proof", "pi_a"],
  ),
  entry(
    "proof pi_a of 4",
    withProof((p) => p.pi_a.push("1")),
    ["proof", "pi_a"],
  ),
  entry(
    "proof pi_b of 2 rows",
    withProof((p) => p.pi_b.pop()),
    ["proof", "pi_b"],
  ),
  entry(
    "proof pi_b row of 3",
    withProof((p) => p.pi_b[1]!.push("1")),
    ["proof", "pi_b", "1"],
  ),
  entry(
    "proof pi_c missing",
    withProof((p) => delete p.pi_c),
    ["proof", "pi_c"],
  ),
  entry(
    "proof pi_a[2] = 2",
    withProof((p) => (p.pi_a[2] = "2")),
    ["proof", "pi_a", "2"],
  ),
  entry(
    "proof pi_c[2] = 0",
    withProof((p) => (p.pi_c![2] = "0")),
    ["proof", "pi_c", "2"],
  ),
  entry(
    'proof pi_b[2] = ["0", "1"]',
    withProof((p) => (p.pi_b[2] = ["0", "1"])),
    ["proof", "pi_b", "2", "0"],
  ),
  entry(
    'proof protocol "plonk"',
    withProof((p) => (p.protocol = "plonk")),
    ["proof", "protocol"],
  ),
  entry(
    'proof curve "bls12381"',
    withProof((p) => (p.curve = "bls12381")),
    ["proof", "curve"],
  ),
  entry(
    "proof protocol missing",
    withProof((p) => delete p.protocol),
    ["proof", "protocol"],
  ),
  entry(
    "proof with an extra field",
    withProof((p) => (p.publicSignals = [])),
    ["proof", "publicSignals"],
  ),
  ...COORDINATE.flatMap(([label, v]) => [
    entry(
      `proof pi_a[0] ${label}`,
      withProof((p) => (p.pi_a[0] = v)),
      ["proof", "pi_a", "0"],
    ),
    entry(
      `proof pi_b[1][0] ${label}`,
      withProof((p) => (p.pi_b[1]![0] = v)),
      ["proof", "pi_b", "1", "0"],
    ),
  ]),
  entry(
    `proof pi_c[1] q`,
    withProof((p) => (p.pi_c![1] = Q.toString())),
    ["proof", "pi_c", "1"],
  ),
  // Exodus withdrawals: 4 balances, at most 255 siblings (the u8 count of §3.1), each below p.
  ...(
    [
      ["3 balances", ["1", "2", "3"], ["balances"]],
      ["5 balances", ["1", "2", "3", "4", "5"], ["balances"]],
      ["balances[1] = 2^128", ["1", (1n << 128n).toString(), "3", "4"], ["balances", "1"]],
      ["balances[3] a number", ["1", "2", "3", 4], ["balances", "3"]],
      ["balances an object", { 0: "1", 1: "2", 2: "3", 3: "4" }, ["balances"]],
      ["balances null", null, ["balances"]],
    ] as const
  ).map(([label, balances, path]) =>
    entry(`exodusWithdraw: ${label}`, () => ({ ...jsonOf("exodusWithdraw"), balances }), path),
  ),
  ...(
    [
      ["256 siblings", Array(256).fill("1"), ["siblings"]],
      ["10,000 siblings", Array(10_000).fill("1"), ["siblings"]],
      ["siblings[1] = p", ["1", P.toString()], ["siblings", "1"]],
      ["siblings[0] a number", [1], ["siblings", "0"]],
      ["siblings null", null, ["siblings"]],
      ["siblings a string", "1", ["siblings"]],
    ] as const
  ).map(([label, siblings, path]) =>
    entry(`exodusWithdraw: ${label}`, () => ({ ...jsonOf("exodusWithdraw"), siblings }), path),
  ),
];

export const TX_JSON_ENTRIES: readonly TxJsonEntry[] = [
  ...SHAPE_ENTRIES,
  ...fieldEntries("transfer", COMMON),
  ...Object.keys(BASE)
    .filter((b) => b !== "transfer")
    .flatMap((b) => fieldEntries(b, COMMON, 2)),
  ...Object.entries(KINDS).flatMap(([b, fields]) => fieldEntries(b, fields)),
];

// ---------------------------------------------------------------------------------------------------
// Binary forms.

type Layout = readonly (readonly [name: string, width: number])[];

/** §3.1's layout of the signed bytes, field by field. */
export function signedLayout(tx: L1Tx): Layout {
  const head: Layout = [
    ["tag", 18],
    ["chainId", 4],
    ["type", 1],
    ["from", 20],
    ["nonce", 8],
    ["fee", 16],
  ];
  const body = (): Layout => {
    switch (tx.type) {
      case "transfer":
        return [
          ["to", 20],
          ["token", 1],
          ["amount", 16],
        ];
      case "deposit":
        return [
          ["token", 1],
          ["amount", 16],
          ["create", 1],
          ...((tx.to === null
            ? [
                ["ax", 32],
                ["ay", 32],
              ]
            : [["to", 4]]) as Layout),
        ];
      case "forcedExit":
        return [
          ["account", 4],
          ["token", 1],
        ];
      case "bond":
      case "unbond":
        return [["amount", 16]];
      case "commitBatch":
        return [
          ["batchNumber", 4],
          ["feeAccount", 4],
          ["newRoot", 32],
          ...Array.from({ length: 8 }, () => ["proof", 32] as const),
          ["data", 4],
          ...(tx.data.length > 0 ? [["data", tx.data.length] as const] : []),
        ];
      case "exodusWithdraw":
        return [
          ["account", 4],
          ["ax", 32],
          ["ay", 32],
          ["accountNonce", 4],
          ...Array.from({ length: 4 }, () => ["balances", 16] as const),
          ["siblings", 1],
          ...tx.siblings.map(() => ["siblings", 32] as const),
        ];
      case "refund":
        return [["queueIndex", 8]];
    }
  };
  return [...head, ...body()];
}

/** The envelope's layout: the signed bytes, hasKey, the key if any, the signature. */
export function envelopeLayout(s: SignedTx): Layout {
  return [
    ...signedLayout(s.tx),
    ["hasKey", 1],
    ...(s.publicKey === null ? [] : [["publicKey", PUBLIC_KEY_BYTES] as const]),
    ["signature", SIGNATURE_BYTES],
  ];
}

export interface BytesEntry {
  readonly name: string;
  readonly decoder: "envelope" | "signed";
  readonly bytes: () => unknown;
  readonly code: ErrorCode;
  /** `details.path` exactly, when the decoder was reading a field. */
  readonly path?: readonly string[];
}

/** Offset of the `nth` field named `name` in a layout. */
function offsetOf(layout: Layout, name: string, nth = 0): number {
  let at = 0;
  let seen = 0;
  for (const [n, w] of layout) {
    if (n === name && seen++ === nth) return at;
    at += w;
  }
  throw new Error(`no field ${name}`);
}

/** Every field boundary, and one byte into every field wider than a byte: a short input naming the field. */
function cuts(name: string, decoder: BytesEntry["decoder"], whole: Uint8Array, layout: Layout): BytesEntry[] {
  const out: BytesEntry[] = [];
  let at = 0;
  for (const [field, width] of layout) {
    for (const cut of width > 1 ? [at, at + 1] : [at]) {
      out.push({
        name: `${name} ${decoder === "envelope" ? "envelope" : "signed bytes"} cut at ${cut} (in ${field})`,
        decoder,
        bytes: () => whole.slice(0, cut),
        code: "TX_MALFORMED",
        path: [field],
      });
    }
    at += width;
  }
  return out;
}

const CUT_BASES: readonly [string, SignedTx][] = [
  ...Object.entries(BASE).map(([name, tx]) => [name, unsigned(tx)] as [string, SignedTx]),
  ["keyed transfer", unsigned(BASE.transfer!, SENDER.publicKey)],
];

/** A copy of the encoding of `s` with `value` written big-endian over the field's bytes. */
function patched(s: SignedTx, field: string, value: bigint, nth = 0): () => Uint8Array {
  return () => {
    const layout = envelopeLayout(s);
    const at = offsetOf(layout, field, nth);
    const width = layout.filter(([n]) => n === field)[nth]![1];
    const b = encodeEnvelope(s);
    b.set(Buffer.from(value.toString(16).padStart(width * 2, "0"), "hex"), at);
    return b;
  };
}

const env = (name: string) => encodeEnvelope(unsigned(BASE[name]!));
const bad = (
  name: string,
  decoder: BytesEntry["decoder"],
  bytes: () => unknown,
  path?: readonly string[],
): BytesEntry =>
  path === undefined
    ? { name, decoder, bytes, code: "TX_MALFORMED" }
    : { name, decoder, bytes, code: "TX_MALFORMED", path };
const signedOf = (name: string) => signedBytes(BASE[name]!);
const keyless = (name: string) => unsigned(BASE[name]!);

export const BYTES_ENTRIES: readonly BytesEntry[] = [
  ...CUT_BASES.flatMap(([name, s]) => [
    ...cuts(name, "envelope", encodeEnvelope(s), envelopeLayout(s)),
    ...cuts(name, "signed", signedBytes(s.tx), signedLayout(s.tx)),
  ]),
  // Not bytes at all.
  ...(["envelope", "signed"] as const).flatMap((d) => [
    bad(`${d}: null`, d, () => null),
    bad(`${d}: undefined`, d, () => undefined),
    bad(`${d}: a hex string`, d, () => Buffer.from(env("transfer")).toString("hex")),
    bad(`${d}: a plain array of the bytes`, d, () => Array.from(env("transfer"))),
    bad(`${d}: an ArrayBuffer`, d, () => env("transfer").buffer),
  ]),
  // Trailing bytes, or the other form.
  bad("envelope with a trailing 0", "envelope", () => Uint8Array.of(...env("transfer"), 0)),
  bad("signed bytes with a trailing 0", "signed", () => Uint8Array.of(...signedOf("refund"), 0)),
  bad("an envelope given as signed bytes", "signed", () => env("bond")),
  bad("signed bytes given as an envelope", "envelope", () => signedOf("bond"), ["hasKey"]),
  bad("two envelopes back to back", "envelope", () => Uint8Array.of(...env("unbond"), ...env("unbond"))),
  // The domain tag.
  bad("tag's first byte changed", "envelope", patched(keyless("transfer"), "tag", BigInt(0x68) << 136n), [
    "tag",
  ]),
  bad(
    "tag of v2",
    "signed",
    () => Uint8Array.of(...Buffer.from("GhostChain/L1tx/v2"), ...signedOf("bond").slice(18)),
    ["tag"],
  ),
  bad(
    "the block tag",
    "signed",
    () => Uint8Array.of(...Buffer.from("GhostChain/L1block/v1"), ...signedOf("bond").slice(18)),
    ["tag"],
  ),
  // Flags and enumerations.
  bad("type 8", "envelope", patched(keyless("transfer"), "type", 8n), ["type"]),
  bad(
    "type 255",
    "signed",
    () => {
      const b = signedOf("refund");
      b[22] = 255;
      return b;
    },
    ["type"],
  ),
  bad("hasKey 2", "envelope", patched(keyless("transfer"), "hasKey", 2n), ["hasKey"]),
  bad("hasKey 255", "envelope", patched(keyless("refund"), "hasKey", 255n), ["hasKey"]),
  bad("hasKey 1 without a key", "envelope", patched(keyless("transfer"), "hasKey", 1n), ["signature"]),
  bad("hasKey 0 before a key", "envelope", patched(unsigned(BASE.transfer!, SENDER.publicKey), "hasKey", 0n)),
  bad("create 2", "envelope", patched(keyless("deposit"), "create", 2n), ["create"]),
  bad("create 255", "envelope", patched(keyless("creatingDeposit"), "create", 255n), ["create"]),
  // ax, ay are then read from whatever follows: here ay from the signature, at or above p.
  bad("create 1 on a deposit to an index", "envelope", patched(keyless("deposit"), "create", 1n)),
  bad("create 0 on a creating deposit", "envelope", patched(keyless("creatingDeposit"), "create", 0n)),
  ...(["transfer", "deposit", "creatingDeposit", "forcedExit"] as const).flatMap((b) => [
    bad(`${b} token 4`, "envelope", patched(keyless(b), "token", 4n), ["token"]),
    bad(`${b} token 255`, "envelope", patched(keyless(b), "token", 255n), ["token"]),
  ]),
  // Lengths.
  bad("data length 2^32 − 1", "envelope", patched(keyless("commitBatch"), "data", 0xffffffffn), ["data"]),
  bad(
    "data length one past the data",
    "signed",
    () => {
      const b = signedOf("commitBatch");
      const at = offsetOf(signedLayout(BASE.commitBatch!), "data");
      b[at + 3]! += 1;
      return b;
    },
    ["data"],
  ),
  bad("data length one short", "signed", () => {
    const b = signedOf("commitBatch");
    const at = offsetOf(signedLayout(BASE.commitBatch!), "data");
    b[at + 3]! -= 1;
    return b;
  }),
  bad("255 siblings announced, 2 present", "envelope", patched(keyless("exodusWithdraw"), "siblings", 255n), [
    "siblings",
  ]),
  bad("1 sibling announced, 2 present", "signed", () => {
    const b = signedOf("exodusWithdraw");
    b[offsetOf(signedLayout(BASE.exodusWithdraw!), "siblings")] = 1;
    return b;
  }),
  // Field elements at or above their modulus.
  bad("creating deposit ax = p", "envelope", patched(keyless("creatingDeposit"), "ax", P), ["ax"]),
  bad("creating deposit ay = 2^256 − 1", "envelope", patched(keyless("creatingDeposit"), "ay", MAX(256)), [
    "ay",
  ]),
  bad("newRoot = p", "envelope", patched(keyless("commitBatch"), "newRoot", P), ["newRoot"]),
  bad("proof coordinate 0 = q", "envelope", patched(keyless("commitBatch"), "proof", Q), ["proof"]),
  bad("proof coordinate 7 = 2^256 − 1", "envelope", patched(keyless("commitBatch"), "proof", MAX(256), 7), [
    "proof",
  ]),
  bad("exodus ax = p", "envelope", patched(keyless("exodusWithdraw"), "ax", P), ["ax"]),
  bad("exodus sibling 1 = p", "envelope", patched(keyless("exodusWithdraw"), "siblings", P, 2), ["siblings"]),
  bad("empty input", "envelope", () => new Uint8Array(), ["tag"]),
  bad("empty signed bytes", "signed", () => new Uint8Array(), ["tag"]),
];

// ---------------------------------------------------------------------------------------------------
// Genesis and key files.

export interface GenesisEntry {
  readonly name: string;
  readonly json: () => unknown;
  /** `details.path`, when the schema names the field. */
  readonly path?: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: the entries reach into the genesis JSON freely to break it
type Draft = any;
const genesis = (f: (g: Draft) => void) => () => {
  const g = JSON.parse(JSON.stringify(genesisJson()));
  f(g);
  return g;
};

export const GENESIS_ENTRIES: readonly GenesisEntry[] = [
  { name: "null", json: () => null, path: [] },
  { name: "an array", json: () => [genesisJson()], path: [] },
  { name: "a prototype holding every field", json: () => Object.create(genesisJson()), path: [] },
  {
    name: "a validator inheriting its fields",
    json: genesis((g) => (g.validator = Object.create(g.validator))),
    path: ["validator"],
  },
  { name: "an extra field", json: genesis((g) => (g.extra = 1)), path: ["extra"] },
  { name: "chainId 2^32", json: genesis((g) => (g.chainId = 2 ** 32)), path: ["chainId"] },
  { name: "timestamp 1.5", json: genesis((g) => (g.timestamp = 1.5)), path: ["timestamp"] },
  { name: 'minFee "-1"', json: genesis((g) => (g.minFee = "-1")), path: ["minFee"] },
  {
    name: "an uppercase validator address",
    json: genesis((g) => (g.validator.address = g.validator.address.toUpperCase().replace("0X", "0x"))),
    path: ["validator", "address"],
  },
  {
    name: "a validator key of 1,951 bytes",
    json: genesis((g) => (g.validator.publicKey = g.validator.publicKey.slice(0, -2))),
    path: ["validator", "publicKey"],
  },
  {
    name: "a validator key of another address",
    json: genesis((g) => (g.validator.publicKey = g.alloc[0].publicKey)),
  },
  { name: "an address allocated twice", json: genesis((g) => g.alloc.push(g.alloc[0])) },
  {
    name: "a balance of 2^128",
    json: genesis((g) => (g.alloc[0].balances[0] = (1n << 128n).toString())),
    path: ["alloc", "0", "balances", "0"],
  },
  { name: "a supply reaching 2^128", json: genesis((g) => (g.alloc[0].balances[1] = MAX(128).toString())) },
  { name: "rollup depth 3", json: genesis((g) => (g.rollup.depth = 3)) },
  { name: "rollup batchSize 0", json: genesis((g) => (g.rollup.batchSize = 0)) },
  {
    name: "a verification key that is not its hash",
    json: genesis((g) => (g.rollup.verificationKey.nPublic = 2)),
  },
  {
    name: "a verification key nested 100,000 deep",
    json: genesis((g) => (g.rollup.verificationKey.IC = JSON.parse(`${"[".repeat(1e5)}${"]".repeat(1e5)}`))),
  },
  {
    name: "a verification key that is an array",
    json: genesis((g) => (g.rollup.verificationKey = [])),
    path: ["rollup", "verificationKey"],
  },
  { name: "an L2 key off the curve", json: genesis((g) => (g.rollup.accounts[1].ax = "1")) },
  {
    name: "an L2 key ≥ p",
    json: genesis((g) => (g.rollup.accounts[1].ax = P.toString())),
    path: ["rollup", "accounts", "1", "ax"],
  },
];

export interface KeyFileEntry {
  readonly name: string;
  readonly text: () => unknown;
}

const keyFile = (f: (k: Draft) => void) => () => {
  const k = JSON.parse(formatKeyFile(SENDER.seed));
  f(k);
  return JSON.stringify(k);
};

export const KEY_FILE_ENTRIES: readonly KeyFileEntry[] = [
  { name: "empty text", text: () => "" },
  { name: "not JSON", text: () => "{seed: 1}" },
  { name: "null", text: () => "null" },
  { name: "an array", text: () => `[${formatKeyFile(SENDER.seed)}]` },
  { name: "a string", text: () => JSON.stringify(formatKeyFile(SENDER.seed)) },
  { name: "not text (an object)", text: () => JSON.parse(formatKeyFile(SENDER.seed)) },
  { name: "another type", text: keyFile((k) => (k.type = "ghostchain-mldsa44-seed/v1")) },
  { name: "an extra field", text: keyFile((k) => (k.secretKey = "0x00")) },
  {
    name: "an own __proto__ field",
    text: () => formatKeyFile(SENDER.seed).replace("{", '{"__proto__": {},'),
  },
  { name: "a seed of 31 bytes", text: keyFile((k) => (k.seed = k.seed.slice(0, -2))) },
  { name: "a seed in uppercase", text: keyFile((k) => (k.seed = `0x${k.seed.slice(2).toUpperCase()}`)) },
  { name: "a seed without 0x", text: keyFile((k) => (k.seed = k.seed.slice(2))) },
  {
    name: "the address of another seed",
    text: keyFile((k) => (k.address = `0x${devKey("account-1").address.toString(16).padStart(40, "0")}`)),
  },
  {
    name: "the address in uppercase",
    text: keyFile((k) => (k.address = `0x${k.address.slice(2).toUpperCase()}`)),
  },
  { name: "no address", text: keyFile((k) => delete k.address) },
];

// ---------------------------------------------------------------------------------------------------
// Raw JSON-RPC bodies.

export interface HttpEntry {
  readonly name: string;
  readonly body: string;
  /** The JSON-RPC error number and GhostChain code of the (single) answer. */
  readonly rpc: number;
  readonly code: ErrorCode;
}

const call = (method: string, params: unknown) => JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
const someTx = () => txToJson(unsigned(BASE.transfer!));

export const HTTP_ENTRIES: readonly HttpEntry[] = [
  { name: "invalid JSON", body: "{bad", rpc: -32700, code: "RPC_PARSE_ERROR" },
  { name: "an empty body", body: "", rpc: -32700, code: "RPC_PARSE_ERROR" },
  {
    name: "a truncated request",
    body: call("l1_head", {}).slice(0, -1),
    rpc: -32700,
    code: "RPC_PARSE_ERROR",
  },
  { name: "null", body: "null", rpc: -32600, code: "RPC_INVALID_REQUEST" },
  { name: "an empty batch", body: "[]", rpc: -32600, code: "RPC_INVALID_REQUEST" },
  {
    name: 'jsonrpc "1.0"',
    body: JSON.stringify({ jsonrpc: "1.0", id: 1, method: "l1_head" }),
    rpc: -32600,
    code: "RPC_INVALID_REQUEST",
  },
  {
    name: "params as an array",
    body: call("l1_sendTransaction", [someTx()]),
    rpc: -32602,
    code: "RPC_INVALID_PARAMS",
  },
  {
    name: "params without tx",
    body: call("l1_sendTransaction", {}),
    rpc: -32602,
    code: "RPC_INVALID_PARAMS",
  },
  {
    name: "tx null",
    body: call("l1_sendTransaction", { tx: null }),
    rpc: -32602,
    code: "RPC_INVALID_PARAMS",
  },
  {
    name: "an unknown method",
    body: call("l1_sendRawTransaction", {}),
    rpc: -32601,
    code: "RPC_METHOD_NOT_FOUND",
  },
  { name: 'method "__proto__"', body: call("__proto__", {}), rpc: -32601, code: "RPC_METHOD_NOT_FOUND" },
  { name: 'method "constructor"', body: call("constructor", {}), rpc: -32601, code: "RPC_METHOD_NOT_FOUND" },
  { name: 'method "toString"', body: call("toString", {}), rpc: -32601, code: "RPC_METHOD_NOT_FOUND" },
  {
    name: "a transaction with an own __proto__ field",
    body: call("l1_sendTransaction", { tx: someTx() }).replace(
      '"tx":{',
      '"tx":{"__proto__":{"type":"bond"},',
    ),
    rpc: -32602,
    code: "TX_MALFORMED",
  },
];

export const TABLE_SIZE = {
  txJson: TX_JSON_ENTRIES.length,
  bytes: BYTES_ENTRIES.length,
  valid: VALID_TXS.length,
  genesis: GENESIS_ENTRIES.length,
  keyFile: KEY_FILE_ENTRIES.length,
  http: HTTP_ENTRIES.length,
};
