/**
 * `npm run loadtest`: how many txs a second GhostPlane takes, and what happens to them after. By default
 * on a throw-away devnet (built if missing, free ports, a temporary directory removed at the end), or on a
 * running sequencer with `--url`. Development accounts send pre-signed txs (a mix of transfers,
 * withdrawals and atomic user batches) over several WebSockets for a bounded burst, sized within the
 * sequencer's backlog caps; then the run waits for the batches to be proven and settled on L1. It reports
 * soft-confirmed and settled tx/s, HDR latency percentiles per stage (soft confirmation, sealing, proving,
 * settlement, end to end), proving time per batch, constraints and L1 bytes per tx and the backlog left,
 * as a table and one JSON line, and checks its invariants (the exit code is 1 if one fails).
 * docs/loadtest.md has every option and field.
 */
import { loadavg } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { integerAtLeast } from "../src/cli/options.js";
import { createGhostdClient, createGhostplaneClient } from "../src/client/index.js";
import { initProtocol } from "../src/protocol/index.js";
import { BATCH_CIRCUITS, type BatchCircuitName } from "../src/prover/index.js";
import { gitCommit, machine } from "./bench/harness.js";
import { answerLag } from "./loadtest/answerLag.js";
import { backlogRoom } from "./loadtest/backlogRoom.js";
import { circuitConstraints } from "./loadtest/circuitConstraints.js";
import { progressMode } from "./loadtest/createProgress.js";
import { devAccountNonces } from "./loadtest/devAccountNonces.js";
import { openTarget, type Target } from "./loadtest/openTarget.js";
import { parseMix, type TxMix } from "./loadtest/parseMix.js";
import { printReport } from "./loadtest/printReport.js";
import { compareWithL1, readBatches } from "./loadtest/readBatches.js";
import { runBurst } from "./loadtest/runBurst.js";
import { batchRange, runFigures } from "./loadtest/runFigures.js";
import { settleWait } from "./loadtest/settleWait.js";
import { signedCalls } from "./loadtest/signedCalls.js";

/**
 * A burst at full load is signed for this rate over its duration: the bench's full-load rate on two
 * cores with proving paused (docs/benchmarks.md). A faster sequencer sends every tx before the duration
 * ends, and the run says so. Signing costs ≈ 25 ms a tx per core, once: the signed txs are cached.
 */
const MAX_RATE_SIGNED = 6_000;
const DEFAULT_DURATION_S = 10;
/** Txs per `l2_sendTransactions` call at most (src/l2/api: MAX_USER_BATCH). */
const MAX_USER_BATCH = 256;

const seconds = (name: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`${name} expects seconds ≥ 0`);
  return n;
};

const program = new Command("loadtest")
  .description("load-test GhostPlane: soft-confirmed and settled tx/s, latency per stage, costs per tx")
  .addOption(new Option("--url <ws-url>", "a running sequencer (default: a throw-away devnet)"))
  .addOption(new Option("--l1-url <url>", "with --url: its ghostd, to check the settled batches on L1"))
  .addOption(
    new Option(
      "--circuit <name>",
      "the throw-away devnet's batch circuit: test (2 txs, depth 4) or devnet (4, 16)",
    )
      .choices(Object.keys(BATCH_CIRCUITS))
      .default("devnet"),
  )
  .addOption(
    new Option("--accounts <n>", "development accounts sending (even: they pay each other in pairs)")
      .default(64)
      .argParser(integerAtLeast("--accounts", 2)),
  )
  .addOption(
    new Option("--connections <n>", "WebSocket connections")
      .default(8)
      .argParser(integerAtLeast("--connections", 1)),
  )
  .addOption(
    new Option("--rate <tx/s|max>", "offered load in txs per second, or max (as fast as answers come)")
      .default(Number.POSITIVE_INFINITY, "max")
      .argParser((v) => {
        if (v === "max") return Number.POSITIVE_INFINITY;
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("--rate expects tx/s > 0 or max");
        return n;
      }),
  )
  .addOption(
    new Option(
      "--duration <s>",
      `the burst's length (default ${DEFAULT_DURATION_S} s without --txs)`,
    ).argParser(seconds("--duration")),
  )
  .addOption(new Option("--txs <n>", "txs to send at most").argParser(integerAtLeast("--txs", 1)))
  .addOption(
    new Option("--mix <spec>", "shares of single transfers, withdrawals and transfers in atomic user batches")
      .default(parseMix("transfer=90,withdraw=5,batch=5"), "transfer=90,withdraw=5,batch=5")
      .argParser(parseMix),
  )
  .addOption(
    new Option("--user-batch <n>", "txs per user batch (l2_sendTransactions)")
      .default(4)
      .argParser(integerAtLeast("--user-batch", 2)),
  )
  .addOption(
    new Option("--settle-wait <s>", "after the burst, how long to wait for its batches to settle (0: skip)")
      .default(60)
      .argParser(seconds("--settle-wait")),
  )
  .addOption(
    new Option(
      "--max-unsealed <txs>",
      "the sequencer's --max-unsealed: given to a throw-away devnet, assumed of --url",
    )
      .default(100_000)
      .argParser(integerAtLeast("--max-unsealed", 1)),
  )
  .addOption(new Option("--json-only", "print only the JSON line on stdout (no table, no progress)"));

