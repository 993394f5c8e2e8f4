import { buildEddsa, type Eddsa } from "circomlibjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSignaturePool,
  FIELD_MODULUS,
  poseidonBatch,
  type SignaturePool,
  type SignedMessage,
  verifySignatures,
} from "../../src/bridge/index.js";
import { isGhostError } from "../../src/protocol/errors.js";
import { rejectedCode as codeOf } from "../thrownCode.js";

let eddsa: Eddsa;
let pool: SignaturePool;

function sign(seed: number, msg: bigint): SignedMessage {
  const prv = new Uint8Array(32).fill(seed % 251);
  prv[0] = seed >> 8;
  const pub = eddsa.prv2pub(prv);
  return {
    msg,
    signature: eddsa.packSignature(eddsa.signPoseidon(prv, eddsa.F.e(msg))),
    publicKey: { ax: eddsa.F.toObject(pub[0]), ay: eddsa.F.toObject(pub[1]) },
  };
}

beforeAll(async () => {
  eddsa = await buildEddsa();
  pool = createSignaturePool({ workers: 2 });
});

afterAll(async () => {
  await pool.close();
});

describe("signature pool (worker threads)", () => {
  it("returns exactly the serial verdicts, in input order", async () => {
    const items: SignedMessage[] = [];
    for (let i = 0; i < 24; i++) {
      const s = sign(i % 6, BigInt(i) * 1000003n);
      // every third one tampered: message, signature byte, or another key
      if (i % 3 === 1) items.push({ ...s, msg: s.msg + 1n });
      else if (i % 3 === 2) {
        const sig = new Uint8Array(s.signature);
        sig[40]! ^= 4;
        items.push({ ...s, signature: sig });
      } else items.push(s);
    }
    const serial = verifySignatures(items);
    expect(serial.filter(Boolean).length).toBe(8);
    expect(await pool.verify(items)).toEqual(serial);
    // Again: keys are now cached in the workers, verdicts unchanged.
    expect(await pool.verify(items)).toEqual(serial);
    expect(await pool.verify([])).toEqual([]);
  });

  it("serves concurrent requests independently", async () => {
    const a = [sign(1, 1n), sign(2, 2n)];
    const b = [{ ...sign(3, 3n), msg: 4n }, sign(4, 4n)];
    const [ra, rb] = await Promise.all([pool.verify(a), pool.verify(b)]);
    expect(ra).toEqual([true, true]);
    expect(rb).toEqual([false, true]);
  });

  it("rejects out-of-range input before any work, with FIELD_OUT_OF_RANGE", async () => {
    const good = sign(9, 9n);
    await expect(pool.verify([good, { ...good, msg: FIELD_MODULUS }])).rejects.toSatisfy((e) =>
      isGhostError(e, "FIELD_OUT_OF_RANGE"),
    );
    expect(await pool.verify([good])).toEqual([true]);
  });

  it("hashes tuples exactly as poseidonBatch, in input order, split across the workers", async () => {
    const tuples = Array.from({ length: 37 }, (_, i) => [BigInt(i), FIELD_MODULUS - 1n - BigInt(i)]);
    expect(await pool.hash(tuples)).toEqual(poseidonBatch(tuples));
    expect(await pool.hash(tuples.slice(0, 1))).toEqual(poseidonBatch(tuples.slice(0, 1)));
    expect(await pool.hash([])).toEqual([]);
  });

  it("verifies messages given by their preimages exactly as verify does on their hashes", async () => {
    const preimages = Array.from({ length: 12 }, (_, i) => [7n, BigInt(i) * 99991n]);
    const hashes = poseidonBatch(preimages);
    const signed = preimages.map((_, i) => sign(i % 5, hashes[i]!));
    // Every fourth one signs another message than its preimage's hash.
    const items = signed.map((s, i) => ({
      preimage: i % 4 === 3 ? [7n, 1n] : preimages[i]!,
      signature: s.signature,
      publicKey: s.publicKey,
    }));
    const verdicts = await pool.verifyPreimages(items);
    expect(verdicts).toEqual(items.map((_, i) => i % 4 !== 3));
    expect(verdicts).toEqual(await pool.verify(signed.map((s, i) => (i % 4 === 3 ? { ...s, msg: 0n } : s))));
  });

  it("refuses preimages and tuples out of the field or of mixed arity before any work, with a code", async () => {
    const good = sign(9, 9n);
    const item = { preimage: [1n, 2n], signature: good.signature, publicKey: good.publicKey };
    expect(await codeOf(pool.verifyPreimages([{ ...item, preimage: [FIELD_MODULUS, 1n] }]))).toBe(
      "FIELD_OUT_OF_RANGE",
    );
    expect(await codeOf(pool.verifyPreimages([item, { ...item, preimage: [1n] }]))).toBe("POSEIDON_ARITY");
    expect(await codeOf(pool.verifyPreimages([{ ...item, signature: new Uint8Array(3) }]))).toBe(
      "TX_MALFORMED",
    );
    expect(await codeOf(pool.hash([[1n], [1n, 2n]]))).toBe("POSEIDON_ARITY");
    expect(await codeOf(pool.hash([Array(17).fill(1n)]))).toBe("POSEIDON_ARITY");
    expect(await codeOf(pool.hash("x" as never))).toBe("WASM_BAD_ARGUMENT");
    expect(await pool.hash([[1n, 2n]])).toEqual(poseidonBatch([[1n, 2n]]));
  });
});
