import { createHash } from "node:crypto";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { buildEddsa } from "circomlibjs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  AMOUNT_FLOAT,
  accountLeaf,
  accountLeafInputs,
  dataHash,
  decodeDaRecords,
  decodeFloat,
  emptySubtreeHashes,
  encodeDaRecord,
  encodeFloat,
  FEE_FLOAT,
  initProtocol,
  isGhostError,
  l1AddressOf,
  maxFloat,
  merkleProof,
  packBits,
  poseidon,
  setLeaf,
  treeRoot,
  txMessage,
  unpackBits,
  verifyMerkleProof,
} from "../../src/protocol/index.js";
import { fundedAccount, key, transfer } from "./helpers.js";

beforeAll(() => initProtocol());

describe("packBits", () => {
  test("puts the first field in the lowest bits and round-trips", () => {
    expect(
      packBits([
        [1n, 2],
        [1n, 3],
      ]),
    ).toBe(0b00101n);
    expect(unpackBits(0b00101n, [2, 3])).toEqual([1n, 1n]);
  });
  test("refuses a value wider than its field", () => {
    expect(() => packBits([[4n, 2]])).toThrow(RangeError);
  });
});

describe("compact floats", () => {
  const cases: [bigint, boolean][] = [
    [0n, true],
    [2n ** 31n - 1n, true],
    [2n ** 31n, false],
    [21474836470n, true],
    [12345678901n, false],
    [10n ** 38n, true],
    [maxFloat(AMOUNT_FLOAT), true],
    [maxFloat(AMOUNT_FLOAT) * 10n, false],
  ];
  test.each(cases)("float36 representability of %s is %s", (v, ok) => {
    const f = encodeFloat(v, AMOUNT_FLOAT);
    expect(f !== undefined).toBe(ok);
    if (f !== undefined) expect(decodeFloat(f, AMOUNT_FLOAT)).toBe(v);
  });
  test("the canonical encoding uses the smallest exponent, and a decoder rejects the others", () => {
    expect(encodeFloat(2000n, FEE_FLOAT)).toBe(2000n);
    expect(encodeFloat(20000n, FEE_FLOAT)).toBe(2000n + (1n << 11n));
    expect(decodeFloat(200n + (1n << 11n), FEE_FLOAT)).toBeUndefined(); // 200·10, canonical is 2000·10^0
    expect(encodeFloat(2048n, FEE_FLOAT)).toBeUndefined();
  });
});

describe("account tree", () => {
  test("the empty-subtree hashes chain Poseidon(Z, Z, Z, Z) from 0", () => {
    const z = emptySubtreeHashes(3);
    expect(z[0]).toBe(0n);
    expect(z[1]).toBe(poseidon([0n, 0n, 0n, 0n]));
    expect(z[3]).toBe(poseidon([z[2]!, z[2]!, z[2]!, z[2]!]));
    expect(treeRoot(new Map(), 6)).toBe(z[3]); // depth 6: three levels
  });
  test("a leaf is Poseidon of five packed inputs", () => {
    const a = { ...fundedAccount(0), nonce: 5 };
    const [, , addrNonce, b01, b23] = accountLeafInputs(a);
    expect(addrNonce).toBe(a.l1Address + (5n << 160n));
    expect(b01).toBe(a.balances[0] + (a.balances[1] << 126n));
    expect(b23).toBe(a.balances[2] + (a.balances[3] << 126n));
    expect(accountLeaf(a)).toBe(poseidon(accountLeafInputs(a)));
  });
  test("Merkle proofs verify against the root and fail for another leaf", () => {
    let nodes = setLeaf(new Map(), 4, 5, 11n);
    nodes = setLeaf(nodes, 4, 10, 22n);
    const root = treeRoot(nodes, 4);
    for (let i = 0; i < 16; i++) expect(verifyMerkleProof(root, merkleProof(nodes, 4, i))).toBe(true);
    expect(verifyMerkleProof(root, { ...merkleProof(nodes, 4, 5), leaf: 12n })).toBe(false);
    expect(verifyMerkleProof(root, { ...merkleProof(nodes, 4, 5), index: 4 })).toBe(false);
  });
  test("a node hashes its four children in position order; a proof lists the pair-mate, then the other pair", () => {
    let nodes = new Map<string, bigint>();
    for (const [i, leaf] of [1n, 2n, 3n, 4n].entries()) nodes = new Map(setLeaf(nodes, 2, i, leaf));
    expect(treeRoot(nodes, 2)).toBe(poseidon([1n, 2n, 3n, 4n]));
    expect(merkleProof(nodes, 2, 0).siblings).toEqual([2n, 3n, 4n]);
    expect(merkleProof(nodes, 2, 1).siblings).toEqual([1n, 3n, 4n]);
    expect(merkleProof(nodes, 2, 2).siblings).toEqual([4n, 1n, 2n]);
    expect(merkleProof(nodes, 2, 3).siblings).toEqual([3n, 1n, 2n]);
  });
});

