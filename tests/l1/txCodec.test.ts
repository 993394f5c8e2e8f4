/**
 * The L1 transaction encodings (docs/l1.md §3.1, §3.2): random transactions of every type round-trip
 * through the envelope and the JSON form to the same bytes; the hash covers the signed bytes only; the
 * decoder and the JSON schemas refuse every malformed input of §3.1 with TX_MALFORMED naming the field.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BASE_FIELD_MODULUS,
  decodeEnvelope,
  decodeSignedBytes,
  devKey,
  encodeEnvelope,
  type L1Tx,
  nobleSign,
  nobleVerify,
  PUBLIC_KEY_BYTES,
  proofFromElements,
  SIGNATURE_BYTES,
  type SignedTx,
  signedBytes,
  toHex,
  txFromJson,
  txHash,
  txToJson,
} from "../../src/l1/index.js";
import { FIELD_MODULUS, type TokenId } from "../../src/protocol/index.js";
import { code } from "./helpers.js";

const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const field = fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n });
const token = fc.constantFrom<TokenId>(0, 1, 2, 3);
/** n bytes from a random seed (generating thousands of bytes one by one would dominate the run). */
const bytes = (n: number) =>
  fc
    .integer({ min: 0, max: 255 })
    .map((seed) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 0xff));
const coordinate = fc.bigInt({ min: 0n, max: BASE_FIELD_MODULUS - 1n });

const common = fc.record({ chainId: u32, from: uint(160), nonce: uint(64), fee: uint(128) });
const body: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant("transfer"), to: uint(160), token, amount: uint(128) }),
  fc.record({
    type: fc.constant("deposit"),
    token,
    amount: uint(128),
    to: fc.constant(null),
    ax: field,
    ay: field,
  }),
  fc.record({
    type: fc.constant("deposit"),
    token,
    amount: uint(128),
    to: u32,
    ax: fc.constant(0n),
    ay: fc.constant(0n),
  }),
  fc.record({ type: fc.constant("forcedExit"), account: u32, token }),
  fc.record({ type: fc.constantFrom("bond", "unbond"), amount: uint(128) }),
  fc.record({
    type: fc.constant("commitBatch"),
    batchNumber: u32,
    feeAccount: u32,
    newRoot: field,
    proof: fc.array(coordinate, { minLength: 8, maxLength: 8 }).map(proofFromElements),
    data: fc.uint8Array({ maxLength: 64 }),
  }),
  fc.record({
    type: fc.constant("exodusWithdraw"),
    account: u32,
    ax: field,
    ay: field,
    accountNonce: u32,
    balances: fc.tuple(uint(128), uint(128), uint(128), uint(128)),
    siblings: fc.array(field, { maxLength: 30 }),
  }),
  fc.record({ type: fc.constant("refund"), queueIndex: uint(64) }),
);
const signedTx: fc.Arbitrary<SignedTx> = fc.record({
  tx: fc.tuple(common, body).map(([c, b]) => ({ ...c, ...b }) as L1Tx),
  publicKey: fc.option(bytes(PUBLIC_KEY_BYTES), { nil: null }),
  signature: bytes(SIGNATURE_BYTES),
});

const transfer: L1Tx = {
  type: "transfer",
  chainId: 1337,
  from: 5n,
  nonce: 0n,
  fee: 1000n,
  to: 0xabcdefn,
  token: 0,
  amount: 1n,
};
const sig = new Uint8Array(SIGNATURE_BYTES);

describe("binary and JSON forms", () => {
  it("round-trips every type through the envelope and the JSON form to the same bytes", () => {
    fc.assert(
      fc.property(signedTx, (s) => {
        const env = encodeEnvelope(s);
        const back = decodeEnvelope(env);
        expect(back).toEqual(s);
        const json = JSON.parse(JSON.stringify(txToJson(s)));
        const fromJson = txFromJson(json);
        expect(toHex(encodeEnvelope(fromJson))).toBe(toHex(env));
        expect(txToJson(fromJson)).toEqual(json);
        expect(decodeSignedBytes(signedBytes(s.tx))).toEqual(s.tx);
      }),
      { numRuns: 150 },
    );
  });

  it("hashes the signed bytes only: two signatures, one hash; a signature verifies over the signed bytes", () => {
    const k = devKey("account-0");
    const tx = { ...transfer, from: k.address };
    const a = nobleSign(k.secretKey, signedBytes(tx));
    const b = nobleSign(k.secretKey, signedBytes(tx));
    expect(toHex(a)).not.toBe(toHex(b));
    expect(nobleVerify(k.publicKey, signedBytes(tx), a)).toBe(true);
    expect(txHash(decodeEnvelope(encodeEnvelope({ tx, publicKey: null, signature: a })).tx)).toEqual(
      txHash(tx),
    );
    expect(txHash({ ...tx, nonce: 1n })).not.toEqual(txHash(tx));
  });

  it("writes the signed bytes as the spec lays them out", () => {
    const b = signedBytes(transfer);
    expect(Buffer.from(b.subarray(0, 18)).toString("ascii")).toBe("GhostChain/L1tx/v1");
    expect(b.length).toBe(18 + 4 + 1 + 20 + 8 + 16 + 20 + 1 + 16);
    expect(b[22]).toBe(0);
  });
});

