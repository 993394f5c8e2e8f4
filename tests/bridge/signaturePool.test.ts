import { buildEddsa, type Eddsa } from "circomlibjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSignaturePool,
  FIELD_MODULUS,
  type SignaturePool,
  type SignedMessage,
  verifySignatures,
} from "../../src/bridge/index.js";
import { isGhostError } from "../../src/protocol/errors.js";

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
});
