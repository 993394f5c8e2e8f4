/**
 * `npm run bench -- mldsa`: ML-DSA-65 (FIPS 204, pure, empty context) signing and verification with
 * liboqs (@oqs/liboqs-js, WebAssembly), what ghostd uses, against @noble/post-quantum, the peer a user
 * would otherwise pick, both in this process on the same key and message; then the mempool's verify
 * pool (one liboqs instance per worker thread, default 2 workers) on batches of valid signatures.
 * Every figure is end-to-end from Uint8Arrays to the result, input checks included.
 */
import {
  createMlDsa,
  createMlDsaVerifyPool,
  type MlDsaVerifyItem,
  mlDsaKeygen,
  nobleSign,
  nobleVerify,
} from "../../src/l1/crypto/index.js";
import {
  type Figure,
  formatNs,
  type Measurement,
  measure,
  numberAt,
  printJsonLine,
  printTable,
} from "./harness.js";

/** A typical L1 transaction encoding is a few hundred bytes. */
const MESSAGE_BYTES = 256;
const POOL_BATCH = 256;
const POOL_WORKERS = Number(process.env.BENCH_MLDSA_WORKERS ?? 2);

export async function run(): Promise<Record<string, unknown>> {
  const seed = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
  const message = new Uint8Array(MESSAGE_BYTES).map((_, i) => (i * 131 + 7) & 0xff);
  const { publicKey, secretKey } = mlDsaKeygen(seed);
  const mlDsa = await createMlDsa();
  const byLiboqs = mlDsa.sign(secretKey, message);
  const byNoble = nobleSign(secretKey, message);
  // Cross-check before timing anything: each verifies the other's signature.
  for (const signature of [byLiboqs, byNoble]) {
    if (!mlDsa.verify(publicKey, message, signature) || !nobleVerify(publicKey, message, signature)) {
      throw new Error("liboqs and noble disagree on a valid signature");
    }
  }

  const slow = { runs: 5, minRoundMs: 400, warmupRounds: 1 };
  const m: Measurement[] = [
    await measure("liboqs verify", () => mlDsa.verify(publicKey, message, byLiboqs)),
    await measure("noble verify", () => nobleVerify(publicKey, message, byLiboqs), slow),
    await measure("liboqs sign", () => mlDsa.sign(secretKey, message)),
    await measure("noble sign", () => nobleSign(secretKey, message), slow),
  ];
  const [oqsVerify, nobleV, oqsSign, nobleS] = m as [Measurement, Measurement, Measurement, Measurement];

  const pool = await createMlDsaVerifyPool({ size: POOL_WORKERS });
  const items: MlDsaVerifyItem[] = Array.from({ length: POOL_BATCH }, () => ({
    publicKey,
    message,
    signature: byLiboqs,
  }));
  const verdicts = await pool.verifyBatch(items);
  if (!verdicts.every(Boolean)) throw new Error("the verify pool rejected a valid signature");
  const pooled = await measure(`pool verify (${pool.size} workers)`, () => pool.verifyBatch(items), {
    opsPerCall: POOL_BATCH,
  });
  await pool.close();
  mlDsa.destroy();

  const rows = [...m, pooled].map((r) => ({
    implementation: r.name,
    "per op": formatNs(r.nsPerOp),
    "ops/s": Math.round(r.opsPerSec).toLocaleString("en-US"),
  }));
  printTable(
    `ML-DSA-65, ${MESSAGE_BYTES}-byte message (median of the runs; pool: batches of ${POOL_BATCH})`,
    rows,
  );
  const verifyRatio = nobleV.nsPerOp / oqsVerify.nsPerOp;
  const signRatio = nobleS.nsPerOp / oqsSign.nsPerOp;
  console.log(`liboqs vs noble: verify ${verifyRatio.toFixed(1)}×, sign ${signRatio.toFixed(1)}×`);
  return printJsonLine("mldsa", {
    messageBytes: MESSAGE_BYTES,
    liboqs: {
      verifyUs: oqsVerify.nsPerOp / 1e3,
      signUs: oqsSign.nsPerOp / 1e3,
      verifyPerSec: oqsVerify.opsPerSec,
      signPerSec: oqsSign.opsPerSec,
    },
    noble: {
      verifyUs: nobleV.nsPerOp / 1e3,
      signUs: nobleS.nsPerOp / 1e3,
      verifyPerSec: nobleV.opsPerSec,
      signPerSec: nobleS.opsPerSec,
    },
    verifyRatio,
    signRatio,
    pool: {
      workers: pool.size,
      batch: POOL_BATCH,
      rawVerifyPerSec: pooled.opsPerSec,
      vsSerialLiboqs: pooled.opsPerSec / oqsVerify.opsPerSec,
    },
  });
}

/** The summary's figures: liboqs verification, its speed-up over noble, and the verify pool. */
export function headline(r: Record<string, unknown>): Figure[] {
  return [
    { name: "liboqs", value: numberAt(r, "liboqs.verifyPerSec"), unit: "verify/s" },
    { name: "verify vs noble", value: numberAt(r, "verifyRatio"), unit: "×" },
    { name: "sign vs noble", value: numberAt(r, "signRatio"), unit: "×" },
    {
      name: `pool of ${numberAt(r, "pool.workers")}`,
      value: numberAt(r, "pool.rawVerifyPerSec"),
      unit: "verify/s",
    },
  ];
}
