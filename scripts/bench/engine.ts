/**
 * `npm run bench -- engine`: the WASM state engine against the reference model, in this process.
 *
 *   sealing   1000 transfers per batch at depth 16 (16,384 accounts): roots and per-op witness data,
 *             transfers/s and µs per op (target ≥ 1,000/s); applying them unsigned, for scale
 *   signed    1024 EdDSA-signed transfers (32 signers) applied with signature checks by a warm engine
 *             (verifying itself, and with the worker pool verifying first: applyVerified) vs the
 *             model's applyOp
 *   million   1,000,000 accounts at depth 24, in a fresh child process: tree build time, a sealed
 *             batch, and the process's RSS (target < 1 GB); ENGINE_BENCH_ACCOUNTS changes the count
 *   deposits  1000 creating deposits (distinct keys, each checked in the core) on one thread vs the
 *             model's applyOp (target ≥ 5,000/s): scripts/bench/engine/createDeposits.ts
 *   eddsa     the EdDSA verification figures of scripts/bench/engine/eddsaVerify.ts
 *
 * ENGINE_BENCH_ONLY=deposits runs the deposits row alone (it takes seconds, the whole topic minutes).
 *
 * Wall times on a shared machine are noisy; CPU time of this process is printed beside them.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createEngine, createSignaturePool } from "../../src/bridge/index.js";
import {
  type Account,
  applyOp,
  createGenesis,
  initProtocol,
  type L2Key,
  l2KeyFromSeed,
  type Op,
  type State,
  signTx,
  type Transfer,
} from "../../src/protocol/index.js";
import { benchCreateDeposits } from "./engine/createDeposits.js";
import { benchEddsaVerify } from "./engine/eddsaVerify.js";
import { type Figure, formatNs, median, numberAt, printJsonLine, printTable } from "./harness.js";

const NO_SIG = new Uint8Array(64);

/** A deterministic generator, so every run measures the same transfers. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s;
  };
}

function accounts(n: number, keys: readonly L2Key[], start = 0): Account[] {
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    const { ax, ay } = keys[i % keys.length]!.publicKey;
    return { ax, ay, l1Address: BigInt(i) + 1n, nonce: 0, balances: [10n ** 12n, 0n, 0n, 0n] };
  });
}

function randomTransfers(n: number, accountCount: number, nonces: Uint32Array, next: () => number): Op[] {
  return Array.from({ length: n }, () => {
    const from = next() % accountCount;
    let to = next() % accountCount;
    if (to === from) to = (to + 1) % accountCount;
    const nonce = nonces[from]!;
    nonces[from] = nonce + 1;
    return { type: "transfer", from, to, token: 0, amount: 10n, fee: 1n, nonce, signature: NO_SIG };
  });
}

interface Timed {
  wallMs: number;
  cpuMs: number;
}

function timed(fn: () => void): Timed {
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function medianOf(xs: readonly Timed[]): Timed {
  return { wallMs: median(xs.map((x) => x.wallMs)), cpuMs: median(xs.map((x) => x.cpuMs)) };
}

async function benchSealing(depth: number, accountCount: number, batch: number, rounds: number) {
  const keys = [l2KeyFromSeed("bench-0"), l2KeyFromSeed("bench-1")];
  const engine = await createEngine({
    chainId: 1,
    depth,
    batchSize: batch,
    genesis: accounts(accountCount, keys),
    checkSignatures: false,
    checkGenesisKeys: false,
  });
  const nonces = new Uint32Array(accountCount);
  const next = lcg(7);
  const applies: Timed[] = [];
  const seals: Timed[] = [];
  for (let r = 0; r < rounds + 1; r++) {
    const ops = randomTransfers(batch, accountCount, nonces, next);
    const a = timed(() => {
      if (!engine.apply(ops).every((o) => o.ok)) throw new Error("a benchmark transfer was rejected");
    });
    const s = timed(() => engine.seal());
    // Round 0 warms up the JIT and the WASM tiers.
    if (r > 0) {
      applies.push(a);
      seals.push(s);
    }
  }
  return { apply: medianOf(applies), seal: medianOf(seals) };
}

async function benchSigned(txCount: number, modelTxs: number) {
  const depth = 16;
  const accountCount = 1024;
  const signers = 32;
  const keys = Array.from({ length: signers }, (_, i) => l2KeyFromSeed(`bench-signer-${i}`));
  const genesis = accounts(accountCount, keys);
  const chainId = 1;
  const txs: Transfer[] = [];
  for (let k = 0; k < txCount; k++) {
    const from = k % signers;
    // Recipients are never signers, so no transfer is a self-transfer.
    const to = signers + ((from * 97 + k * 31) % (accountCount - signers));
    txs.push(
      signTx(chainId, keys[from]!.privateKey, {
        type: "transfer",
        from,
        to,
        token: 0,
        amount: 10n,
        fee: 1n,
        nonce: Math.floor(k / signers),
      }),
    );
  }
  const config = { chainId, depth, batchSize: txCount };
  // One long-lived engine each, as a sequencer runs it: round 0 warms the JIT and the signature tables
  // (Base8, and each signer's key table on its second sighting); every round's batch is discarded, so
  // the next round applies the same transfers again.
  const engine = await createEngine({ ...config, genesis, checkGenesisKeys: false });
  const runs: Timed[] = [];
  for (let r = 0; r < 5; r++) {
    const t = timed(() => {
      if (!engine.apply(txs).every((o) => o.ok)) throw new Error("a signed transfer was rejected");
    });
    engine.discard();
    if (r > 0) runs.push(t);
  }
  // The same, with the signatures verified first by the worker pool (one worker per core).
  const pool = createSignaturePool();
  const pooledEngine = await createEngine({ ...config, genesis, checkGenesisKeys: false });
  const pooled: number[] = [];
  for (let r = 0; r < 5; r++) {
    const begin = performance.now();
    const out = await pooledEngine.applyVerified(txs, pool);
    if (!out.every((o) => o.ok)) throw new Error("a signed transfer was rejected");
    if (r > 0) pooled.push(performance.now() - begin);
    pooledEngine.discard();
  }
  await pool.close();
  let model: State = createGenesis(config, genesis);
  const modelRun = timed(() => {
    for (const tx of txs.slice(0, modelTxs)) {
      const out = applyOp(model, tx);
      if (!out.ok) throw new Error(`the model rejected a signed transfer: ${out.code}`);
      model = out.state;
    }
  });
  return { engine: medianOf(runs), pooledMs: median(pooled), workers: pool.size, model: modelRun };
}

interface MillionResult {
  accounts: number;
  depth: number;
  buildSeconds: number;
  sealPerSec: number;
  rssMiB: number;
  peakRssMiB: number;
  wasmMiB: number;
}

/** The child process: 1M accounts loaded in slices (so no JS copy of them all), then one batch. */
async function millionChild(): Promise<void> {
  await initProtocol();
  const n = Number(process.env.ENGINE_BENCH_ACCOUNTS ?? 1_000_000);
  const depth = 24;
  const batch = 1000;
  const keys = [l2KeyFromSeed("bench-0"), l2KeyFromSeed("bench-1")];
  const engine = await createEngine({ chainId: 1, depth, batchSize: batch, checkSignatures: false });
  const started = performance.now();
  for (let at = 0; at < n; at += 8192)
    engine.loadGenesisAccounts(accounts(Math.min(8192, n - at), keys, at), { checkKeys: false });
  engine.buildTree();
  const buildSeconds = (performance.now() - started) / 1000;
  const ops = randomTransfers(batch, n, new Uint32Array(n), lcg(11));
  if (!engine.apply(ops).every((o) => o.ok)) throw new Error("a benchmark transfer was rejected");
  const seal = timed(() => engine.seal());
  const memory = (engine as unknown as { x: { memory: WebAssembly.Memory } }).x.memory;
  const result: MillionResult = {
    accounts: n,
    depth,
    buildSeconds,
    sealPerSec: batch / (seal.wallMs / 1000),
    rssMiB: process.memoryUsage().rss / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    wasmMiB: memory.buffer.byteLength / 2 ** 20,
  };
  console.log(JSON.stringify(result));
}

