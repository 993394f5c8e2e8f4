/**
 * EdDSA-Poseidon verification throughput, part of `npm run bench -- engine`: this core (one call per
 * signature, and whole batches per call) against circomlibjs' verifyPoseidon and
 * @zk-kit/eddsa-poseidon's verifySignature, on the same signatures, in this process.
 */
import { createRequire } from "node:module";
import { buildEddsa } from "circomlibjs";
import {
  createSignaturePool,
  type SignedMessage,
  verifySignature,
  verifySignatures,
} from "../../../src/bridge/index.js";
import { type Measurement, measure } from "../harness.js";

const BATCH = 256;

export interface EddsaBenchResult {
  measurements: Measurement[];
  ratios: Record<string, number>;
}

export async function benchEddsaVerify(): Promise<EddsaBenchResult> {
  const eddsa = await buildEddsa();
  const zkKit = createRequire(import.meta.url)(
    "@zk-kit/eddsa-poseidon",
  ) as typeof import("@zk-kit/eddsa-poseidon");
  const F = eddsa.F;
  const items: SignedMessage[] = [];
  for (let i = 0; i < BATCH; i++) {
    const prv = new Uint8Array(32).fill(i + 1);
    const msg = BigInt(i) * 0x9e3779b97f4a7c15n + 1n;
    const pub = eddsa.prv2pub(prv);
    items.push({
      msg,
      signature: eddsa.packSignature(eddsa.signPoseidon(prv, F.e(msg))),
      publicKey: { ax: F.toObject(pub[0]), ay: F.toObject(pub[1]) },
    });
  }
  const first = items[0]!;
  const unpacked = eddsa.unpackSignature(first.signature);
  const key: [Uint8Array, Uint8Array] = [F.e(first.publicKey.ax), F.e(first.publicKey.ay)];
  const zkSig = zkKit.unpackSignature(Buffer.from(first.signature));
  const zkKey: [bigint, bigint] = [first.publicKey.ax, first.publicKey.ay];
  if (!verifySignatures(items).every(Boolean)) throw new Error("the core rejected a valid signature");
  if (!eddsa.verifyPoseidon(F.e(first.msg), unpacked, key)) throw new Error("circomlibjs rejected");
  if (!zkKit.verifySignature(first.msg, zkSig, zkKey)) throw new Error("@zk-kit rejected");

  let k = 0;
  const single = await measure("ghostchain wasm (single)", () => verifySignature(items[k++ % BATCH]!), {
    minRoundMs: 500,
  });
  const batched = await measure("ghostchain wasm (batched)", () => verifySignatures(items), {
    opsPerCall: BATCH,
    runs: 5,
    minRoundMs: 500,
  });
  const pool = createSignaturePool();
  const pooled = await measure(`ghostchain wasm (pool, ${pool.size} workers)`, () => pool.verify(items), {
    opsPerCall: BATCH,
    runs: 5,
    minRoundMs: 500,
  });
  await pool.close();
  const circomlib = await measure(
    "circomlibjs verifyPoseidon",
    () => eddsa.verifyPoseidon(F.e(first.msg), unpacked, key),
    {
      runs: 5,
      minRoundMs: 500,
      warmupRounds: 1,
    },
  );
  const zk = await measure("@zk-kit/eddsa-poseidon", () => zkKit.verifySignature(first.msg, zkSig, zkKey), {
    runs: 5,
    minRoundMs: 500,
    warmupRounds: 1,
  });
  return {
    measurements: [single, batched, pooled, circomlib, zk],
    ratios: {
      singleVsCircomlibjs: circomlib.nsPerOp / single.nsPerOp,
      batchedVsCircomlibjs: circomlib.nsPerOp / batched.nsPerOp,
      poolVsCircomlibjs: circomlib.nsPerOp / pooled.nsPerOp,
      singleVsZkKit: zk.nsPerOp / single.nsPerOp,
    },
  };
}
