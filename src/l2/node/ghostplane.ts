/**
 * GhostPlane, assembled (docs/sequencer.md): the soft-confirmation engine and its pump (sequencer.ts)
 * wrapped by the write-ahead log (LevelDB through src/store), the sealing process, the prover queue,
 * settlement on ghostd, the L1 watcher, time, and the JSON-RPC server (src/rpc). `createGhostplane`
 * follows ghostd's genesis, refuses a proving key that is not genesis' and resumes exactly where its
 * database stops: the sealing engine from its snapshot, both engines through the log after it, each
 * pipeline stage from its head. `close()` stops intake, lets the round in flight reach the disk, then
 * stops the loops, the threads and processes, and closes the database last.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Express } from "express";
import { type Logger, pino } from "pino";
import { Registry } from "prom-client";
import {
  createEngine,
  createSignaturePool,
  type Engine,
  restoreEngine,
  type SignaturePool,
} from "../../bridge/index.js";
import { createGhostdClient, type GhostdClient } from "../../client/index.js";
import { createMlDsa, type MlDsa } from "../../l1/crypto/index.js";
import { genesisFromJson, verificationKeyHash } from "../../l1/genesis/index.js";
import { devKey, type L1KeyPair } from "../../l1/keys/index.js";
import {
  GhostError,
  initProtocol,
  isGhostError,
  MAX_BATCH_SIZE,
  type Op,
  opFromJson,
} from "../../protocol/index.js";
import {
  type BatchCircuitName,
  buildBatchCircuit,
  createLocalProverQueue,
  type ProverEngine,
  type ProverQueue,
  readVerificationKey,
} from "../../prover/index.js";
import { createRpcServer, type RpcLimits, type RpcServer } from "../../rpc/index.js";
import { type KvStore, memoryStore, openLevelStore } from "../../store/index.js";
import { ghostplaneApi } from "../api/index.js";
import { GENESIS_HEADS, INITIAL_PROVING_MS, ProvingEstimate } from "../core/index.js";
import { BatchPipeline } from "./batchPipeline.js";
import { ghostplaneHandlers } from "./handlers.js";
import { L1Watcher } from "./l1Watcher.js";
import { createGhostplaneMetrics } from "./metrics.js";
import { Sealer } from "./sealer.js";
import { type ClosedBatch, Sequencer, type SequencerLimits } from "./sequencer.js";
import { GroupCommit, SequencerStore } from "./sequencerStore.js";
import { Settlement } from "./settlement.js";
import { TxHistory } from "./txHistory.js";

export interface GhostplaneOptions {
  /** ghostd's URL (ws:// for its subscriptions, or http://); default ws://127.0.0.1:8545/. */
  readonly l1Url?: string;
  /**
   * On a first start (no genesis stored yet), how long to wait for ghostd to answer before giving up, in ms
   * (default 60,000): the two may be started together. A restart needs no ghostd to start.
   */
  readonly l1StartTimeoutMs?: number;
  /** Data directory (LevelDB); none: in memory (tests of everything but durability). */
  readonly dataDir?: string;
  readonly host?: string;
  /** 9090 by default; 0 for any free port. */
  readonly port?: number;
  /** The batch circuit; must be genesis' (default: genesis'). */
  readonly circuit?: BatchCircuitName;
  /** The sequencer's L1 key; by default the development sequencer key, which must be genesis' sequencer. */
  readonly sequencerKey?: L1KeyPair;
  /** The L2 account credited with each batch's fees (default 0, the development genesis' fee account). */
  readonly feeAccount?: number;
  /**
   * The prover on this machine, one forked process: "wasm" (ours, default) or "snarkjs" (the reference);
   * "none": proving paused (benchmarks).
   */
  readonly prover?: ProverEngine | "none";
  /**
   * Prove on `ghost prover` workers through BullMQ on Redis instead of locally (docs/operations.md
   * §Provers); the sequencer then serves the circuit's artifacts at GET /artifacts/<sha256>.
   */
  readonly proverQueue?: {
    /** redis://host:port[/db]. */
    readonly url: string;
    readonly queueName?: string;
    /** An attempt running longer gets a second one beside it (default 10 min). */
    readonly jobTimeoutMs?: number;
    /** Batches in flight at once (default 64). */
    readonly window?: number;
    /** The URL workers download artifacts from (default: this node's HTTP URL). */
    readonly artifactsUrl?: string;
  };
  /** Refuse L2 txs while the unproven backlog's estimated proving time exceeds this (ms; default 5 min). */
  readonly maxProvingBacklogMs?: number;
  /**
   * Refuse L2 txs while more than this many soft-confirmed txs wait to be sealed (default 100,000): soft
   * confirmation runs ahead of sealing by a bounded amount, whatever the proving backlog's cap.
   */
  readonly maxUnsealedTxs?: number;
  /** A snapshot of the sealing engine every this many batches (default 64). */
  readonly snapshotEveryBatches?: number;
  /** Tx records are kept this many batches after their batch settles (default 100,000). */
  readonly txRetentionBatches?: number;
  readonly limits?: Partial<RpcLimits>;
  readonly sequencing?: Partial<SequencerLimits>;
  /** Signature-pool worker threads (default 2). */
  readonly verifyWorkers?: number;
  readonly logger?: Logger;
}

