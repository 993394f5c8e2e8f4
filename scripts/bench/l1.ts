/**
 * `npm run bench -- l1`: ghostd end to end through its RPC, in its own process (scripts/bench/l1/node.ts)
 * on a fresh data directory per run, loaded from this process over loopback WebSockets
 * (scripts/bench/l1/load.ts).
 *
 *   full load   pre-signed GCC transfers from many development accounts (each its own nonce sequence,
 *               signed with liboqs by two child processes before anything is timed), sent over one
 *               WebSocket per sender with a bounded window; transactions included per second, as seen
 *               in `newHeads`; send → inclusion latency; the node's block production time
 *               (ghostd_block_production_ms) and its RSS at the end
 *   half load   the same, paced at half the full-load rate: inclusion latency
 *   raw verify  the ML-DSA-65 verify pool on both cores (createMlDsaVerifyPool({ size: 2 })), batches of
 *               256: the design's limit, since every transaction's signature is verified on admission
 *   commitBatch verifyBatchProof on a real Groth16 proof of the test circuit (a batch of transfers)
 *
 * Every run starts a fresh node on the same genesis, so the same signed transactions serve each run: a
 * warm-up segment of each sender's nonces first (untimed), then the measured segment. Throughput is the
 * median of the full-load runs; latencies are the median over runs of each run's percentile.
 *
 * Environment: BENCH_L1_RUNS (full-load runs, default 3; half-load runs likewise), BENCH_L1_SENDERS
 * (senders = connections, default 48), BENCH_L1_PER_SENDER (measured transactions per sender, default
 * 650), BENCH_L1_SECONDS (the measured burst, default 12), BENCH_L1_WINDOW (calls in flight per
 * connection, default 32), BENCH_L1_BATCH (calls per message at full load, a
 * JSON-RPC batch, default 8; half load sends single calls), BENCH_L1_BLOCK_TIME (ghostd
 * --block-time, default 50), BENCH_L1_NODE=dist|tsx (how ghostd starts; default dist when current),
 * BENCH_L1_NODE_ARGS (node flags for ghostd, e.g. `--cpu-prof --cpu-prof-dir=DIR` or
 * `--max-semi-space-size=64`), BENCH_L1_ONLY=full (the full-load runs alone, for profiling).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createMlDsa,
  createMlDsaVerifyPool,
  type MlDsaVerifyItem,
  mlDsaKeygen,
} from "../../src/l1/crypto/index.js";
import { developmentGenesis } from "../../src/l1/genesis/index.js";
import {
  createGenesis,
  initProtocol,
  l2KeyFromSeed,
  signTx,
  type Transfer,
} from "../../src/protocol/index.js";
import {
  batchCircuit,
  buildBatchCircuit,
  buildBatchInput,
  calculateWitness,
  createLocalProverQueue,
  readVerificationKey,
  type VerificationKey,
  verifyBatchProof,
} from "../../src/prover/index.js";
import { type Figure, measure, median, numberAt, percentile, printJsonLine, printTable } from "./harness.js";
import { type LoadResult, type PreparedTx, runLoad } from "./l1/load.js";
import { nodeCommand, startNode } from "./l1/node.js";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = env("BENCH_L1_RUNS", 3);
const SENDERS = env("BENCH_L1_SENDERS", 48);
const PER_SENDER = env("BENCH_L1_PER_SENDER", 650);
const WARMUP_PER_SENDER = 60;
const SECONDS = env("BENCH_L1_SECONDS", 12);
const WINDOW = env("BENCH_L1_WINDOW", 32);
const BATCH = env("BENCH_L1_BATCH", 8);
const BLOCK_TIME = env("BENCH_L1_BLOCK_TIME", 50);
/** Under ghostd's default 100 calls/s per WebSocket connection. */
const FULL_RATE_PER_CONNECTION = 95;
const TARGET_TX_PER_SEC = 3_000;
const TARGET_P99_MS = 100;
const TARGET_RSS_MIB = 2_048;

const ROOT = join(import.meta.dirname, "..", "..");
const log = (line: string) => console.error(`l1 bench: ${line}`);

