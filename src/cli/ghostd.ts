#!/usr/bin/env node
/**
 * `ghostd`: the GhostChain L1 node. Flags and environment variables (GHOSTD_*) with defaults that need
 * nothing else: a data directory under ./.ghostd, 127.0.0.1:8545, a development genesis on first start,
 * auto block mode. SIGINT/SIGTERM close cleanly; a second signal forces exit.
 */
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { pino } from "pino";
import { readKeyFile } from "../l1/keys/index.js";
import { type BlockMode, createGhostd } from "../l1/node/index.js";
import { isGhostError } from "../protocol/index.js";
import { BATCH_CIRCUITS, type BatchCircuitName } from "../prover/index.js";
import { nonNegativeInt } from "./options.js";

const program = new Command("ghostd")
  .description("GhostChain L1 node: ML-DSA-65 accounts, four native tokens, the rollup's settlement layer")
  .addOption(new Option("--data-dir <dir>", "data directory").env("GHOSTD_DATA_DIR").default(".ghostd"))
  .addOption(new Option("--host <host>", "listen address").env("GHOSTD_HOST").default("127.0.0.1"))
  .addOption(
    new Option("--port <port>", "JSON-RPC port (HTTP and WebSocket)")
      .env("GHOSTD_PORT")
      .default(8545)
      .argParser(nonNegativeInt("--port")),
  )
  .addOption(
    new Option("--genesis <file>", "genesis JSON (default: a development genesis on first start)").env(
      "GHOSTD_GENESIS",
    ),
  )
  .addOption(
    new Option("--circuit <name>", "batch circuit of a development genesis")
      .choices(Object.keys(BATCH_CIRCUITS))
      .env("GHOSTD_CIRCUIT")
      .default("test"),
  )
  .addOption(
    new Option("--dev-accounts <n>", "funded accounts account-0 … account-(n-1) of a development genesis")
      .env("GHOSTD_DEV_ACCOUNTS")
      .default(4)
      .argParser(nonNegativeInt("--dev-accounts")),
  )
  .addOption(
    new Option("--block-mode <mode>", "block production")
      .choices(["auto", "interval", "manual"])
      .env("GHOSTD_BLOCK_MODE")
      .default("auto"),
  )
  .addOption(
    new Option("--block-time <ms>", "ms between blocks (auto: the floor; interval: the period)")
      .env("GHOSTD_BLOCK_TIME")
      .default(50)
      .argParser(nonNegativeInt("--block-time")),
  )
  .addOption(
    new Option("--validator-key <file>", "validator key file (default: the development key)").env(
      "GHOSTD_VALIDATOR_KEY",
    ),
  )
  .addOption(
    new Option("--rpc-rate <n>", "JSON-RPC requests per second per connection (HTTP: per address)")
      .env("GHOSTD_RPC_RATE")
      .default(100)
      .argParser(nonNegativeInt("--rpc-rate")),
  )
  .addOption(
    new Option(
      "--dev-methods <bool>",
      "serve development methods (l1_mine); default: only on a chain whose validator is the development key",
    )
      .choices(["true", "false"])
      .env("GHOSTD_DEV_METHODS"),
  )
  .addOption(new Option("--log-level <level>", "pino log level").env("LOG_LEVEL").default("info"));

program.parse();
const o = program.opts<{
  dataDir: string;
  host: string;
  port: number;
  genesis?: string;
  circuit: BatchCircuitName;
  devAccounts: number;
  blockMode: BlockMode;
  blockTime: number;
  validatorKey?: string;
  rpcRate: number;
  devMethods?: "true" | "false";
  logLevel: string;
}>();
const logger = pino({ name: "ghostd", level: o.logLevel });

try {
  const node = await createGhostd({
    dataDir: o.dataDir,
    host: o.host,
    port: o.port,
    circuit: o.circuit,
    devAccounts: o.devAccounts,
    blockMode: o.blockMode,
    blockTime: o.blockTime,
    logger,
    limits: { requestsPerSecond: o.rpcRate, requestBurst: 2 * o.rpcRate },
    ...(o.devMethods === undefined ? {} : { devMethods: o.devMethods === "true" }),
    ...(o.genesis === undefined ? {} : { genesis: JSON.parse(readFileSync(o.genesis, "utf8")) }),
    ...(o.validatorKey === undefined ? {} : { validatorKey: await readKeyFile(o.validatorKey) }),
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
  logger.fatal(isGhostError(e) ? { code: e.code, message: e.message } : { err: e }, "ghostd failed to start");
  process.exit(1);
}
