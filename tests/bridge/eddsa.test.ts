import { createRequire } from "node:module";
import { buildEddsa, type Eddsa } from "circomlibjs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  FIELD_MODULUS,
  instantiateCore,
  type SignedMessage,
  setSignatureKeyCache,
  unpackSignatures,
  verifySignature,
  verifySignatures,
} from "../../src/bridge/index.js";
import { isGhostError } from "../../src/protocol/errors.js";
import { thrownCode as codeOf } from "../thrownCode.js";

// Its ESM build imports a CommonJS dependency by named exports, which Node refuses: load the CJS build.
const zkKit = createRequire(import.meta.url)(
  "@zk-kit/eddsa-poseidon",
) as typeof import("@zk-kit/eddsa-poseidon");

const P = FIELD_MODULUS;
let eddsa: Eddsa;

/** The subgroup order l of Baby Jubjub. */
let L: bigint;

function keyOf(seed: number): Uint8Array {
  const k = new Uint8Array(32);
  new DataView(k.buffer).setUint32(0, seed + 1, true);
  k[31] = 0x5a;
  return k;
}

function sign(seed: number, msg: bigint): SignedMessage {
  const prv = keyOf(seed);
  const pub = eddsa.prv2pub(prv);
  const sig = eddsa.packSignature(eddsa.signPoseidon(prv, eddsa.F.e(msg)));
  return { msg, signature: sig, publicKey: { ax: eddsa.F.toObject(pub[0]), ay: eddsa.F.toObject(pub[1]) } };
}

/** circomlibjs' verdict on the same packed input: the reference for every case. */
function reference(item: SignedMessage): boolean {
  const sig = eddsa.unpackSignature(new Uint8Array(item.signature));
  if (sig.R8 === null) return false;
  const F = eddsa.F;
  return eddsa.verifyPoseidon(F.e(item.msg), sig, [F.e(item.publicKey.ax), F.e(item.publicKey.ay)]);
}

function withS(item: SignedMessage, s: bigint): SignedMessage {
  const sig = new Uint8Array(item.signature);
  const view = new DataView(sig.buffer);
  for (let i = 0; i < 4; i++) view.setBigUint64(32 + 8 * i, (s >> BigInt(64 * i)) & ((1n << 64n) - 1n), true);
  return { ...item, signature: sig };
}

/** R8.y as encoded (sign bit cleared), not reduced. */
function yOf(sig: Uint8Array): bigint {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? sig[i]! & 0x7f : sig[i]!);
  return y;
}

/**
 * A good signature (seed `from` or the next that fits) and a copy whose R8.y is encoded as y + p, which
 * fits the 255 bits of the encoding only for y < 2^255 − p.
 */
function withNonCanonicalY(from: number): { good: SignedMessage; shifted: Uint8Array } {
  let good = sign(from, 5n);
  for (let seed = from + 1; yOf(good.signature) + P >= 1n << 255n; seed++) good = sign(seed, 5n);
  const shifted = new Uint8Array(good.signature);
  const big = yOf(good.signature) + P;
  for (let i = 0; i < 32; i++) shifted[i] = Number((big >> BigInt(8 * i)) & 0xffn);
  shifted[31]! |= good.signature[31]! & 0x80;
  return { good, shifted };
}

/** circomlibjs' unpacking of a packed signature: the reference for unpackSignatures. */
function referenceUnpack(sig: Uint8Array): { r8x: bigint; r8y: bigint; s: bigint } | null {
  const u = eddsa.unpackSignature(new Uint8Array(sig));
  if (u.R8 === null) return null;
  return { r8x: eddsa.F.toObject(u.R8[0]), r8y: eddsa.F.toObject(u.R8[1]), s: BigInt(u.S) };
}

function sOf(item: SignedMessage): bigint {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(item.signature[i]!);
  return s;
}

beforeAll(async () => {
  eddsa = await buildEddsa();
  L = BigInt(eddsa.babyJub.subOrder);
});