describe("keys and signatures", () => {
  test("the L1 address is the first 20 bytes of SHA3-256(tag ‖ ML-DSA-65 public key)", () => {
    const { publicKey } = ml_dsa65.keygen(new Uint8Array(32).fill(7));
    const digest = createHash("sha3-256").update("GhostChain/L1Address/v1").update(publicKey).digest();
    expect(l1AddressOf(publicKey)).toBe(BigInt(`0x${digest.subarray(0, 20).toString("hex")}`));
    expect(l1AddressOf(publicKey) < 1n << 160n).toBe(true);
    expect(() => l1AddressOf(publicKey.subarray(1))).toThrow(/1952 bytes/);
  });
  test("tx signatures verify with circomlibjs verifyPoseidon directly", async () => {
    const eddsa = await buildEddsa();
    const tx = transfer(0, 1);
    const { ax, ay } = key(0).publicKey;
    const ok = eddsa.verifyPoseidon(eddsa.F.e(txMessage(7, tx)), eddsa.unpackSignature(tx.signature), [
      eddsa.F.e(ax),
      eddsa.F.e(ay),
    ]);
    expect(ok).toBe(true);
  });
});

describe("DA records", () => {
  test("a transfer record is 12 bytes at depth 20 and decodes back", () => {
    const r = {
      type: "transfer",
      from: 2 ** 20 - 1,
      to: 3,
      token: 2,
      amount: 12345n * 10n ** 20n,
      fee: 7n,
    } as const;
    const bytes = encodeDaRecord(r, 20);
    expect(bytes.length).toBe(12);
    expect(decodeDaRecords(bytes, 20)).toEqual([{ record: r, bytes }]);
  });
  const bad: [string, Uint8Array][] = [
    ["a truncated record", Uint8Array.of(2, 0, 0)],
    ["non-zero padding bits", Uint8Array.of(0b11111000)],
    ["a no-op deposit naming an account", Uint8Array.of(0b00010000)],
    [
      "a non-canonical fee",
      (() => {
        const b = encodeDaRecord({ type: "withdraw", from: 1, token: 0, amount: 0n, fee: 200n }, 4);
        // Rewrite fee 200·10^0 as 20·10^1: fee field sits at bits 44..59 of the record.
        const x = b.reduce((acc, v, i) => acc + (BigInt(v) << BigInt(8 * i)), 0n);
        const y = (x & ~(0xffffn << 44n)) | ((20n + (1n << 11n)) << 44n);
        return Uint8Array.from({ length: b.length }, (_, i) => Number((y >> BigInt(8 * i)) & 0xffn));
      })(),
    ],
  ];
  test.each(bad)("rejects %s with DA_MALFORMED", (_name, bytes) => {
    let code = "ok";
    try {
      decodeDaRecords(bytes, 4);
    } catch (e) {
      if (isGhostError(e)) code = e.code;
    }
    expect(code).toBe("DA_MALFORMED");
  });
  test("the data hash of an empty batch chains Poseidon(h, 0, 0, 0, 0)", () => {
    const h1 = poseidon([0n, 0n, 0n, 0n, 0n]);
    expect(dataHash(new Uint8Array(0), 4, 8)).toBe(poseidon([h1, 0n, 0n, 0n, 0n]));
  });
});
