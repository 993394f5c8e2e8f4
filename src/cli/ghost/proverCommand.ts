/**
 * `ghost prover --redis URL`: a prover worker for the sequencer's BullMQ queue (docs/operations.md
 * §Provers), on this machine or any other that reaches Redis and the sequencer's HTTP port. It runs until
 * SIGINT or SIGTERM, finishing the jobs it holds first (a second signal exits at once; BullMQ then hands
 * those jobs to other workers when their locks lapse).
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { integerAtLeast, nonNegativeInt } from "../options.js";
import { action } from "./run.js";

interface ProverFlags {
  redis: string;
  prover: "wasm" | "snarkjs";
  queue: string;
  artifacts?: string;
  cacheDir: string;
  concurrency: number;
  maxMemory?: number;
  jobTimeout: number;
  lockDuration: number;
  name?: string;
  port?: number;
  host: string;
  logLevel: string;
}

/** $XDG_CACHE_HOME/ghostchain/artifacts, else ~/.cache/ghostchain/artifacts. */
function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ghostchain", "artifacts");
}

export function registerProver(program: Command): void {
  program
    .command("prover")
    .description("runs a prover worker: proves the sequencer's batches from its Redis queue")
    .addOption(
      new Option("--redis <url>", "the queue's Redis (redis://host:port[/db])")
        .env("GHOST_PROVER_REDIS")
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--prover <engine>", "wasm (ours) or snarkjs (the reference)")
        .choices(["wasm", "snarkjs"])
        .env("GHOST_PROVER_ENGINE")
        .default("wasm"),
    )
    .addOption(
      new Option("--queue <name>", "the BullMQ queue's name")
        .env("GHOST_PROVER_QUEUE")
        .default("ghost-proofs"),
    )
    .addOption(
      new Option(
        "--artifacts <url>",
        "download artifacts from this URL instead of the one each job names",
      ).env("GHOST_PROVER_ARTIFACTS"),
    )
    .addOption(
      new Option("--cache-dir <dir>", "where downloaded artifacts are kept, by sha256")
        .env("GHOST_PROVER_CACHE_DIR")
        .default(defaultCacheDir()),
    )
    .addOption(
      new Option("--concurrency <n>", "jobs proven at once, each in its own prover process")
        .env("GHOST_PROVER_CONCURRENCY")
        .default(1)
        .argParser(integerAtLeast("--concurrency", 1)),
    )
    .addOption(
      new Option("--max-memory <mib>", "restart a prover process after a job whose peak memory passed this")
        .env("GHOST_PROVER_MAX_MEMORY")
        .argParser(integerAtLeast("--max-memory", 1)),
    )
    .addOption(
      new Option("--job-timeout <ms>", "abandon a proof (and kill its prover) after this long")
        .env("GHOST_PROVER_JOB_TIMEOUT")
        .default(600_000)
        .argParser(integerAtLeast("--job-timeout", 1)),
    )
    .addOption(
      new Option("--lock-duration <ms>", "how long a job stays with a worker that stopped answering")
        .env("GHOST_PROVER_LOCK_DURATION")
        .default(30_000)
        .argParser(integerAtLeast("--lock-duration", 1_000)),
    )
    .addOption(
      new Option("--name <name>", "this worker's name in jobs and logs (default host:pid)").env(
        "GHOST_PROVER_NAME",
      ),
    )
    .addOption(
      new Option("--port <port>", "serve /health and /metrics on this port (off unless given; 0: any)")
        .env("GHOST_PROVER_PORT")
        .argParser(nonNegativeInt("--port")),
    )
    .addOption(
      new Option("--host <host>", "the /health and /metrics address")
        .env("GHOST_PROVER_HOST")
        .default("127.0.0.1"),
    )
    .addOption(new Option("--log-level <level>", "pino log level").env("LOG_LEVEL").default("info"))
    .action(
      action(program, async (_ctx, flags: ProverFlags) => {
        const [{ pino }, { Registry }, queue] = await Promise.all([
          import("pino"),
          import("prom-client"),
          import("../../prover/queue/index.js"),
        ]);
        const log = pino({ name: "ghost-prover", level: flags.logLevel });
        const registry = new Registry();
        const worker = await queue.startProverWorker({
          url: flags.redis,
          queueName: flags.queue,
          cache: new queue.ArtifactCache({ dir: flags.cacheDir, baseUrl: flags.artifacts ?? null }),
          engine: flags.prover,
          concurrency: flags.concurrency,
          jobTimeoutMs: flags.jobTimeout,
          lockDurationMs: flags.lockDuration,
          registry,
          log,
          ...(flags.maxMemory === undefined ? {} : { maxMemoryMiB: flags.maxMemory }),
          ...(flags.name === undefined ? {} : { name: flags.name }),
        });
        const status =
          flags.port === undefined
            ? undefined
            : await queue.serveWorkerStatus({ worker, registry, host: flags.host, port: flags.port });
        if (status !== undefined) log.info({ url: status.url }, "serving /health and /metrics");
        const signal = await new Promise<string>((resolve) => {
          process.once("SIGINT", () => resolve("SIGINT"));
          process.once("SIGTERM", () => resolve("SIGTERM"));
        });
        log.info({ signal, active: worker.active }, "closing after the jobs in hand");
        const force = () => process.exit(1);
        process.once("SIGINT", force);
        process.once("SIGTERM", force);
        await worker.close();
        await status?.close();
        log.info({ completed: worker.completed, failed: worker.failed }, "prover worker stopped");
      }),
    );
}