/** Signs every sender's transfers in two child processes (one per core); one array per sender. */
async function presign(url: string, scratch: string): Promise<PreparedTx[][]> {
  const perSender = WARMUP_PER_SENDER + PER_SENDER;
  const halves = [0, 1].map((h) => Array.from({ length: SENDERS }, (_, i) => i).filter((i) => i % 2 === h));
  const files = await Promise.all(
    halves.map(async (senders, h) => {
      const out = join(scratch, `signed-${h}.txt`);
      const job = JSON.stringify({ url, senders, accounts: SENDERS, perSender, out });
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(ROOT, "scripts/bench/l1/sign.ts"), job],
        {
          cwd: ROOT,
          stdio: ["ignore", "inherit", "inherit"],
        },
      );
      const code = await new Promise<number | null>((ok) => child.once("exit", ok));
      if (code !== 0) throw new Error(`signing child ${h} exited with ${code}`);
      return { senders, out };
    }),
  );
  const bySender: PreparedTx[][] = Array.from({ length: SENDERS }, () => []);
  for (const { senders, out } of files) {
    const lines = readFileSync(out, "utf8").split("\n");
    let k = 0;
    for (const i of senders) {
      for (let n = 0; n < perSender; n++, k++) {
        const line = lines[k]!;
        const space = line.indexOf(" ");
        bySender[i]!.push({ hash: line.slice(0, space), json: line.slice(space + 1) });
      }
    }
    rmSync(out);
  }
  return bySender;
}

interface RunResult {
  load: LoadResult;
  blockMs: number;
  txsPerBlock: number;
  peakMiB: number;
  rssMiB: number;
  /** Cores used during the measured segment by the node and by this process (the load generator). */
  nodeCores: number;
  benchCores: number;
}

/** One fresh node: the warm-up segment at full load, then the measured segment at `ratePerConnection`. */
async function runOnce(
  genesisFile: string,
  signed: readonly PreparedTx[][],
  ratePerConnection: number,
  batch: number,
): Promise<RunResult> {
  const node = await startNode({ genesisFile, blockTime: BLOCK_TIME });
  try {
    const common = { wsUrl: node.wsUrl, window: WINDOW, drainMs: 10_000 };
    const warm = await runLoad({
      ...common,
      perConnection: signed.map((txs) => txs.slice(0, WARMUP_PER_SENDER)),
      ratePerConnection: FULL_RATE_PER_CONNECTION,
      batch: BATCH,
      durationMs: 30_000,
    });
    if (warm.included !== warm.sent) throw new Error(`warm-up: ${warm.sent - warm.included} not included`);
    const before = await node.blockProduction();
    const nodeCpu = node.cpuSeconds();
    const benchCpu = process.cpuUsage();
    const load = await runLoad({
      ...common,
      perConnection: signed.map((txs) => txs.slice(WARMUP_PER_SENDER)),
      ratePerConnection,
      batch,
      durationMs: SECONDS * 1000,
    });
    const memory = node.memory();
    const nodeCores = (node.cpuSeconds() - nodeCpu) / load.seconds;
    const used = process.cpuUsage(benchCpu);
    const benchCores = (used.user + used.system) / 1e6 / load.seconds;
    const after = await node.blockProduction();
    if (load.refused.size > 0) log(`refused: ${JSON.stringify([...load.refused])}`);
    if (load.included < load.sent) log(`${load.sent - load.included} of ${load.sent} not included`);
    return {
      load,
      blockMs: (after.sumMs - before.sumMs) / (after.count - before.count),
      txsPerBlock: load.included / Math.max(1, after.count - before.count),
      peakMiB: memory?.peakMiB ?? Number.NaN,
      rssMiB: memory?.rssMiB ?? Number.NaN,
      nodeCores,
      benchCores,
    };
  } finally {
    await node.stop();
  }
}

/** The pool's verify rate on both cores, batches of 256 valid signatures (as `npm run bench -- mldsa`). */
async function rawVerifyRate(): Promise<number> {
  const { publicKey, secretKey } = mlDsaKeygen(new Uint8Array(32).fill(7));
  const message = new Uint8Array(256).map((_, i) => (i * 131 + 7) & 0xff);
  const mlDsa = await createMlDsa();
  const signature = mlDsa.sign(secretKey, message);
  mlDsa.destroy();
  const items: MlDsaVerifyItem[] = Array.from({ length: 256 }, () => ({ publicKey, message, signature }));
  const pool = await createMlDsaVerifyPool({ size: 2 });
  try {
    if (!(await pool.verifyBatch(items)).every(Boolean))
      throw new Error("the pool rejected a valid signature");
    const m = await measure("pool verify", () => pool.verifyBatch(items), {
      opsPerCall: items.length,
      runs: 5,
      minRoundMs: 400,
      warmupRounds: 1,
    });
    return m.opsPerSec;
  } finally {
    await pool.close();
  }
}

