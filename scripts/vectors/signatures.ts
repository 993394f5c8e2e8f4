/**
 * tests/vectors/signatures.json: EdDSA-Poseidon edge cases that every verifier must decide alike
 * (docs/protocol.md §4.2), each with the verdict of circomlibjs `verifyPoseidon` on the unpacked
 * signature, so that an implementation without circomlibjs can match it.
 */
import { buildBabyjub } from "circomlibjs";
import {
  FIELD_MODULUS,
  l2KeyFromSeed,
  type PublicKey,
  poseidon,
  signMessage,
  verifyMessage,
} from "../../src/protocol/index.js";
import { dec, hex } from "./format.js";

/** The parts of circomlibjs' Baby Jubjub used here, on points in its internal representation. */
interface Curve {
  F: {
    e(x: bigint): unknown;
    toObject(x: unknown): bigint;
    inv(x: unknown): unknown;
    sqrt(x: unknown): unknown;
    neg(x: unknown): unknown;
    zero: unknown;
  };
  subOrder: bigint;
  Base8: [unknown, unknown];
  addPoint(a: [unknown, unknown], b: [unknown, unknown]): [unknown, unknown];
  mulPointEscalar(p: [unknown, unknown], k: bigint): [unknown, unknown];
  packPoint(p: [unknown, unknown]): Uint8Array;
  unpackPoint(b: Uint8Array): [unknown, unknown] | null;
}

const le = (b: Uint8Array): bigint => {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
};
const toLe = (x: bigint, n: number): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0, r = x; i < n; i++, r >>= 8n) out[i] = Number(r & 0xffn);
  return out;
};

export async function signatures() {
  const bj = (await buildBabyjub()) as unknown as Curve;
  const F = bj.F;
  const key = l2KeyFromSeed("vector-sig-0");
  const other = l2KeyFromSeed("vector-sig-1");
  const msg = poseidon([123456789n]);
  const sig = signMessage(key.privateKey, msg);
  const r8 = sig.subarray(0, 32);
  const s = le(sig.subarray(32));
  const withS = (x: bigint) => Uint8Array.from([...r8, ...toLe(x, 32)]);
  const withR8 = (b: Uint8Array) => Uint8Array.from([...b, ...sig.subarray(32)]);
  const flip = (b: Uint8Array, byte: number, bit: number) => {
    const c = Uint8Array.from(b);
    c[byte]! ^= 1 << bit;
    return c;
  };
  const point = (p: [unknown, unknown]): PublicKey => ({ ax: F.toObject(p[0]), ay: F.toObject(p[1]) });

  // y + p in R8's 255 bits: circomlibjs reads y modulo p, so this is the same point.
  const sign = r8[31]! & 0x80;
  const y = le(Uint8Array.from([...r8.subarray(0, 31), r8[31]! & 0x7f]));
  const yPlusP = toLe(y + FIELD_MODULUS, 32);
  yPlusP[31]! |= sign;
  // R8 moved by the point of order 2, (0, -1): (x, y) → (−x, −y).
  const R8 = bj.unpackPoint(Uint8Array.from(r8))!;
  const order2: [unknown, unknown] = [F.zero, F.e(FIELD_MODULUS - 1n)];
  const movedR8 = bj.packPoint(bj.addPoint(R8, order2));
  // A point of order 4: y = 0, x = 1/√a.
  const order4: [unknown, unknown] = [F.sqrt(F.inv(F.e(168700n))), F.zero];
  // An encoding whose y gives no x: the first y whose (1 − y²)/(a − d·y²) is not a square.
  let offY = 2n;
  while (bj.unpackPoint(toLe(offY, 32)) !== null) offY++;
  // A key of small order signs anything: with A of order 2, S = r, R8 = r·Base8 verifies for every message.
  const r = 987654321n;
  const forged = Uint8Array.from([...bj.packPoint(bj.mulPointEscalar(bj.Base8, r)), ...toLe(r, 32)]);
  const random = Uint8Array.from({ length: 64 }, (_, i) => (i * 167 + 13) & 0xff);

  const pk = key.publicKey;
  const cases: { name: string; msg: bigint; key: PublicKey; signature: Uint8Array }[] = [
    { name: "a valid signature", msg, key: pk, signature: sig },
    { name: "S + l (the subgroup order)", msg, key: pk, signature: withS(s + bj.subOrder) },
    { name: "S = l", msg, key: pk, signature: withS(bj.subOrder) },
    { name: "S = 2^256 - 1", msg, key: pk, signature: withS((1n << 256n) - 1n) },
    { name: "R8 with y + p (non-canonical, read modulo p)", msg, key: pk, signature: withR8(yPlusP) },
    {
      name: "R8 with y whose x² is not a square (off the curve)",
      msg,
      key: pk,
      signature: withR8(toLe(offY, 32)),
    },
    { name: "R8 moved by the point of order 2", msg, key: pk, signature: withR8(movedR8) },
    { name: "R8 = a point of order 4", msg, key: pk, signature: withR8(bj.packPoint(order4)) },
    { name: "R8 = the identity (y = 1: x² = 0)", msg, key: pk, signature: withR8(toLe(1n, 32)) },
    { name: "R8 with its sign bit flipped", msg, key: pk, signature: flip(sig, 31, 7) },
    { name: "R8 with bit 0 flipped", msg, key: pk, signature: flip(sig, 0, 0) },
    { name: "S with bit 0 flipped", msg, key: pk, signature: flip(sig, 32, 0) },
    { name: "another message", msg: msg ^ 1n, key: pk, signature: sig },
    { name: "another key", msg, key: other.publicKey, signature: sig },
    { name: "a key off the curve", msg, key: { ax: 1n, ay: 2n }, signature: sig },
    { name: "a key of order 2 and R8 = r·Base8, S = r", msg, key: point(order2), signature: forged },
    { name: "the identity as key and R8 = r·Base8, S = r", msg, key: { ax: 0n, ay: 1n }, signature: forged },
    { name: "64 arbitrary bytes", msg, key: pk, signature: random },
  ];
  return {
    about:
      "verdict: circomlibjs verifyPoseidon(msg, unpackSignature(signature), key). Keys of small order " +
      "verify forged signatures: §3.4 keeps them out of the account tree.",
    keySeeds: ["vector-sig-0", "vector-sig-1"],
    cases: cases.map((c) => ({
      name: c.name,
      msg: dec(c.msg),
      ax: dec(c.key.ax),
      ay: dec(c.key.ay),
      signature: hex(c.signature),
      valid: verifyMessage(c.msg, Uint8Array.from(c.signature), c.key),
    })),
  };
}
