/**
 * A local GhostChain: ghostd (development genesis: funded L1 accounts `account-0…` in all four tokens,
 * each with an L2 account in the L2 genesis) and GhostPlane following it, which forks its sealing and
 * prover processes. Each node is its compiled CLI in its own process, logging to files in the data
 * directory. A fresh temporary directory by default (removed by stop()); a given one persists, and a
 * second start resumes both chains from it.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createGhostdClient } from "../../src/client/index.js";
import { genesisFromJson } from "../../src/l1/genesis/index.js";
import { devKey, devKeySeed } from "../../src/l1/keys/index.js";
import { formatAddress } from "../../src/l1/tx/index.js";
import { l2PrivateKeyFromSeed } from "../../src/protocol/index.js";
import { BATCH_CIRCUITS, type BatchCircuitName } from "../../src/prover/index.js";
import { freePort, type NodeProcess, spawnNode } from "./nodeProcess.js";

export interface DevnetOptions {
  readonly circuit: BatchCircuitName;
  /** Funded development accounts (default 10). */
  readonly accounts?: number;
  /** Persistent data directory; none: a fresh temporary one, removed on stop. */
  readonly dataDir?: string;
  /** 0: any free port. Defaults: 8545 and 9090, the nodes' own. */
  readonly l1Port?: number;
  readonly l2Port?: number;
  readonly blockMode?: "auto" | "interval" | "manual";
  readonly blockTime?: number;
  readonly batchTimeoutMs?: number;
  /** GhostPlane's backlog caps (its defaults if absent). */
  readonly maxProvingBacklogMs?: number;
  readonly maxUnsealedTxs?: number;
  /** "none" pauses proving: batches stay sealed (benchmarks of soft confirmation). */
  readonly prover?: "wasm" | "snarkjs" | "none";
  readonly logLevel?: string;
}

/** A development account: every key here is publicly known. */
export interface DevAccount {
  readonly name: string;
  readonly l1Address: string;
  /** The 32-byte ML-DSA-65 seed (the key file's `seed`). */
  readonly l1Seed: string;
  readonly l2Account: number;
  readonly l2PrivateKey: string;
}

export interface Devnet {
  readonly circuit: BatchCircuitName;
  readonly l1Url: string;
  readonly l1WsUrl: string;
  readonly l2Url: string;
  readonly l2WsUrl: string;
  readonly dataDir: string;
  readonly logDir: string;
  /** False when the directory is removed on stop. */
  readonly persistent: boolean;
  readonly accounts: readonly DevAccount[];
  readonly ghostd: NodeProcess;
  readonly ghostplane: NodeProcess;
  /** Resolve with a description when the node ends without stop(). */
  readonly ghostdEnded: Promise<string>;
  readonly ghostplaneEnded: Promise<string>;
  /** Stops the sequencer, then ghostd, each cleanly (SIGTERM), and removes a temporary directory. */
  stop(): Promise<void>;
}

/** Index 0 of the L2 genesis is the sequencer's fee account; `account-i` is at i + 1. */
export function devAccount(i: number): DevAccount {
  const name = `account-${i}`;
  return {
    name,
    l1Address: formatAddress(devKey(name).address),
    l1Seed: `0x${Buffer.from(devKeySeed(name)).toString("hex")}`,
    l2Account: i + 1,
    l2PrivateKey: `0x${Buffer.from(l2PrivateKeyFromSeed(name)).toString("hex")}`,
  };
}

export function maxDevAccounts(circuit: BatchCircuitName): number {
  return 2 ** BATCH_CIRCUITS[circuit].depth - 1;
}

function openLog(path: string): { stream: WriteStream; write: (text: string) => void } {
  const stream = createWriteStream(path, { flags: "a" });
  return { stream, write: (text) => stream.write(text) };
}

