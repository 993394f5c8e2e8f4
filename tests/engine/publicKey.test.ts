/**
 * The creating deposit's key check (docs/protocol.md §3.4) now runs in the WASM core; the model keeps
 * circomlibjs'. The two are held to each other on valid keys, the identity, small-order points, keys
 * shifted by a torsion point, points off the curve and coordinates ≥ p, directly and through creating
 * deposits applied by the engine and the model. The model's own tx checks leave the caller's signature
 * bytes alone, whatever kind of view they come in.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { arePublicKeysValid, createEngine, frInverse, frSqrt } from "../../src/bridge/index.js";
import {
  applyOp,
  createGenesis,
  FIELD_MODULUS,
  initProtocol,
  isValidPublicKey,
  l2KeyFromSeed,
  type Op,
  type PublicKey,
  signTx,
} from "../../src/protocol/index.js";
import { CONFIG, genesisAccounts, key } from "./fixtures.js";

const P = FIELD_MODULUS;
const A = 168700n;
const mod = (x: bigint) => ((x % P) + P) % P;

beforeAll(async () => {
  await initProtocol();
});

/** Variants of a valid key: itself, plus the order-2 point, plus an order-4 point, and broken ones. */
function variants(k: PublicKey): PublicKey[] {
  const t = frSqrt(frInverse(A)); // (t, 0) has order 4
  return [
    k,
    { ax: mod(-k.ax), ay: mod(-k.ay) }, // + (0, −1)
    { ax: mod(k.ay * t), ay: mod(-A * k.ax * t) }, // + (t, 0)
    { ax: k.ax, ay: mod(k.ay + 1n) }, // off the curve
    { ax: k.ax + P, ay: k.ay }, // a coordinate ≥ p
    { ax: mod(-k.ax), ay: k.ay }, // −k: valid too
  ];
}

const FIXED: PublicKey[] = [
  { ax: 0n, ay: 1n },
  { ax: 0n, ay: P - 1n },
  { ax: frSqrt(frInverse(A)), ay: 0n },
  { ax: 0n, ay: 0n },
  { ax: P - 1n, ay: P - 1n },
];

describe("the key check in the core against the model's", () => {
  test("agrees on fixed small-order, identity and boundary points", () => {
    expect(arePublicKeysValid(FIXED)).toEqual(FIXED.map((k) => isValidPublicKey(k)));
    expect(arePublicKeysValid(FIXED).some(Boolean)).toBe(false);
  });

  test("agrees on random keys and their torsion-shifted, off-curve and out-of-range variants", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (seed) => {
        const keys = variants(l2KeyFromSeed(`pk-${seed}`).publicKey);
        const core = arePublicKeysValid(keys);
        expect(core).toEqual(keys.map((k) => isValidPublicKey(k)));
        expect(core).toEqual([true, false, false, false, false, true]);
      }),
      { numRuns: 12 },
    );
  });

  test("creating deposits get the same outcome from the engine and the model", async () => {
    const engine = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
    let model = createGenesis(CONFIG, genesisAccounts());
    const keys = [...variants(key(70).publicKey), ...FIXED].filter((k) => k.ax < P && k.ay < P);
    for (const [i, k] of keys.entries()) {
      const op: Op = { type: "deposit", to: null, token: 0, amount: 1n, ...k, l1Address: BigInt(i) };
      const m = applyOp(model, op);
      const e = engine.apply([op])[0]!;
      expect(e.ok ? "ok" : e.code).toBe(m.ok ? "ok" : m.code);
      if (m.ok) model = m.state;
    }
    expect(engine.nextIndex).toBe(model.nextIndex);
    expect(engine.priorityHash).toBe(model.priorityHash);
  });
});

describe("the model's signature input", () => {
  const tx = () =>
    signTx(CONFIG.chainId, key(0).privateKey, {
      type: "transfer",
      from: 0,
      to: 1,
      token: 0,
      amount: 5n,
      fee: 0n,
      nonce: 0,
    });

  test("does not alter a caller's Buffer signature", () => {
    const signed = tx();
    const model = createGenesis(CONFIG, genesisAccounts());
    const buffer = Buffer.from(signed.signature);
    const copy = Uint8Array.from(buffer);
    expect(applyOp(model, { ...signed, signature: buffer }).ok).toBe(true);
    expect(Uint8Array.from(buffer)).toEqual(copy);
  });

  test("accepts a signature view at a byte offset that is not a multiple of 4, as the engine does", async () => {
    const signed = tx();
    const backing = new Uint8Array(67);
    backing.set(signed.signature, 3);
    const view = backing.subarray(3, 67);
    const model = createGenesis(CONFIG, genesisAccounts());
    expect(applyOp(model, { ...signed, signature: view }).ok).toBe(true);
    expect(backing.subarray(3)).toEqual(signed.signature);
    const engine = await createEngine({ ...CONFIG, genesis: genesisAccounts() });
    expect(engine.apply([{ ...signed, signature: view }])[0]?.ok).toBe(true);
  });
});
