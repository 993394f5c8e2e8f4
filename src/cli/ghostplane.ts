#!/usr/bin/env node
/**
 * `ghostplane`: the GhostChain L2 sequencer. Flags and environment variables (GHOSTPLANE_*) with defaults
 * that need nothing else beside a local ghostd: ghostd at ws://127.0.0.1:8545/, a data directory under
 * ./.ghostplane, 127.0.0.1:9090, the development sequencer key, genesis' circuit, proving on this machine
 * (or on `ghost prover` workers through Redis with --prover-queue).
 * SIGINT/SIGTERM close cleanly; a second signal forces exit.
 */
import { Command, Option } from "commander";
import { pino } from "pino";
import { readKeyFile } from "../l1/keys/index.js";
import { createGhostplane, rebuildFromL1 } from "../l2/node/index.js";
import { isGhostError } from "../protocol/index.js";
import { BATCH_CIRCUITS, type BatchCircuitName } from "../prover/index.js";
import { integerAtLeast, nonNegativeInt } from "./options.js";

const program = new Command("ghostplane")
  .description("GhostChain L2 sequencer: soft confirmation in WASM, Groth16 batches settled on ghostd")
  .addOption(new Option("--l1 <url>", "ghostd's URL").env("GHOSTPLANE_L1").default("ws://127.0.0.1:8545/"))
  .addOption(
    new Option("--l1-start-timeout <ms>", "on a first start, how long to wait for ghostd to answer")
      .env("GHOSTPLANE_L1_START_TIMEOUT")
      .default(60_000)
      .argParser(nonNegativeInt("--l1-start-timeout")),
  )
  .addOption(
    new Option("--data-dir <dir>", "data directory").env("GHOSTPLANE_DATA_DIR").default(".ghostplane"),
  )
  .addOption(new Option("--host <host>", "listen address").env("GHOSTPLANE_HOST").default("127.0.0.1"))
  .addOption(
    new Option("--port <port>", "JSON-RPC port (HTTP and WebSocket)")
      .env("GHOSTPLANE_PORT")
      .default(9090)
      .argParser(nonNegativeInt("--port")),
  )
  .addOption(
    new Option("--batch-timeout <ms>", "ms a non-empty batch stays open before it is closed")
      .env("GHOSTPLANE_BATCH_TIMEOUT")
      .default(1000)
      .argParser(nonNegativeInt("--batch-timeout")),
  )
  .addOption(
    new Option("--circuit <name>", "batch circuit (must be genesis')")
      .choices(Object.keys(BATCH_CIRCUITS))
      .env("GHOSTPLANE_CIRCUIT"),
  )
  .addOption(
    new Option("--sequencer-key <file>", "the sequencer's L1 key file (default: the development key)").env(
      "GHOSTPLANE_SEQUENCER_KEY",
    ),
  )
  .addOption(
    new Option(
      "--prover <kind>",
      "prove here with wasm (ours) or snarkjs (the reference); none: pause proving",
    )
      .choices(["wasm", "snarkjs", "none"])
      .env("GHOSTPLANE_PROVER")
      .default("wasm"),
  )
  .addOption(
    new Option(
      "--prover-queue <url>",
      "prove on `ghost prover` workers through BullMQ on this Redis (redis://host:port[/db]) instead of here",
    ).env("GHOSTPLANE_PROVER_QUEUE"),
  )
  .addOption(
    new Option("--prover-queue-name <name>", "the BullMQ queue's name (one per chain)")
      .env("GHOSTPLANE_PROVER_QUEUE_NAME")
      .default("ghost-proofs"),
  )
  .addOption(
    new Option("--prover-job-timeout <ms>", "a proof running longer gets a second attempt on another worker")
      .env("GHOSTPLANE_PROVER_JOB_TIMEOUT")
      .default(600_000)
      .argParser(integerAtLeast("--prover-job-timeout", 1)),
  )
  .addOption(
    new Option("--prover-window <batches>", "batches handed to the workers at once")
      .env("GHOSTPLANE_PROVER_WINDOW")
      .default(64)
      .argParser(integerAtLeast("--prover-window", 1)),
  )
  .addOption(
    new Option(
      "--artifacts-url <url>",
      "the URL workers download the circuit's artifacts from (default: this node's HTTP URL)",
    ).env("GHOSTPLANE_ARTIFACTS_URL"),
  )
  .addOption(
    new Option(
      "--max-proving-backlog <ms>",
      "refuse L2 txs beyond this estimated proving time of the backlog",
    )
      .env("GHOSTPLANE_MAX_PROVING_BACKLOG")
      .default(300_000)
      .argParser(nonNegativeInt("--max-proving-backlog")),
  )
  .addOption(
    new Option("--max-unsealed <txs>", "refuse L2 txs while this many soft-confirmed txs wait to be sealed")
      .env("GHOSTPLANE_MAX_UNSEALED")
      .default(100_000)
      .argParser(nonNegativeInt("--max-unsealed")),
  )
  .addOption(
    new Option("--rpc-rate <n>", "JSON-RPC requests per second per connection (HTTP: per address)")
      .env("GHOSTPLANE_RPC_RATE")
      .default(10_000)
      .argParser(nonNegativeInt("--rpc-rate")),
  )
  .addOption(
    new Option("--rebuild-from-l1", "rebuild the L2 state from ghostd's posted data alone, then run").env(
      "GHOSTPLANE_REBUILD_FROM_L1",
    ),
  )
  .addOption(new Option("--log-level <level>", "pino log level").env("LOG_LEVEL").default("info"));