describe("EdDSA-Poseidon verification (WASM core)", () => {
  it("accepts circomlibjs signatures on random messages and keys", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.bigInt({ min: 0n, max: P - 1n }), (seed, msg) => {
        expect(verifySignature(sign(seed, msg))).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it("accepts @zk-kit/eddsa-poseidon signatures", () => {
    for (let i = 0; i < 4; i++) {
      const prv = keyOf(1000 + i);
      const msg = BigInt(i) * 0x1234567890abcdefn + 7n;
      const [ax, ay] = zkKit.derivePublicKey(prv);
      const signature = new Uint8Array(zkKit.packSignature(zkKit.signMessage(prv, msg)));
      expect(verifySignature({ msg, signature, publicKey: { ax: BigInt(ax), ay: BigInt(ay) } })).toBe(true);
    }
  });

  it("rejects every tamper exactly as circomlibjs does", () => {
    const good = sign(42, 123456789n);
    const other = sign(43, 1n);
    const cases: [string, SignedMessage][] = [
      ["message + 1", { ...good, msg: good.msg + 1n }],
      ["another key", { ...good, publicKey: other.publicKey }],
      ["key off the curve", { ...good, publicKey: { ...good.publicKey, ax: good.publicKey.ax + 1n } }],
      ["S + 1", withS(good, sOf(good) + 1n)],
      ["S + l (same point, S ≥ order)", withS(good, sOf(good) + L)],
      ["S = l", withS(good, L)],
      ["S = 2^256 − 1", withS(good, (1n << 256n) - 1n)],
      ["another signature's S", withS(good, sOf(other))],
    ];
    for (let byte = 0; byte < 32; byte += 5) {
      const sig = new Uint8Array(good.signature);
      sig[byte]! ^= 1;
      cases.push([`R8 byte ${byte} flipped`, { ...good, signature: sig }]);
    }
    const flippedSign = new Uint8Array(good.signature);
    flippedSign[31]! ^= 0x80;
    cases.push(["R8 sign bit flipped", { ...good, signature: flippedSign }]);
    for (const [name, item] of cases) {
      expect(verifySignature(item), name).toBe(false);
      expect(reference(item), `circomlibjs: ${name}`).toBe(false);
    }
  });

  it("rejects R8 moved by a small-order point, which a cofactored check would accept", () => {
    // R8 + (0, −1) = (−x, −y): same x², so it decompresses; only the exact equation rejects it.
    const good = sign(7, 99n);
    const sig = new Uint8Array(good.signature);
    let y = 0n;
    for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? sig[i]! & 0x7f : sig[i]!);
    const negY = (P - y) % P;
    for (let i = 0; i < 32; i++) sig[i] = Number((negY >> BigInt(8 * i)) & 0xffn);
    sig[31]! |= (good.signature[31]! & 0x80) ^ 0x80;
    const moved = { ...good, signature: sig };
    expect(reference(moved)).toBe(false);
    expect(verifySignature(moved)).toBe(false);
    expect(verifySignatures([moved, moved, good])).toEqual([false, false, true]);
  });

  it("reads a non-canonical R8.y modulo p, as circomlibjs does", () => {
    const { good, shifted: sig } = withNonCanonicalY(11);
    const item = { ...good, signature: sig };
    expect(reference(item)).toBe(true);
    expect(verifySignature(item)).toBe(true);
  });

  it("agrees with circomlibjs on random byte strings as signatures", () => {
    const good = sign(5, 77n);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (signature) => {
        const item = { ...good, signature };
        expect(verifySignature(item)).toBe(reference(item));
      }),
      { numRuns: 30 },
    );
  });

  it("verifies a batch exactly as one call per signature, bad ones named", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(10_000), fc.bigInt({ min: 0n, max: P - 1n }), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        (specs) => {
          const items = specs.map(([seed, msg, tamper]) => {
            const s = sign(seed, msg);
            return tamper ? { ...s, msg: (msg + 1n) % P } : s;
          });
          expect(verifySignatures(items)).toEqual(specs.map(([, , tamper]) => !tamper));
        },
      ),
      { numRuns: 6 },
    );
    expect(verifySignatures([])).toEqual([]);
  });

  it("gives the same verdicts with the per-key table cache on, off and evicting", () => {
    const core = instantiateCore();
    const items: SignedMessage[] = [];
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 5; k++) {
        const s = sign(500 + k, BigInt(round * 10 + k));
        items.push(s, { ...s, msg: s.msg + 1n }, withS(s, sOf(s) + 1n));
      }
    }
    const expected = items.map((_, i) => i % 3 === 0);
    setSignatureKeyCache(0, core);
    expect(verifySignatures(items, core)).toEqual(expected);
    // Two keys in turn: each pair of signatures is checked together, and the second key's table
    // must not evict the first one's while that one is still in use.
    const alternating = Array.from({ length: 8 }, (_, i) => sign(600 + (i % 2), BigInt(i)));
    for (const slots of [2, 1]) {
      // Fewer slots than keys: tables are built and evicted.
      setSignatureKeyCache(slots, core);
      expect(verifySignatures(items, core)).toEqual(expected);
      expect(verifySignatures(items, core)).toEqual(expected);
      expect(items.map((item) => verifySignature(item, core))).toEqual(expected);
      expect(verifySignatures(alternating, core).every(Boolean)).toBe(true);
    }
    setSignatureKeyCache(256, core);
    expect(verifySignatures(items, core)).toEqual(expected);
    expect(verifySignatures(items, core)).toEqual(expected);
  });

  it("rejects messages and keys outside the field with FIELD_OUT_OF_RANGE", () => {
    const good = sign(1, 2n);
    for (const bad of [
      { ...good, msg: P },
      { ...good, publicKey: { ...good.publicKey, ay: P + 1n } },
      { ...good, msg: -1n },
    ]) {
      try {
        verifySignatures([good, bad]);
        expect.fail("accepted an out-of-range element");
      } catch (e) {
        expect(isGhostError(e, "FIELD_OUT_OF_RANGE")).toBe(true);
      }
    }
    expect(verifySignature(good)).toBe(true);
  });
});

describe("unpackSignatures (WASM core)", () => {
  it("unpacks exactly as circomlibjs: good signatures, random bytes, a non-canonical R8.y", () => {
    const good = Array.from({ length: 6 }, (_, i) => sign(40 + i, BigInt(i)).signature);
    const { shifted } = withNonCanonicalY(60);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 64, maxLength: 64 }), { maxLength: 8 }), (random) => {
        const sigs = [...good, shifted, ...random];
        expect(unpackSignatures(sigs)).toEqual(sigs.map(referenceUnpack));
      }),
      { numRuns: 30 },
    );
    expect(unpackSignatures(good).every((u) => u !== null)).toBe(true);
  });

  it("refuses what is not a list of 64-byte signatures, with a code", () => {
    expect(codeOf(() => unpackSignatures("x" as never))).toBe("WASM_BAD_ARGUMENT");
    expect(codeOf(() => unpackSignatures([new Uint8Array(63)]))).toBe("TX_MALFORMED");
    expect(codeOf(() => unpackSignatures([[1, 2] as never]))).toBe("TX_MALFORMED");
    expect(unpackSignatures([])).toEqual([]);
  });
});