export interface Ghostplane {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  /** The soft-confirmation engine (read-only use: accounts, counters). */
  readonly engine: Engine;
  readonly pipeline: BatchPipeline;
  close(): Promise<void>;
}

/** The prover process's nice value above the sequencer's: proving uses what the other stages leave idle. */
const PROVER_PRIORITY_BELOW = 19;

export const DEFAULT_SEQUENCING: SequencerLimits = {
  maxIntake: 50_000,
  maxWaitingPerAccount: 16,
  maxWaiting: 10_000,
  nonceWaitMs: 10_000,
  roundSize: 1_024,
  batchTimeoutMs: 1_000,
};

export async function createGhostplane(o: GhostplaneOptions = {}): Promise<Ghostplane> {
  await initProtocol();
  const log = o.logger ?? pino({ name: "ghostplane", level: process.env.LOG_LEVEL ?? "info" });
  const l1Url = o.l1Url ?? "ws://127.0.0.1:8545/";
  let kv: KvStore;
  if (o.dataDir === undefined) kv = memoryStore();
  else {
    mkdirSync(o.dataDir, { recursive: true });
    kv = await openLevelStore(join(o.dataDir, "db"));
  }
  const store = new SequencerStore(kv);
  const l1: GhostdClient = createGhostdClient(l1Url);
  const closers: (() => Promise<void> | void)[] = [() => kv.close(), () => l1.close()];
  const abort = async (e: unknown): Promise<never> => {
    for (const c of closers.reverse()) await c();
    throw e;
  };
  try {
    return await start();
  } catch (e) {
    return abort(e);
  }

  /** ghostd's genesis, retried while ghostd cannot be reached (it may be starting beside us). */
  async function firstGenesis(): Promise<unknown> {
    const until = Date.now() + (o.l1StartTimeoutMs ?? 60_000);
    for (let waited = false; ; waited = true) {
      try {
        return await l1.l1_genesis();
      } catch (e) {
        const unreachable = isGhostError(e, "RPC_CONNECTION_CLOSED") || isGhostError(e, "RPC_TIMEOUT");
        if (!unreachable || Date.now() > until) throw e;
        if (!waited) log.info({ l1: l1Url }, "waiting for ghostd");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async function start(): Promise<Ghostplane> {
    // The genesis this sequencer follows: stored on first start, so a restart needs no ghostd.
    let genesisJson = await store.genesis();
    if (genesisJson === undefined) {
      genesisJson = await firstGenesis();
      await kv.batch([store.genesisPut(genesisJson)], { sync: true });
    }
    const genesis = genesisFromJson(genesisJson);
    const rollup = genesis.rollup;
    const circuitName = (o.circuit ?? rollup.circuit) as BatchCircuitName;
    if (circuitName !== rollup.circuit) {
      throw new GhostError("GENESIS_INVALID", `circuit "${circuitName}", genesis says "${rollup.circuit}"`);
    }
    const built = await buildBatchCircuit(circuitName, { log: (line) => log.info(line) });
    if (built.circuit.nSlots !== rollup.batchSize || built.circuit.depth !== rollup.depth) {
      throw new GhostError(
        "GENESIS_INVALID",
        `circuit "${circuitName}" does not fit genesis' batch size and depth`,
      );
    }
    const vkey = readVerificationKey(built.vkey);
    if (verificationKeyHash(vkey) !== rollup.verificationKeyHash) {
      // A proof from another key would be refused by ghostd (PROOF_INVALID) and stop settlement for good.
      throw new GhostError(
        "GENESIS_INVALID",
        `the proving key of circuit "${circuitName}" (${built.zkey}) is not the one genesis' verification key hash names`,
      );
    }
    const key = o.sequencerKey ?? devKey("sequencer");
    if (key.address !== rollup.sequencer)
      throw new GhostError("GENESIS_INVALID", "the sequencer key is not genesis' sequencer");
    const feeAccount = o.feeAccount ?? 0;
    const chain = { chainId: rollup.chainId, depth: rollup.depth, batchSize: rollup.batchSize };

    // Engines: the sealing one from its snapshot (or genesis), the soft one from the same state.
    const snap = await store.snapshot();
    const engine = snap
      ? await restoreEngine(snap.bytes, { verify: false, batchSize: MAX_BATCH_SIZE, feeAccount })
      : await createEngine({ ...chain, batchSize: MAX_BATCH_SIZE, genesis: rollup.accounts, feeAccount });
    const sealer = new Sealer({
      circuit: circuitName,
      feeAccount,
      ...(snap ? { snapshot: snap.bytes } : { genesis: { ...chain, accounts: rollup.accounts } }),
    });
    closers.push(() => sealer.close());
    const pool: SignaturePool = createSignaturePool({ workers: o.verifyWorkers ?? 2 });
    closers.push(() => pool.close());
    const mlDsa: MlDsa = await createMlDsa();
    closers.push(() => mlDsa.destroy());
    let server: RpcServer<typeof ghostplaneApi.subscriptions> | undefined;
    const registry = new Registry();
    let artifactRoutes: ((app: Express) => void) | undefined;
    let prover: ProverQueue | undefined;
    if (o.proverQueue !== undefined) {
      // Loaded only here: BullMQ and ioredis cost a sequencer that proves locally nothing.
      const queue = await import("../../prover/queue/index.js");
      const artifacts = await queue.hashCircuitArtifacts(built);
      artifactRoutes = (app) => app.get("/artifacts/:sha256", queue.artifactHandler(artifacts));
      const artifactsUrl = o.proverQueue.artifactsUrl;
      prover = await queue.createRedisProverQueue({
        url: o.proverQueue.url,
        circuit: circuitName,
        artifacts,
        artifactsUrl: () => artifactsUrl ?? server?.url ?? null,
        registry,
        log: log.child({ module: "provers" }),
        ...(o.proverQueue.queueName === undefined ? {} : { queueName: o.proverQueue.queueName }),
        ...(o.proverQueue.jobTimeoutMs === undefined ? {} : { jobTimeoutMs: o.proverQueue.jobTimeoutMs }),
        ...(o.proverQueue.window === undefined ? {} : { window: o.proverQueue.window }),
      });
    } else if (o.prover !== "none") {
      prover = createLocalProverQueue({ lowerPriorityBy: PROVER_PRIORITY_BELOW, engine: o.prover ?? "wasm" });
    }
    const proverQueue = prover;
    if (proverQueue !== undefined) closers.push(() => proverQueue.close());

    let fatal: unknown;
    const commit = new GroupCommit(kv, (e) => {
      fatal = e;
      log.fatal({ err: e }, "the database refused a write: sequencing stops");
    });
    const history = new TxHistory(store);
    const estimate = new ProvingEstimate(INITIAL_PROVING_MS[circuitName] ?? 10_000);
    const maxBacklogMs = o.maxProvingBacklogMs ?? 5 * 60_000;
    const maxUnsealedBatches = Math.ceil((o.maxUnsealedTxs ?? 100_000) / chain.batchSize);
    const acceptingL2 = () => pipeline.backlogMs <= maxBacklogMs && pipeline.unsealed <= maxUnsealedBatches;
    let l1Reachable = true;
    const settlement = new Settlement({
      l1,
      key,
      mlDsa,
      l1ChainId: genesis.chainId,
      fee: genesis.minFee,
      loadCommit: (n) => store.commit(n),
      saveCommit: (n, c) => commit.write([store.commitPut(n, c)]),
      onReachable: (r) => {
        l1Reachable = r;
      },
      stopped: () => closing,
    });
    // Gauges read the sequencer and the pipeline at scrape time, once both exist.
    const metrics = createGhostplaneMetrics(registry, {
      waiting: () => sequencer.waitingCount,
      intake: () => sequencer.intakeCount,
      backlogBatches: () => pipeline.unproven,
      backlogMs: () => pipeline.backlogMs,
      proverBusyShare: () => proverBusyShare(pipeline),
      heads: () => {
        const { closed, sealed, proven, settled } = pipeline.heads;
        return { soft: sequencer.soft.batchNumber, closed, sealed, proven, settled };
      },
    });
    let closing = false;
    const pipeline = new BatchPipeline({
      store,
      commit,
      sealer,
      prover,
      circuit: { zkey: built.zkey, wasm: built.wasm },
      vkey,
      settlement,
      heads: (await store.heads()) ?? GENESIS_HEADS,
      estimate,
      log: log.child({ module: "pipeline" }),
      snapshotEveryBatches: o.snapshotEveryBatches ?? 64,
      txRetentionBatches: o.txRetentionBatches ?? 100_000,
      events: {
        batch(k, stage, record) {
          server?.publish("newBatches", undefined, {
            batchNumber: k,
            status: stage,
            at: Date.now(),
            ...(record.newRoot === undefined ? {} : { newRoot: record.newRoot }),
            ...(stage === "settled" && record.l1Block !== undefined ? { l1Block: record.l1Block } : {}),
          });
          if (stage === "closed") return;
          const at = { sealed: record.sealedAt, proven: record.provenAt, settled: record.settledAt }[stage]!;
          const previous = { sealed: record.closedAt, proven: record.sealedAt, settled: record.provenAt }[
            stage
          ]!;
          metrics.stage(stage, at - previous);
          record.txHashes.forEach((txHash, i) => {
            server?.publish("txStatus", (p) => p.txHash === txHash, {
              txHash,
              status: stage,
              at,
              batchNumber: k,
              position: record.priorityOps + i,
              ...(stage === "settled" && record.l1Block !== undefined ? { l1Block: record.l1Block } : {}),
            });
          });
        },
      },
    });
    closers.push(() => pipeline.close());
    // Runs just before ghostd's client and the database close: the loops' last writes land first.
    closers.splice(2, 0, () => pipeline.idle());

    // Replay the log after the snapshot: both engines reach the last closed batch, the soft one the open batch.
    let lastSeq = snap?.meta.seq ?? 0;
    let batchOps: { op: Op; txHash?: string; openedAt: number }[] = [];
    for await (const { seq, entry } of store.walAfter(lastSeq)) {
      lastSeq = seq;
      if (entry.kind === "op") {
        batchOps.push({
          op: opFromJson(entry.op),
          ...(entry.txHash === undefined ? {} : { txHash: entry.txHash }),
          openedAt: entry.sequencedAt,
        });
        continue;
      }
      replayBatch(engine, batchOps);
      const closed = engine.closeBatch();
      const batch: ClosedBatch = {
        batchNumber: closed.batchNumber,
        feeAccount: closed.feeAccount,
        ops: batchOps.map((x) => x.op),
        txHashes: batchOps.flatMap((x) => (x.txHash === undefined ? [] : [x.txHash])),
        priorityOps: batchOps.filter((x) => x.txHash === undefined).length,
        closedAt: entry.at,
        closeSeq: seq,
      };
      pipeline.closedBatch(batch, true);
      batchOps = [];
    }
    replayBatch(engine, batchOps);
    await pipeline.sealReplayed();
    log.info(
      { batch: engine.batchNumber, open: batchOps.length, heads: pipeline.heads },
      "state restored from the snapshot and the log",
    );

    const sequencer = new Sequencer({
      engine,
      pool,
      chainId: chain.chainId,
      batchSize: chain.batchSize,
      feeAccount,
      store,
      commit,
      lastSeq,
      openOps: batchOps,
      limits: { ...DEFAULT_SEQUENCING, ...o.sequencing },
      acceptingL2,
      events: {
        received(txHash, at) {
          server?.publish("txStatus", (p) => p.txHash === txHash, history.received(txHash, at));
        },
        sequenced(txs) {
          metrics.sequenced(
            txs.length,
            txs.map((t) => t.at - t.receivedAt),
          );
          for (const { receivedAt: _, ...t } of txs) {
            history.sequenced(t.txHash);
            server?.publish("txStatus", (p) => p.txHash === t.txHash, t);
          }
        },
        rejected(txHash, code, reason, at) {
          metrics.rejected(code);
          if (txHash !== undefined)
            server?.publish(
              "txStatus",
              (p) => p.txHash === txHash,
              history.rejected(txHash, code, reason, at),
            );
        },
        closed: (batch) => pipeline.closedBatch(batch),
        accountsChanged(changed) {
          for (const [index, batchNumber] of changed) {
            const a = engine.account(index);
            if (a === undefined) continue;
            server?.publish("account", (p) => p.index === index, {
              index,
              nonce: a.nonce,
              balances: a.balances.map(String),
              batchNumber,
            });
          }
        },
        fatal(e) {
          fatal ??= e;
          log.fatal({ err: e }, "sequencing stopped");
        },
      },
    });
    closers.push(async () => {
      sequencer.stop();
      await sequencer.idle();
      await commit.drain();
    });

    const watcher = new L1Watcher({
      l1,
      nextQueueIndex: () => sequencer.nextQueueIndex,
      onOps: (ops) => sequencer.addPriorityOps(ops),
      onReachable: (r) => {
        l1Reachable = r;
      },
    });
    closers.push(() => watcher.close());

    const verificationKey = {
      verificationKey: vkey as { protocol: string },
      hash: rollup.verificationKeyHash,
      circuit: rollup.circuit,
    };
    server = await createRpcServer({
      ...ghostplaneApi,
      handlers: ghostplaneHandlers({
        sequencer,
        account: (i) => engine.account(i),
        sealer,
        store,
        history,
        depth: chain.depth,
        verificationKey,
        chainInfo: () => ({
          ...chain,
          circuit: rollup.circuit,
          feeAccount,
          heads: { soft: sequencer.soft, ...pipeline.heads },
          backlog: {
            batches: pipeline.unproven,
            estimatedProvingMs: Math.round(pipeline.backlogMs),
            maxProvingBacklogMs: maxBacklogMs,
            acceptingL2: acceptingL2(),
            proving: prover !== undefined,
          },
          mempool: { waiting: sequencer.waitingCount, intake: sequencer.intakeCount },
          priority: { nextQueueIndex: sequencer.nextQueueIndex, pending: sequencer.pendingPriority },
          settlement: {
            stopped:
              pipeline.heads.settlementStopped ?? (fatal === undefined ? null : `stopped: ${String(fatal)}`),
            l1Reachable,
            l1Url,
          },
        }),
      }),
      host: o.host ?? "127.0.0.1",
      port: o.port ?? 9090,
      ...(o.limits === undefined ? {} : { limits: o.limits }),
      logger: log.child({ module: "rpc" }),
      metrics: registry,
      info: { title: "ghostplane", version: "1" },
      ...(artifactRoutes === undefined ? {} : { routes: artifactRoutes }),
    });
    const rpc = server;
    closers.push(() => rpc.close());
    watcher.start();
    pipeline.start();
    log.info(
      { url: server.url, l1: l1Url, circuit: circuitName, batch: engine.batchNumber, heads: pipeline.heads },
      "ghostplane started",
    );

    let closed: Promise<void> | undefined;
    return {
      url: server.url,
      wsUrl: server.wsUrl,
      port: server.port,
      engine,
      pipeline,
      close() {
        closing = true;
        closed ??= (async () => {
          for (const c of closers.reverse()) await c();
          log.info("ghostplane stopped");
        })();
        return closed;
      },
    };
  }
}

/** Re-applies logged ops (all were accepted when sequenced): any refusal means the log and state disagree. */
function replayBatch(engine: Engine, ops: readonly { op: Op }[]): void {
  if (ops.length === 0) return;
  const outcomes = engine.apply(ops.map((x) => x.op));
  const bad = outcomes.findIndex((x) => !x.ok);
  if (bad >= 0) {
    const o = outcomes[bad] as { code: string };
    throw new GhostError(
      "WASM_ABORT",
      `the log does not replay: op ${bad} of batch ${engine.batchNumber + 1} is ${o.code}`,
    );
  }
}

function proverBusyShare(p: BatchPipeline): number {
  const wall = performance.now() - p.since;
  return wall <= 0 ? 0 : Math.min(1, p.proverBusyMs / wall);
}