program.parse();
const o = program.opts<{
  l1: string;
  l1StartTimeout: number;
  dataDir: string;
  host: string;
  port: number;
  batchTimeout: number;
  circuit?: BatchCircuitName;
  sequencerKey?: string;
  prover: "wasm" | "snarkjs" | "none";
  proverQueue?: string;
  proverQueueName: string;
  proverJobTimeout: number;
  proverWindow: number;
  artifactsUrl?: string;
  maxProvingBacklog: number;
  maxUnsealed: number;
  rpcRate: number;
  rebuildFromL1?: boolean;
  logLevel: string;
}>();
const logger = pino({ name: "ghostplane", level: o.logLevel });

try {
  const sequencerKey = o.sequencerKey === undefined ? undefined : await readKeyFile(o.sequencerKey);
  if (o.rebuildFromL1) {
    const r = await rebuildFromL1({ l1Url: o.l1, dataDir: o.dataDir, logger });
    logger.info(r, "rebuilt from L1");
  }
  const node = await createGhostplane({
    l1Url: o.l1,
    l1StartTimeoutMs: o.l1StartTimeout,
    dataDir: o.dataDir,
    host: o.host,
    port: o.port,
    prover: o.prover,
    maxProvingBacklogMs: o.maxProvingBacklog,
    maxUnsealedTxs: o.maxUnsealed,
    sequencing: { batchTimeoutMs: o.batchTimeout },
    limits: { requestsPerSecond: o.rpcRate, requestBurst: 2 * o.rpcRate },
    logger,
    ...(o.circuit === undefined ? {} : { circuit: o.circuit }),
    ...(sequencerKey === undefined ? {} : { sequencerKey }),
    ...(o.proverQueue === undefined
      ? {}
      : {
          proverQueue: {
            url: o.proverQueue,
            queueName: o.proverQueueName,
            jobTimeoutMs: o.proverJobTimeout,
            window: o.proverWindow,
            ...(o.artifactsUrl === undefined ? {} : { artifactsUrl: o.artifactsUrl }),
          },
        }),
  });
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1);
    logger.info({ signal }, "closing");
    node.close().then(
      () => process.exit(0),
      (e) => {
        logger.error({ err: e }, "close failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} catch (e) {
  logger.fatal(
    isGhostError(e) ? { code: e.code, message: e.message } : { err: e },
    "ghostplane failed to start",
  );
  process.exit(1);
}
