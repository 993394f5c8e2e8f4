/**
 * ghostd, assembled: the pure chain core (src/l1/chain) wrapped by storage (LevelDB through src/store),
 * the mempool and its ML-DSA verify pool, block production, time (an injected clock) and the JSON-RPC
 * server (src/rpc). `createGhostd` loads or writes genesis and resumes exactly where the database stops;
 * `close()` stops intake, lets the block in progress finish and be written, then closes sockets and the
 * database last.
 *
 * A block is produced in one place (`produce`): select ready transactions, apply them to the in-memory
 * state, sign the header, write the block and every state change in one synced batch, and only then
 * settle the mempool and push heads, receipts and rollup events to subscribers.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Logger, pino } from "pino";
import { Registry } from "prom-client";
import { GhostError, initProtocol } from "../../protocol/index.js";
import { type BatchCircuitName, buildBatchCircuit, readVerificationKey } from "../../prover/index.js";
import { createRpcServer, type RpcLimits, type RpcServer } from "../../rpc/index.js";
import { type KvStore, memoryStore, openLevelStore } from "../../store/index.js";
import { ghostdApi, toWire } from "../api/index.js";
import { applyBlock, encodeHeader, proofVerifier } from "../chain/index.js";
import { createMlDsa, createMlDsaVerifyPool, type MlDsa, type MlDsaVerifyPool } from "../crypto/index.js";
import { buildGenesis, developmentGenesis, type GenesisResult, genesisFromJson } from "../genesis/index.js";
import { devKey, type L1KeyPair } from "../keys/index.js";
import { ChainState } from "../state/index.js";
import { type BlockMode, type BlockProducer, createSingleValidatorProducer } from "./blockProducer.js";
import { blockWire } from "./blockWire.js";
import { ChainStore, type StoredBlock } from "./chainStore.js";
import { type Clock, systemClock } from "./clock.js";
import { ghostdHandlers } from "./handlers.js";
import { Mempool } from "./mempool.js";
import { createGhostdMetrics, type GhostdMetrics } from "./metrics.js";

export interface GhostdOptions {
  /** Data directory (LevelDB, genesis, key copies); none: an in-memory chain (tests of everything but durability). */
  readonly dataDir?: string;
  readonly host?: string;
  /** 8545 by default; 0 for any free port. */
  readonly port?: number;
  /** The genesis JSON; none: the database's, else a development genesis for `circuit` (docs/l1.md §6.1). */
  readonly genesis?: unknown;
  /** The batch circuit of a development genesis (default "test"). */
  readonly circuit?: BatchCircuitName;
  /** Funded development accounts in a development genesis (default 4). */
  readonly devAccounts?: number;
  /** auto (default): a block as soon as transactions wait, at most one per `blockTime`; interval; manual (`l1_mine`). */
  readonly blockMode?: BlockMode;
  /** Milliseconds: the floor between blocks in auto mode, the period in interval mode (default 50). */
  readonly blockTime?: number;
  /** Milliseconds without a block after which auto mode makes an empty one, so deadlines advance (default 2000). */
  readonly idleBlockTime?: number;
  /** Transactions per block at most (default 5,000). */
  readonly maxTxsPerBlock?: number;
  /** The validator's key; by default the development validator key, which must be genesis' validator. */
  readonly validatorKey?: L1KeyPair;
  /**
   * Serve the development methods (`l1_mine`, whose timestamp moves block time and so every deadline).
   * Default: only on a development chain, one whose validator is the publicly known development key.
   */
  readonly devMethods?: boolean;
  readonly verifyWorkers?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly limits?: Partial<RpcLimits>;
  readonly mempool?: { readonly maxPending?: number; readonly maxPerSender?: number };
}

export interface Ghostd {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly genesis: GenesisResult;
  readonly genesisJson: unknown;
  readonly state: ChainState;
  head(): StoredBlock;
  /** Produces `blocks` blocks now, the first at `timestamp` if given; resolves with the last. */
  mine(blocks?: number, timestamp?: number): Promise<StoredBlock>;
  close(): Promise<void>;
}