/** verifyBatchProof on a real proof of the test circuit: a batch of transfers, proven once, verified 7 times. */
async function commitBatchVerifyMs(vkey: VerificationKey): Promise<number> {
  const circuit = batchCircuit("test");
  const built = await buildBatchCircuit("test");
  const config = { chainId: 7, depth: circuit.depth, batchSize: circuit.nSlots };
  const keys = Array.from({ length: circuit.nSlots + 1 }, (_, i) => l2KeyFromSeed(`bench-l1-${i}`));
  const preState = createGenesis(
    config,
    keys.map((k, i) => ({
      ...k.publicKey,
      l1Address: 0xb000n + BigInt(i),
      nonce: 0,
      balances: [10n ** 24n, 0n, 0n, 0n],
    })),
  );
  const txs: Transfer[] = keys.slice(0, circuit.nSlots).map((k, i) =>
    signTx(config.chainId, k.privateKey, {
      type: "transfer",
      from: i,
      to: i + 1,
      token: 0,
      amount: 10n ** 18n,
      fee: 10n ** 15n,
      nonce: 0,
    }),
  );
  const input = await buildBatchInput(circuit, {
    preState,
    priorityOps: [],
    txs,
    batchNumber: 1,
    feeAccount: 0,
  });
  const prover = createLocalProverQueue();
  const proof = await prover.prove({
    zkey: built.zkey,
    wtns: await calculateWitness(built.wasm, input.input),
  });
  await prover.close();
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    if (!(await verifyBatchProof(vkey, proof, input.publicInputHash)))
      throw new Error("the proof does not verify");
    if (i > 0) times.push(performance.now() - t); // the first call loads the curve
  }
  return median(times);
}