describe("the decoder refuses malformed bytes with TX_MALFORMED (§3.1)", () => {
  const env = encodeEnvelope({ tx: transfer, publicKey: null, signature: sig });
  const at = (offset: number, value: number) => {
    const b = Uint8Array.from(env);
    b[offset] = value;
    return b;
  };
  const TYPE = 22;
  const TOKEN = 18 + 4 + 1 + 20 + 8 + 16 + 20;
  const HASKEY = signedBytes(transfer).length;
  it.each([
    ["trailing bytes", Uint8Array.of(...env, 0)],
    ["a short input", env.subarray(0, env.length - 1)],
    ["an unknown type", at(TYPE, 8)],
    ["a token above 3", at(TOKEN, 4)],
    ["hasKey other than 0 or 1", at(HASKEY, 2)],
    ["another domain tag", at(0, 0x67)],
  ])("%s", (_, bytes) => {
    expect(code(() => decodeEnvelope(bytes))).toBe("TX_MALFORMED");
  });

  it("create other than 0 or 1, and a field element ≥ p", () => {
    const dep: L1Tx = { ...transfer, type: "deposit", token: 0, amount: 1n, to: null, ax: 1n, ay: 2n };
    const b = signedBytes(dep);
    const create = 18 + 4 + 1 + 20 + 8 + 16 + 1 + 16;
    const bad = Uint8Array.from(b);
    bad[create] = 2;
    expect(code(() => decodeSignedBytes(bad))).toBe("TX_MALFORMED");
    const big = Uint8Array.from(b);
    big.fill(0xff, create + 1, create + 33);
    expect(code(() => decodeSignedBytes(big))).toBe("TX_MALFORMED");
  });

  it("refuses to encode a value outside its width, naming the field", () => {
    const e = (() => {
      try {
        signedBytes({ ...transfer, amount: 1n << 128n });
      } catch (x) {
        return x as { code: string; message: string };
      }
    })();
    expect(e?.code).toBe("TX_MALFORMED");
    expect(e?.message).toContain('"amount"');
    expect(code(() => signedBytes({ ...transfer, token: 4 as TokenId }))).toBe("TX_MALFORMED");
  });
});

describe("the JSON schemas refuse malformed input with TX_MALFORMED naming the field (§3.2)", () => {
  const good = txToJson({ tx: transfer, publicKey: null, signature: sig });
  it.each([
    ["an unknown field", { ...good, extra: 1 }, "extra"],
    ["a missing field", { ...good, amount: undefined }, "amount"],
    ["a nonce as a number", { ...good, nonce: 0 }, "nonce"],
    ["a fee with a leading zero", { ...good, fee: "01000" }, "fee"],
    ["an amount of 2^128", { ...good, amount: (1n << 128n).toString() }, "amount"],
    ["an uppercase address", { ...good, to: (good.to as string).toUpperCase().replace("0X", "0x") }, "to"],
    ["a short signature", { ...good, signature: "0x00" }, "signature"],
    ["token 4", { ...good, token: 4 }, "token"],
    ["an unknown type", { ...good, type: "mint" }, "type"],
  ])("%s", (_, json, field) => {
    try {
      txFromJson(JSON.parse(JSON.stringify(json)));
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe("TX_MALFORMED");
      expect((e as { details: { path: string[] } }).details.path).toContain(field);
    }
  });

  it("a deposit carries ax and ay exactly when it creates", () => {
    const dep = txToJson({
      tx: { ...transfer, type: "deposit", token: 0, amount: 1n, to: 3, ax: 0n, ay: 0n },
      publicKey: null,
      signature: sig,
    });
    expect("ax" in dep).toBe(false);
    expect(code(() => txFromJson({ ...dep, ax: "1", ay: "2" }))).toBe("TX_MALFORMED");
    expect(code(() => txFromJson({ ...dep, to: null }))).toBe("TX_MALFORMED");
    expect(txFromJson({ ...dep, to: null, ax: "1", ay: "2" }).tx).toMatchObject({ to: null, ax: 1n, ay: 2n });
  });

  it("refuses a non-plain object", () => {
    expect(code(() => txFromJson(Object.create({ type: "transfer" })))).toBe("TX_MALFORMED");
  });
});