function runMillion(): Promise<MillionResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
      env: { ...process.env, ENGINE_BENCH_ROLE: "million" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) reject(new Error(`the million-account child exited with ${code}`));
      else resolve(JSON.parse(last) as MillionResult);
    });
  });
}

const perSec = (ops: number, ms: number) => Math.round(ops / (ms / 1000));

export async function run(): Promise<Record<string, unknown>> {
  await initProtocol();
  const DEPOSITS = 1000;
  const deposits = await benchCreateDeposits(DEPOSITS, 5, 8);
  const createDepositsPerSec = perSec(DEPOSITS, deposits.wallMs);
  const depositRow = {
    measure: "apply creating deposits (key checked in the core, one thread)",
    "ops/s": createDepositsPerSec,
    "per op": formatNs((deposits.wallMs * 1e6) / DEPOSITS),
    "cpu per op": formatNs((deposits.cpuMs * 1e6) / DEPOSITS),
    target: `≥ 5,000/s; ${(createDepositsPerSec / deposits.modelPerSec).toFixed(0)}× the model`,
  };
  const depositJson = {
    createDepositsPerSec,
    createDepositsCpuUsPerOp: (deposits.cpuMs * 1000) / DEPOSITS,
    modelCreateDepositsPerSec: Math.round(deposits.modelPerSec * 10) / 10,
  };
  if (process.env.ENGINE_BENCH_ONLY === "deposits") {
    printTable("engine: creating deposits", [depositRow]);
    return printJsonLine("engine", depositJson);
  }
  const BATCH = 1000;
  const sealing = await benchSealing(16, 16_384, BATCH, 5);
  const SIGNED = 1024;
  const MODEL_TXS = 24;
  const signed = await benchSigned(SIGNED, MODEL_TXS);
  const eddsa = await benchEddsaVerify();
  const million = await runMillion();

  const engineSigned = perSec(SIGNED, signed.engine.wallMs);
  const modelSigned = perSec(MODEL_TXS, signed.model.wallMs);
  const enginePooled = perSec(SIGNED, signed.pooledMs);
  const rows = [
    {
      measure: "seal 1000 transfers, depth 16 (roots + witness)",
      "ops/s": perSec(BATCH, sealing.seal.wallMs),
      "per op": formatNs((sealing.seal.wallMs * 1e6) / BATCH),
      "cpu per op": formatNs((sealing.seal.cpuMs * 1e6) / BATCH),
      target: "≥ 1,000/s",
    },
    {
      measure: "apply transfers, no signature checks",
      "ops/s": perSec(BATCH, sealing.apply.wallMs),
      "per op": formatNs((sealing.apply.wallMs * 1e6) / BATCH),
      "cpu per op": formatNs((sealing.apply.cpuMs * 1e6) / BATCH),
      target: "",
    },
    {
      measure: "apply signed transfers (engine)",
      "ops/s": engineSigned,
      "per op": formatNs((signed.engine.wallMs * 1e6) / SIGNED),
      "cpu per op": formatNs((signed.engine.cpuMs * 1e6) / SIGNED),
      target: `${(engineSigned / modelSigned).toFixed(1)}× the model`,
    },
    {
      measure: `apply signed transfers (engine, pool of ${signed.workers} verifying)`,
      "ops/s": enginePooled,
      "per op": formatNs((signed.pooledMs * 1e6) / SIGNED),
      "cpu per op": "",
      target: `${(enginePooled / modelSigned).toFixed(1)}× the model`,
    },
    depositRow,
    {
      measure: "apply signed transfers (reference model)",
      "ops/s": modelSigned,
      "per op": formatNs((signed.model.wallMs * 1e6) / MODEL_TXS),
      "cpu per op": formatNs((signed.model.cpuMs * 1e6) / MODEL_TXS),
      target: "",
    },
    {
      measure: `seal 1000 transfers, ${million.accounts.toLocaleString("en")} accounts, depth 24`,
      "ops/s": Math.round(million.sealPerSec),
      "per op": formatNs(1e9 / million.sealPerSec),
      "cpu per op": "",
      target: "",
    },
    {
      measure: `RSS with ${million.accounts.toLocaleString("en")} accounts (peak)`,
      "ops/s": "",
      "per op": `${million.rssMiB.toFixed(0)} MiB (${million.peakRssMiB.toFixed(0)})`,
      "cpu per op": `wasm ${million.wasmMiB.toFixed(0)} MiB`,
      target: "< 1 GB",
    },
  ];
  printTable("engine: state transition (2 cores, shared machine: read the ratios)", rows);
  printTable(
    "engine: EdDSA-Poseidon verification",
    eddsa.measurements.map((m) => ({
      implementation: m.name,
      "per signature": formatNs(m.nsPerOp),
      "ops/s": Math.round(m.opsPerSec),
    })),
  );
  console.log(`tree of ${million.accounts} accounts built in ${million.buildSeconds.toFixed(1)} s`);
  return printJsonLine("engine", {
    sealTransfersPerSecDepth16: perSec(BATCH, sealing.seal.wallMs),
    sealCpuUsPerOpDepth16: (sealing.seal.cpuMs * 1000) / BATCH,
    applyUnsignedPerSec: perSec(BATCH, sealing.apply.wallMs),
    applySignedPerSec: engineSigned,
    applySignedPooledPerSec: enginePooled,
    modelSignedPerSec: modelSigned,
    signedRatioVsModel: engineSigned / modelSigned,
    ...depositJson,
    million,
    eddsa: {
      nsPerOp: Object.fromEntries(eddsa.measurements.map((m) => [m.name, m.nsPerOp])),
      ratios: eddsa.ratios,
    },
  });
}

/**
 * The summary's figures, one per target: signed transfers (pool verifying), sealing at depth 16, creating
 * deposits, and the peak RSS with a million accounts (ENGINE_BENCH_ONLY=deposits gives the deposits alone).
 */
export function headline(r: Record<string, unknown>): Figure[] {
  return [
    { name: "signed, pool verifying", value: numberAt(r, "applySignedPooledPerSec"), unit: "tx/s" },
    { name: "seal at depth 16", value: numberAt(r, "sealTransfersPerSecDepth16"), unit: "tx/s" },
    { name: "creating deposits", value: numberAt(r, "createDepositsPerSec"), unit: "ops/s" },
    {
      name: `peak RSS, ${numberAt(r, "million.accounts").toLocaleString("en-US")} accounts`,
      value: numberAt(r, "million.peakRssMiB"),
      unit: "MiB",
    },
  ];
}

if (process.env.ENGINE_BENCH_ROLE === "million") {
  await millionChild();
  process.exit(0);
}
