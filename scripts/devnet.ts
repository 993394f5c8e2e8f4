/**
 * `npm run devnet`: a local GhostChain in one command. Builds what is missing (the WASM core, dist/, the
 * batch circuit and its development keys; cached by content), starts ghostd and GhostPlane (which runs
 * the prover) with embedded defaults, prints the endpoints and the funded development accounts with their
 * publicly known keys, and stops everything cleanly on Ctrl-C. `--json` prints the same as one JSON line
 * on stdout (progress and notes go to stderr). docs/cli.md has the tour.
 */
import { Command, Option } from "commander";
import { nonNegativeInt } from "../src/cli/options.js";
import { BATCH_CIRCUITS, type BatchCircuitName } from "../src/prover/index.js";
import { prepareDevnet } from "./devnet/prepare.js";
import { type Devnet, startDevnet } from "./devnet/startDevnet.js";

const program = new Command("devnet")
  .description("a local GhostChain: ghostd, the GhostPlane sequencer and its prover, funded dev accounts")
  .addOption(
    new Option("--circuit <name>", "batch circuit: test (2 txs, depth 4) or devnet (4 txs, depth 16)")
      .choices(Object.keys(BATCH_CIRCUITS))
      .default("devnet"),
  )
  .addOption(
    new Option("--accounts <n>", "funded development accounts")
      .default(10)
      .argParser(nonNegativeInt("--accounts")),
  )
  .addOption(
    new Option("--data-dir <dir>", "keep the chains here (default: a fresh directory, removed on exit)"),
  )
  .addOption(
    new Option("--l1-port <port>", "ghostd's port (0: any free)")
      .default(8545)
      .argParser(nonNegativeInt("--l1-port")),
  )
  .addOption(
    new Option("--l2-port <port>", "GhostPlane's port (0: any free)")
      .default(9090)
      .argParser(nonNegativeInt("--l2-port")),
  )
  .addOption(
    new Option("--block-mode <mode>", "L1 block production")
      .choices(["auto", "interval", "manual"])
      .default("auto"),
  )
  .addOption(
    new Option("--block-time <ms>", "ms between L1 blocks (auto: the floor; interval: the period)")
      .default(50)
      .argParser(nonNegativeInt("--block-time")),
  )
  .addOption(
    new Option("--batch-timeout <ms>", "ms a non-empty L2 batch stays open")
      .default(1000)
      .argParser(nonNegativeInt("--batch-timeout")),
  )
  .addOption(
    new Option("--log-level <level>", "the nodes' log level (their logs go to <data-dir>/logs)").default(
      "info",
    ),
  )
  .addOption(new Option("--json", "print the endpoints and accounts as one JSON line on stdout"));

program.parse();
const o = program.opts<{
  circuit: BatchCircuitName;
  accounts: number;
  dataDir?: string;
  l1Port: number;
  l2Port: number;
  blockMode: "auto" | "interval" | "manual";
  blockTime: number;
  batchTimeout: number;
  logLevel: string;
  json?: boolean;
}>();

const t0 = performance.now();
const note = (line: string) => process.stderr.write(`${line}\n`);

function banner(d: Devnet, seconds: number): string {
  const c = BATCH_CIRCUITS[d.circuit];
  const rows = d.accounts.map(
    (a) => `  ${a.name.padEnd(11)} ${a.l1Address}  L2 #${String(a.l2Account).padEnd(4)} --from dev:${a.name}`,
  );
  const keys = d.accounts.map(
    (a) => `  ${a.name.padEnd(11)} L1 seed ${a.l1Seed}\n${" ".repeat(14)}L2 key  ${a.l2PrivateKey}`,
  );
  return [
    "",
    `GhostChain devnet: circuit ${d.circuit} (${c.nSlots} txs per batch, L2 tree depth ${c.depth}), ready in ${seconds.toFixed(1)} s`,
    "",
    `  ghostd (L1)       ${d.l1Url}   ${d.l1WsUrl}   pid ${d.ghostd.pid}`,
    `  ghostplane (L2)   ${d.l2Url}   ${d.l2WsUrl}   pid ${d.ghostplane.pid} (proves its batches, settles them on ghostd)`,
    `  data              ${d.dataDir}${d.persistent ? "" : "   (removed on exit)"}`,
    `  logs              ${d.logDir}`,
    "",
    "Accounts: 1,000,000 GCC, SPIRIT, MANA and GHOST each on L1, and an L2 account with 1,000 of each",
    ...rows,
    "",
    "Their keys (the ML-DSA-65 seed of the L1 key, the Baby Jubjub key of the L2 account):",
    ...keys,
    "",
    "WARNING: these keys are publicly known. Never use them, or this chain's trusted setup, on a real network.",
    "",
    "Try:",
    `  node dist/cli/ghost.js status --l1 ${d.l1Url} --l2 ${d.l2Url}`,
    `  node dist/cli/ghost.js l2 transfer --from dev:account-0 --to ${d.accounts[1]?.l2Account ?? 2} --token GCC --amount 5 --watch`,
    "",
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}

let devnet: Devnet | undefined;
try {
  await prepareDevnet(o.circuit);
  devnet = await startDevnet({
    circuit: o.circuit,
    accounts: o.accounts,
    ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
    l1Port: o.l1Port,
    l2Port: o.l2Port,
    blockMode: o.blockMode,
    blockTime: o.blockTime,
    batchTimeoutMs: o.batchTimeout,
    logLevel: o.logLevel,
  });
} catch (e) {
  note(`devnet failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const seconds = (performance.now() - t0) / 1000;
if (o.json) {
  const { ghostd, ghostplane, ghostdEnded: _g, ghostplaneEnded: _p, stop: _s, ...info } = devnet;
  const pids = { ghostd: ghostd.pid, ghostplane: ghostplane.pid };
  process.stdout.write(`${JSON.stringify({ ...info, pids, readySeconds: Number(seconds.toFixed(2)) })}\n`);
} else process.stdout.write(banner(devnet, seconds));

// npm relays the terminal's Ctrl-C that this process also received: a repeat within a second is the same.
let firstSignal: number | undefined;
const shutdown = (reason: string, code: number) => {
  if (firstSignal !== undefined) {
    if (performance.now() - firstSignal < 1000) return;
    devnet?.ghostd.child.kill("SIGKILL");
    devnet?.ghostplane.child.kill("SIGKILL");
    process.exit(1);
  }
  firstSignal = performance.now();
  note(`${reason}: stopping the sequencer, then ghostd (again to force)`);
  devnet!.stop().then(
    () => {
      note("devnet stopped");
      process.exit(code);
    },
    (e) => {
      note(`stopping failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => shutdown("SIGINT", 0));
process.on("SIGTERM", () => shutdown("SIGTERM", 0));
void devnet.ghostdEnded.then((why) => shutdown(why, 1));
// Without its sequencer the L1 goes on: that is how a user tries a forced exit's deadline and the exodus.
void devnet.ghostplaneEnded.then((why) => note(`${why}: ghostd keeps running alone (Ctrl-C stops it)`));