/** Loads the genesis JSON: given, stored, or the development genesis written on first start. */
async function resolveGenesis(o: GhostdOptions, store: ChainStore, log: Logger): Promise<unknown> {
  const stored = await store.genesisJson();
  if (stored !== undefined) return stored;
  if (o.genesis !== undefined) return o.genesis;
  const circuit = o.circuit ?? "test";
  log.warn(
    { circuit },
    "no genesis given: writing a development genesis (publicly known keys, never for value)",
  );
  const built = await buildBatchCircuit(circuit, { log: (line) => log.info(line) });
  const json = developmentGenesis({
    verificationKey: readVerificationKey(built.vkey),
    circuit,
    ...(o.devAccounts === undefined ? {} : { accounts: o.devAccounts }),
  });
  if (o.dataDir !== undefined) {
    // The chain keeps its own copies of its keys: rebuilding the cache never leaves it unprovable.
    const dir = join(o.dataDir, "circuit");
    mkdirSync(dir, { recursive: true });
    copyFileSync(built.vkey, join(dir, "verification_key.json"));
    copyFileSync(built.zkey, join(dir, `${circuit}.zkey`));
    copyFileSync(built.wasm, join(dir, `${circuit}.wasm`));
  }
  return json;
}

export async function createGhostd(o: GhostdOptions = {}): Promise<Ghostd> {
  await initProtocol();
  const log = o.logger ?? pino({ name: "ghostd", level: process.env.LOG_LEVEL ?? "info" });
  const clock = o.clock ?? systemClock;
  let kv: KvStore;
  if (o.dataDir === undefined) kv = memoryStore();
  else {
    mkdirSync(o.dataDir, { recursive: true });
    kv = await openLevelStore(join(o.dataDir, "db"));
  }
  const store = new ChainStore(kv);
  const genesisJson = await resolveGenesis(o, store, log.child({ module: "genesis" }));
  const genesis = buildGenesis(genesisFromJson(genesisJson));
  const params = genesis.params;
  const validatorKey = o.validatorKey ?? devKey("validator");
  const devMethods = o.devMethods ?? params.validator === devKey("validator").address;
  if (validatorKey.address !== params.validator) {
    throw new GhostError("GENESIS_INVALID", "the validator key is not genesis' validator");
  }
  if (o.dataDir !== undefined) {
    const file = join(o.dataDir, "genesis.json");
    if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(genesisJson, null, 2)}\n`);
  }

  // Resume: the stored state and head, or genesis written as block 0.
  let state: ChainState;
  let head: StoredBlock;
  const height = await store.headHeight();
  if (height === undefined) {
    state = genesis.state;
    head = { header: genesis.header, hash: genesis.hash, signature: new Uint8Array(), txs: [] };
    const ops = [
      ...store.genesisOps(genesisJson),
      ...store.blockOps(head, [], state.kv.entries().map(toPut)),
    ];
    await store.write(ops);
    state.mark();
  } else {
    const entries: [Uint8Array, Uint8Array][] = [];
    for await (const e of store.stateEntries()) entries.push(e);
    state = ChainState.fromEntries(entries);
    const stored = await store.block(height);
    if (stored === undefined) throw new GhostError("GENESIS_INVALID", `the database has no block ${height}`);
    head = stored;
    if (Buffer.compare(Buffer.from(state.root()), Buffer.from(head.header.stateRoot)) !== 0) {
      throw new GhostError("GENESIS_INVALID", `the stored state does not match block ${height}'s state root`);
    }
  }

  const vkey = (genesisJson as { rollup: { verificationKey: Parameters<typeof proofVerifier>[0] } }).rollup
    .verificationKey;

  const signer: MlDsa = await createMlDsa();
  const pool: MlDsaVerifyPool = await createMlDsaVerifyPool({ size: o.verifyWorkers ?? 2 });
  const registry = new Registry();
  // The gauge reads the mempool's size at scrape time, once both exist.
  const metrics: GhostdMetrics = createGhostdMetrics(registry, () => mempool.size);
  const verifyProof = proofVerifier(vkey);
  const deps = {
    verifyProof: async (publicInputHash: bigint, proof: Parameters<typeof verifyProof>[1]) => {
      const started = performance.now();
      const valid = await verifyProof(publicInputHash, proof);
      metrics.observeProofVerify(performance.now() - started);
      return valid;
    },
  };
  const mempool = new Mempool(
    {
      chainId: params.chainId,
      minFee: params.minFee,
      ...(o.mempool ?? {}),
      observeVerify: (ms, n) => metrics.observeSignatureBatch(ms, n),
    },
    pool,
    () => state,
  );
  metrics.height.set(head.header.height);

  let server: RpcServer<typeof ghostdApi.subscriptions> | undefined;
  let failure: Error | undefined;
  const maxTxs = o.maxTxsPerBlock ?? 5_000;

  // A block is between "applying" and "written" while `producing`; `blockDone` settles when it is not.
  let producing = false;
  let blockDone: Promise<void> = Promise.resolve();

  /** One block: the only place the state and the database change. */
  const produce = async (timestamp?: number): Promise<StoredBlock> => {
    let done!: () => void;
    blockDone = new Promise<void>((resolve) => {
      done = resolve;
    });
    producing = true;
    try {
      return await produceBlock(timestamp);
    } finally {
      producing = false;
      done();
    }
  };
  const produceBlock = async (timestamp?: number): Promise<StoredBlock> => {
    if (failure !== undefined) throw failure;
    const started = performance.now();
    const txs = mempool.ready(maxTxs);
    const at = Math.max(head.header.timestamp + 1, timestamp ?? clock.now());
    const result = await applyBlock(state, { parent: head.header, txs, timestamp: at }, { params, deps });
    const signature = signer.sign(validatorKey.secretKey, encodeHeader(result.header));
    const block: StoredBlock = { header: result.header, hash: result.hash, signature, txs: result.txs };
    const receipts = result.receipts.map((r) => toWire(r));
    try {
      await store.write(store.blockOps(block, receipts, result.ops));
    } catch (e) {
      // The in-memory state is ahead of the disk: nothing more can be produced safely.
      failure = new GhostError("RPC_INTERNAL", "the database refused a block write", { cause: e });
      log.fatal({ err: e }, "block write failed: stopping block production");
      throw failure;
    }
    state.mark();
    head = block;
    mempool.settle([...result.txs, ...result.dropped.map((d) => d.tx)]);
    const wireBlock = blockWire(block);
    server?.publish("newHeads", undefined, wireBlock);
    for (const r of receipts) {
      server?.publish(
        "receipts",
        (p) => p.txHash === undefined || p.txHash === (r as { txHash: string }).txHash,
        r as never,
      );
    }
    for (const e of result.events) server?.publish("rollupEvents", undefined, toWire(e) as never);
    metrics.observeBlock(block.header.height, result.txs.length, performance.now() - started, result.events);
    return block;
  };
  const producer: BlockProducer = createSingleValidatorProducer({
    mode: o.blockMode ?? "auto",
    blockTime: o.blockTime ?? 50,
    idleBlockTime: o.idleBlockTime ?? 2_000,
    produce,
    hasReady: () => mempool.hasReady(),
    onError: (e) => log.error({ err: e }, "block production failed"),
  });

  server = await createRpcServer({
    ...ghostdApi,
    handlers: ghostdHandlers({
      // The read runs in the same turn as the check, so no block can start in between.
      readState: async (read) => {
        while (producing) await blockDone;
        return read(state);
      },
      head: () => head,
      store,
      genesisJson,
      params,
      mempool,
      mine: devMethods ? producer.mine : undefined,
      onAdmitted: producer.notify,
    }),
    host: o.host ?? "127.0.0.1",
    port: o.port ?? 8545,
    ...(o.limits === undefined ? {} : { limits: o.limits }),
    logger: log.child({ module: "rpc" }),
    metrics: registry,
    info: { title: "ghostd", version: "1" },
  });
  log.info({ url: server.url, height: head.header.height, mode: o.blockMode ?? "auto" }, "ghostd started");

  let closed: Promise<void> | undefined;
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    port: server.port,
    genesis,
    genesisJson,
    get state() {
      return state;
    },
    head: () => head,
    mine: producer.mine,
    close() {
      closed ??= (async () => {
        await server?.close();
        await producer.stop(); // the block in progress is written before the database closes
        await pool.close();
        signer.destroy();
        await kv.close();
        log.info("ghostd stopped");
      })();
      return closed;
    },
  };
}

function toPut([key, value]: [Uint8Array, Uint8Array]) {
  return { type: "put" as const, key, value };
}