export async function startDevnet(o: DevnetOptions): Promise<Devnet> {
  const accounts = o.accounts ?? 10;
  if (!Number.isSafeInteger(accounts) || accounts < 1 || accounts > maxDevAccounts(o.circuit)) {
    throw new RangeError(
      `--accounts must be 1…${maxDevAccounts(o.circuit)} for the ${o.circuit} circuit (a tree of depth ${BATCH_CIRCUITS[o.circuit].depth})`,
    );
  }
  const persistent = o.dataDir !== undefined;
  const dataDir = persistent ? resolve(o.dataDir!) : mkdtempSync(join(tmpdir(), "ghostchain-devnet-"));
  const logDir = join(dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const logs = {
    ghostd: openLog(join(logDir, "ghostd.log")),
    plane: openLog(join(logDir, "ghostplane.log")),
  };
  const logLevel = ["--log-level", o.logLevel ?? "info"];
  const started: NodeProcess[] = [];
  const cleanUp = async () => {
    for (const p of started.reverse()) await p.stop();
    await Promise.all(
      Object.values(logs).map((l) => new Promise<void>((done) => l.stream.end(() => done()))),
    );
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Both start at once (their module loading and circomlibjs setup take seconds each, one core apiece):
    // ghostd on a port chosen now, the sequencer waiting for it to answer.
    const l1Port = o.l1Port === undefined ? 8545 : o.l1Port === 0 ? await freePort() : o.l1Port;
    // One that fails to start ends the other's start too (the sequencer would wait a minute for its L1).
    const failed = new AbortController();
    let firstFailure: unknown;
    const abortOnFailure = <T>(p: Promise<T>) =>
      p.catch((e: unknown) => {
        if (!failed.signal.aborted) firstFailure = e;
        failed.abort();
        throw e;
      });
    const starting = [
      spawnNode(
        "ghostd",
        [
          ...["--data-dir", join(dataDir, "ghostd"), "--port", String(l1Port)],
          ...["--circuit", o.circuit, "--dev-accounts", String(accounts)],
          ...["--block-mode", o.blockMode ?? "auto", "--block-time", String(o.blockTime ?? 50)],
          ...logLevel,
        ],
        { log: logs.ghostd.write, signal: failed.signal },
      ),
      spawnNode(
        "ghostplane",
        [
          ...["--l1", `ws://127.0.0.1:${l1Port}/`, "--data-dir", join(dataDir, "ghostplane")],
          ...["--port", String(o.l2Port ?? 9090), "--circuit", o.circuit],
          ...["--batch-timeout", String(o.batchTimeoutMs ?? 1000), "--prover", o.prover ?? "wasm"],
          ...(o.maxProvingBacklogMs === undefined
            ? []
            : ["--max-proving-backlog", String(o.maxProvingBacklogMs)]),
          ...(o.maxUnsealedTxs === undefined ? [] : ["--max-unsealed", String(o.maxUnsealedTxs)]),
          ...logLevel,
        ],
        { log: logs.plane.write, signal: failed.signal },
      ),
    ].map(abortOnFailure);
    const settled = await Promise.allSettled(starting);
    for (const r of settled) if (r.status === "fulfilled") started.push(r.value);
    if (failed.signal.aborted) throw firstFailure;
    const [ghostd, ghostplane] = started as [NodeProcess, NodeProcess];
    // A persistent directory resumes its chain: the accounts are genesis', whatever --accounts says now.
    const l1 = createGhostdClient(ghostd.url);
    const genesis = genesisFromJson(await l1.l1_genesis());
    await l1.close();
    const funded = genesis.rollup.accounts.length - 1;
    let stopping = false;
    const ended = (p: NodeProcess) =>
      new Promise<string>((resolveEnd) => {
        p.child.once("exit", () => {
          if (!stopping) resolveEnd(`${p.name} ended (${p.exited()}); see ${join(logDir, `${p.name}.log`)}`);
        });
      });
    return {
      circuit: o.circuit,
      l1Url: ghostd.url,
      l1WsUrl: ghostd.wsUrl,
      l2Url: ghostplane.url,
      l2WsUrl: ghostplane.wsUrl,
      dataDir,
      logDir,
      persistent,
      accounts: Array.from({ length: funded }, (_, i) => devAccount(i)),
      ghostd,
      ghostplane,
      ghostdEnded: ended(ghostd),
      ghostplaneEnded: ended(ghostplane),
      async stop() {
        stopping = true;
        await cleanUp();
      },
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}
