/**
 * What every `ghost` command shares: the global options (where the nodes are, the keystore, --json),
 * clients opened on first use and closed at the end, the output (human text, or one JSON document with
 * --json) and the keys behind --from. Heavy modules (the clients, the crypto) are imported on first use,
 * so `ghost --help` loads none of them.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import type { GhostdClient, GhostplaneClient } from "../../client/index.js";
import type { L1KeyPair } from "../../l1/keys/index.js";
import type { L2Key } from "../../protocol/index.js";
import { usage } from "./format.js";

export interface GlobalOptions {
  readonly l1: string;
  readonly l2: string;
  readonly keystore: string;
  readonly passphraseFile?: string;
  readonly json?: boolean;
}

export const DEFAULTS = {
  l1: process.env.GHOST_L1 ?? "http://127.0.0.1:8545",
  l2: process.env.GHOST_L2 ?? "http://127.0.0.1:9090",
  keystore: process.env.GHOST_KEYSTORE ?? join(homedir(), ".ghostchain", "keystore"),
};

/** The keys of --from: a development account's (publicly known) or a keystore entry's. */
export interface SignerKeys {
  readonly label: string;
  readonly l1: L1KeyPair;
  readonly l2: L2Key;
}

export interface Context {
  readonly options: GlobalOptions;
  l1(): Promise<GhostdClient>;
  l2(): Promise<GhostplaneClient>;
  /** A WebSocket client of the sequencer (subscriptions). */
  l2Ws(): Promise<GhostplaneClient>;
  keys(from: string): Promise<SignerKeys>;
  /** Prints `human` (lines), or with --json remembers `json` as the command's result. */
  print(human: string | readonly string[], json?: unknown): void;
  /** A line of progress on stderr, never in --json's stdout. */
  note(line: string): void;
  close(): Promise<void>;
}

const toWs = (url: string) => url.replace(/^http/, "ws");

export function createContext(options: GlobalOptions): Context {
  const open: { close(): Promise<void> }[] = [];
  const once = <T extends { close(): Promise<void> }>(make: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => {
      p ??= make().then((c) => {
        open.push(c);
        return c;
      });
      return p;
    };
  };
  // Loaded by the first command that talks to a node (the module cache makes later imports free).
  const client = () => import("../../client/index.js");
  let printedJson = false;
  const unlocked = new Map<string, Promise<SignerKeys>>();
  return {
    options,
    l1: once(async () => (await client()).createGhostdClient(options.l1)),
    l2: once(async () => (await client()).createGhostplaneClient(options.l2)),
    l2Ws: once(async () => (await client()).createGhostplaneClient(toWs(options.l2))),
    keys: (from) => {
      // Unlocked once per command: a keystore key costs a passphrase and a scrypt run.
      let k = unlocked.get(from);
      if (k === undefined) {
        k = resolveKeys(from, options);
        unlocked.set(from, k);
      }
      return k;
    },
    print(human, json) {
      if (options.json) {
        if (json === undefined) return;
        if (printedJson) throw new Error("a command printed two JSON results");
        printedJson = true;
        process.stdout.write(`${JSON.stringify(json, bigintJson)}\n`);
      } else process.stdout.write(`${typeof human === "string" ? human : human.join("\n")}\n`);
    },
    note(line) {
      process.stderr.write(`${line}\n`);
    },
    async close() {
      await Promise.allSettled(open.map((c) => c.close()));
    },
  };
}

export function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** `dev:<name>`: the publicly known development keys of <name>; anything else: a keystore entry. */
async function resolveKeys(from: string, options: GlobalOptions): Promise<SignerKeys> {
  const dev = /^dev:(.+)$/.exec(from);
  if (dev) {
    const name = dev[1]!;
    if (!/^[a-z0-9-]{1,32}$/.test(name)) throw usage(`--from: "${from}" is not a development key name`);
    const [{ devKey }, { initProtocol, l2KeyFromSeed }] = await Promise.all([
      import("../../l1/keys/index.js"),
      import("../../protocol/index.js"),
    ]);
    await initProtocol();
    return { label: from, l1: devKey(name), l2: l2KeyFromSeed(name) };
  }
  const [{ openKeystore }, { readPassphrase }] = await Promise.all([
    import("../../client/index.js"),
    import("./passphrase.js"),
  ]);
  const keystore = openKeystore(options.keystore);
  const unlocked = await keystore.unlock(from, await readPassphrase(options, `passphrase of "${from}": `));
  return { label: from, l1: unlocked.l1, l2: unlocked.l2 };
}