export async function run(): Promise<Record<string, unknown>> {
  await initProtocol();
  const built = await buildBatchCircuit("test", { log });
  const vkey = readVerificationKey(built.vkey);
  const scratch = mkdtempSync(join(tmpdir(), "ghostd-bench-l1-"));
  const genesisFile = join(scratch, "genesis.json");
  // Many funded L1 senders; the L2 genesis keeps only its first accounts (the test circuit has 16 leaves).
  const genesis = developmentGenesis({ verificationKey: vkey, circuit: "test", accounts: SENDERS });
  const rollup = genesis.rollup as { accounts: unknown[] };
  rollup.accounts = rollup.accounts.slice(0, 4);
  writeFileSync(genesisFile, JSON.stringify(genesis));
  log(
    `ghostd: ${nodeCommand().label}; ${SENDERS} senders × ${WARMUP_PER_SENDER + PER_SENDER} transfers to sign`,
  );

  const signStart = performance.now();
  const signingNode = await startNode({ genesisFile, blockTime: BLOCK_TIME });
  let signed: PreparedTx[][];
  try {
    signed = await presign(signingNode.url, scratch);
  } finally {
    await signingNode.stop();
  }
  log(`signed in ${((performance.now() - signStart) / 1000).toFixed(1)} s`);

  const fullOnly = process.env.BENCH_L1_ONLY === "full";
  const rawVerifyPerSec = fullOnly ? Number.NaN : await rawVerifyRate();
  log(`raw verify: ${Math.round(rawVerifyPerSec)}/s`);
  const commitMs = fullOnly ? Number.NaN : await commitBatchVerifyMs(vkey);
  log(`commitBatch verify: ${commitMs.toFixed(1)} ms`);

  const full: RunResult[] = [];
  for (let r = 0; r < RUNS; r++) {
    const result = await runOnce(genesisFile, signed, FULL_RATE_PER_CONNECTION, BATCH);
    full.push(result);
    log(
      `full load ${r + 1}/${RUNS}: ${Math.round(result.load.txPerSec)} tx/s over ${result.load.seconds.toFixed(1)} s, ` +
        `p99 ${percentile(result.load.latencies, 99).toFixed(0)} ms, ${result.txsPerBlock.toFixed(0)} tx/block, ` +
        `block ${result.blockMs.toFixed(1)} ms, cores: node ${result.nodeCores.toFixed(2)}, bench ${result.benchCores.toFixed(2)}`,
    );
  }
  const l1TxPerSec = median(full.map((r) => r.load.txPerSec));
  const halfRatePerConnection = l1TxPerSec / 2 / SENDERS;
  const half: RunResult[] = [];
  for (let r = 0; r < (fullOnly ? 0 : RUNS); r++) {
    const result = await runOnce(genesisFile, signed, halfRatePerConnection, 1);
    half.push(result);
    log(
      `half load ${r + 1}/${RUNS}: ${Math.round(result.load.txPerSec)} tx/s, ` +
        `p50 ${percentile(result.load.latencies, 50).toFixed(0)} ms, p99 ${percentile(result.load.latencies, 99).toFixed(0)} ms`,
    );
  }
  rmSync(scratch, { recursive: true, force: true });

  const p = (runs: RunResult[], q: number) => median(runs.map((r) => percentile(r.load.latencies, q)));
  const figures = {
    l1TxPerSec,
    p50InclusionMsFullLoad: p(full, 50),
    p99InclusionMsFullLoad: p(full, 99),
    p50InclusionMsHalfLoad: p(half, 50),
    p99InclusionMsHalfLoad: p(half, 99),
    halfLoadTxPerSec: median(half.map((r) => r.load.txPerSec)),
    rawVerifyPerSec,
    ratioToRawVerify: l1TxPerSec / rawVerifyPerSec,
    blockProductionMs: median(full.map((r) => r.blockMs)),
    txsPerBlock: median(full.map((r) => r.txsPerBlock)),
    commitBatchVerifyMs: commitMs,
    rssMiB: Math.max(...full.map((r) => r.peakMiB)),
    rssEndMiB: median(full.map((r) => r.rssMiB)),
    nodeCores: median(full.map((r) => r.nodeCores)),
    benchCores: median(full.map((r) => r.benchCores)),
    loadAverage: loadavg()[1]!,
  };
  const ok = (pass: boolean) => (pass ? "yes" : "no");
  printTable(
    `ghostd L1 end to end (${SENDERS} senders/connections, window ${WINDOW}, block time ${BLOCK_TIME} ms; median of ${RUNS} runs; load average ${figures.loadAverage.toFixed(1)})`,
    [
      {
        figure: "L1 tx/s included (full load)",
        value: Math.round(figures.l1TxPerSec),
        target: `≥ ${TARGET_TX_PER_SEC}`,
        met: ok(figures.l1TxPerSec >= TARGET_TX_PER_SEC),
      },
      {
        figure: "inclusion p50 / p99, half load (ms)",
        value: `${figures.p50InclusionMsHalfLoad.toFixed(0)} / ${figures.p99InclusionMsHalfLoad.toFixed(0)}`,
        target: `p99 < ${TARGET_P99_MS}`,
        met: ok(figures.p99InclusionMsHalfLoad < TARGET_P99_MS),
      },
      {
        figure: "inclusion p50 / p99, full load (ms)",
        value: `${figures.p50InclusionMsFullLoad.toFixed(0)} / ${figures.p99InclusionMsFullLoad.toFixed(0)}`,
        target: "",
        met: "",
      },
      {
        figure: "block production (ms, mean)",
        value: figures.blockProductionMs.toFixed(1),
        target: "",
        met: "",
      },
      { figure: "txs per block (full load)", value: Math.round(figures.txsPerBlock), target: "", met: "" },
      {
        figure: "commitBatch verifyBatchProof (ms)",
        value: figures.commitBatchVerifyMs.toFixed(1),
        target: "",
        met: "",
      },
      {
        figure: "raw ML-DSA-65 verify, pool of 2 (/s)",
        value: Math.round(figures.rawVerifyPerSec),
        target: "",
        met: "",
      },
      { figure: "L1 tx/s ÷ raw verify/s", value: figures.ratioToRawVerify.toFixed(2), target: "", met: "" },
      {
        figure: "node RSS peak (MiB)",
        value: Math.round(figures.rssMiB),
        target: `< ${TARGET_RSS_MIB}`,
        met: ok(figures.rssMiB < TARGET_RSS_MIB),
      },
      {
        figure: "cores used: node / load generator",
        value: `${figures.nodeCores.toFixed(2)} / ${figures.benchCores.toFixed(2)}`,
        target: "",
        met: "",
      },
    ],
  );
  return printJsonLine("l1", {
    ...figures,
    senders: SENDERS,
    window: WINDOW,
    batch: BATCH,
    blockTimeMs: BLOCK_TIME,
    runs: RUNS,
    ghostd: nodeCommand().label,
  });
}

/** The summary's figures: included tx/s, inclusion p99 at half load, the share of the verify limit, RSS. */
export function headline(r: Record<string, unknown>): Figure[] {
  return [
    { name: "included", value: numberAt(r, "l1TxPerSec"), unit: "tx/s" },
    { name: "inclusion p99, half load", value: numberAt(r, "p99InclusionMsHalfLoad"), unit: "ms" },
    { name: "vs raw verify", value: numberAt(r, "ratioToRawVerify"), unit: "×" },
    { name: "node RSS peak", value: numberAt(r, "rssMiB"), unit: "MiB" },
  ];
}