program.parse();
const o = program.opts<{
  url?: string;
  l1Url?: string;
  circuit: BatchCircuitName;
  accounts: number;
  connections: number;
  rate: number;
  duration?: number;
  txs?: number;
  mix: TxMix;
  userBatch: number;
  settleWait: number;
  maxUnsealed: number;
  jsonOnly?: boolean;
}>();
if (o.accounts % 2 !== 0) program.error("--accounts must be even: the accounts pay each other in pairs");
if (o.userBatch > MAX_USER_BATCH) program.error(`--user-batch must be at most ${MAX_USER_BATCH}`);
if (o.l1Url !== undefined && o.url === undefined) program.error("--l1-url goes with --url");

const note = (line: string) => process.stderr.write(`loadtest: ${line}\n`);
const progress = progressMode(o.jsonOnly === true);
const durationS = o.duration ?? (o.txs === undefined ? DEFAULT_DURATION_S : undefined);
const rateLabel = Number.isFinite(o.rate) ? `${o.rate} tx/s` : "max";

let target: Target | undefined;
// npm relays the terminal's Ctrl-C that this process also received: a repeat within a second is the same.
let interrupted: number | undefined;
process.on("SIGINT", () => {
  if (interrupted !== undefined) {
    if (performance.now() - interrupted < 1000) return;
    target?.kill();
    process.exit(130);
  }
  interrupted = performance.now();
  note("interrupted: stopping (again to force)");
  void (target?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

async function main(): Promise<{ record: Record<string, unknown>; ok: boolean; report: () => void }> {
  target = await openTarget({
    url: o.url,
    l1Url: o.l1Url,
    circuit: o.circuit,
    accounts: o.accounts,
    maxUnsealedTxs: o.maxUnsealed,
    log: o.jsonOnly ? () => {} : note,
  });
  void target.ended.then((why) => note(why));
  const client = createGhostplaneClient(target.l2Url, { reconnect: false, timeoutMs: 60_000 });
  const l1 = target.l1Url === undefined ? undefined : createGhostdClient(target.l1Url, { timeoutMs: 60_000 });
  try {
    const info = await client.l2_chainInfo({});
    if (!info.backlog.acceptingL2) {
      throw new Error(
        `the sequencer refuses L2 txs now, its backlog over a cap: ${JSON.stringify(info.backlog)}`,
      );
    }
    // Sized within the backlog caps, so the sequencer's backpressure does not cut the burst.
    const room = backlogRoom(info, o.maxUnsealed);
    const wanted = o.txs ?? Math.ceil((Number.isFinite(o.rate) ? o.rate : MAX_RATE_SIGNED) * durationS!);
    const txs = Math.min(wanted, room.txs);
    const cuts: string[] = [];
    if (txs < wanted) {
      cuts.push(
        `cut to ${txs.toLocaleString("en-US")} txs of ${wanted.toLocaleString("en-US")} by ${room.limit}`,
      );
      note(cuts[0]!);
    }
    if (txs === 0) throw new Error(`no room for a single tx: ${room.limit}`);

    await initProtocol();
    const connections = Math.min(o.connections, o.accounts);
    const calls = await signedCalls({
      chainId: info.chainId,
      mix: o.mix,
      startNonces: await devAccountNonces(client, o.accounts),
      txs,
      userBatch: o.userBatch,
      connections,
      log: note,
    });
    const burst = await runBurst({
      wsUrl: target.l2Url,
      perConnection: calls.perConnection,
      rate: o.rate,
      durationMs: durationS === undefined ? Number.POSITIVE_INFINITY : durationS * 1000,
      planned: txs,
      progress,
    });
    const { load } = burst;
    if (durationS !== undefined && load.sent === txs && load.sendSeconds < durationS - 1) {
      cuts.push(
        `the burst ended after ${load.sendSeconds.toFixed(1)} s of ${durationS} s, every tx sent ` +
          (txs < wanted
            ? "(the backlog cap)"
            : `(signed for ${MAX_RATE_SIGNED.toLocaleString("en-US")} tx/s)`),
      );
      note(cuts.at(-1)!);
    }

    const range = batchRange(burst.accepted);
    const settled = await settleWait(client, { batches: range, seconds: o.settleWait, progress });
    const { heads, backlog } = settled.info;
    const sealedBatches = [...new Set(burst.accepted.map((tx) => tx.batchNumber))]
      .filter((k) => k <= heads.sealed)
      .sort((a, b) => a - b);
    const batches = await readBatches(client, sealedBatches);
    const lag = await answerLag(client, burst.accepted);
    const l1Problems =
      l1 === undefined
        ? undefined
        : await compareWithL1(
            l1,
            [...batches.values()].filter((b) => b.batchNumber <= heads.settled),
          );
    const figures = runFigures({
      burst,
      batches,
      answerLag: lag,
      l1Problems,
      heads,
      backlog,
      settleEndedAt: settled.endedAt,
      batchSize: info.batchSize,
      depth: info.depth,
      constraints: await circuitConstraints(info.circuit),
      planned: calls.planned,
    });
    const m = machine();
    const loadAverage = loadavg()[1]!;
    const title =
      `GhostPlane load test on ${target.label}, circuit ${info.circuit} (${info.batchSize} txs a batch, depth ${info.depth}); ` +
      `${o.accounts} accounts on ${connections} connections, rate ${rateLabel}, ` +
      `${durationS === undefined ? `${txs} txs` : `${durationS} s burst (≤ ${txs.toLocaleString("en-US")} txs)`}, ` +
      `mix ${o.mix.spec} (user batches of ${o.userBatch}), settle wait ${o.settleWait} s; ` +
      `${m.cores} cores (${m.cpu}), load average ${loadAverage.toFixed(1)}`;
    const record = {
      loadtest: "ghostplane",
      ...figures,
      planned: { ...calls.planned, userBatches: calls.userBatches },
      cut: cuts.length === 0 ? null : cuts.join("; "),
      target: o.url ?? "throw-away devnet",
      circuit: info.circuit,
      batchSize: info.batchSize,
      depth: info.depth,
      loadAverage,
      machine: m,
      commit: gitCommit(),
      options: {
        url: o.url ?? null,
        l1Url: o.l1Url ?? null,
        circuit: o.url === undefined ? o.circuit : info.circuit,
        accounts: o.accounts,
        connections,
        rate: rateLabel,
        duration: durationS ?? null,
        txs: o.txs ?? null,
        mix: o.mix.spec,
        userBatch: o.userBatch,
        settleWait: o.settleWait,
        maxUnsealed: o.maxUnsealed,
      },
    };
    const ok = Object.values(figures.invariants).every(Boolean);
    return { record, ok, report: () => printReport(title, figures) };
  } finally {
    await client.close();
    await l1?.close();
  }
}

let outcome: Awaited<ReturnType<typeof main>> | undefined;
try {
  outcome = await main();
} catch (e) {
  // After a Ctrl-C the devnet is going away under the run: what fails then is no news.
  if (interrupted === undefined) note(`failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await target?.stop();
}
if (outcome === undefined) process.exit(1);
if (!o.jsonOnly) outcome.report();
console.log(JSON.stringify(outcome.record));
process.exit(outcome.ok ? 0 : 1);
