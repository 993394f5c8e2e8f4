/**
 * Pre-signed L2 txs for `npm run bench -- sequencer` and `npm run loadtest`, cached under
 * .cache/bench/sequencer/: one file per development account, L2 chain id and tx shape, one canonical JSON
 * line per tx. The bench's shape is transfers, line n at nonce n; the load test's tx mix adds a shape of
 * withdrawals at a fixed share of the nonces (`withdrawNonce`). What is missing is signed by two child
 * processes (sign.ts, one per core) before anything is timed; later runs read the files. Signatures are
 * deterministic (EdDSA), so a cached line is exactly what signing again would give.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Transfer, Withdraw } from "../../../src/protocol/index.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** Bumped whenever `transferTx` or `withdrawTx` changes: older cache files then hold other transactions. */
const TX_SHAPE = "v1";

/**
 * The `nonce`-th transfer of development account `account-i` (L2 index i + 1): 1 unit of token 0, fee 1,
 * to its pair's index (account i ^ 1), so every tx depends on its account and nonce alone and a cache file
 * serves any number of accounts (an even number: each pair both sends and receives).
 */
export function transferTx(account: number, nonce: number): Omit<Transfer, "signature"> {
  return { type: "transfer", from: account + 1, to: (account ^ 1) + 1, token: 0, amount: 1n, fee: 1n, nonce };
}

/**
 * A withdrawal of development account `account-i` at `nonce`: 1 unit of token 0, fee 1, paid on L1 to
 * the account's owner once its batch settles.
 */
export function withdrawTx(account: number, nonce: number): Omit<Withdraw, "signature"> {
  return { type: "withdraw", from: account + 1, token: 0, amount: 1n, fee: 1n, nonce };
}

/**
 * Withdrawals at `perMille` of the nonces, spread evenly: nonce n is one when ⌊(n+1)·m/1000⌋ > ⌊n·m/1000⌋,
 * so the i-th of them (from 0) is at nonce ⌈(i+1)·1000/m⌉ − 1 and a file's lines need no nonce beside them.
 */
export function withdrawNonce(i: number, perMille: number): number {
  return Math.ceil(((i + 1) * 1000) / perMille) - 1;
}

/** The withdrawal's line if nonce `n` is one at `perMille` (withdrawNonce's inverse), else undefined. */
export function withdrawLine(n: number, perMille: number): number | undefined {
  const line = Math.floor((n * perMille) / 1000);
  return Math.floor(((n + 1) * perMille) / 1000) > line ? line : undefined;
}

/** What a cache holds: transfers (line n at nonce n), or withdrawals at `perMille` of the nonces. */
export type TxShape =
  | { readonly kind: "transfer" }
  | { readonly kind: "withdraw"; readonly perMille: number };

/** Line `line` of development account `account`'s file of a shape: the tx it signs. */
export function shapeTx(
  shape: TxShape,
  account: number,
  line: number,
): Omit<Transfer, "signature"> | Omit<Withdraw, "signature"> {
  return shape.kind === "transfer"
    ? transferTx(account, line)
    : withdrawTx(account, withdrawNonce(line, shape.perMille));
}

export function accountFile(dir: string, account: number): string {
  return join(dir, `account-${account}.txt`);
}

/** The complete lines of an account's file; a line cut by an interrupted child is dropped from the file. */
function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) writeFileSync(file, text.slice(0, end));
  return end === 0 ? [] : text.slice(0, end - 1).split("\n");
}

/**
 * Each account's first `perAccount` signed txs of a shape (transfers by default; canonical JSON strings),
 * signing what the cache lacks.
 */
export async function presign(o: {
  readonly chainId: number;
  readonly accounts: number;
  readonly perAccount: number;
  readonly shape?: TxShape;
  readonly log: (line: string) => void;
}): Promise<string[][]> {
  const shape = o.shape ?? { kind: "transfer" };
  const name = shape.kind === "transfer" ? TX_SHAPE : `withdraw-${shape.perMille}-${TX_SHAPE}`;
  const dir = join(ROOT, ".cache", "bench", "sequencer", `chain-${o.chainId}-${name}`);
  mkdirSync(dir, { recursive: true });
  const jobs: { account: number; from: number; to: number }[] = [];
  for (let account = 0; account < o.accounts; account++) {
    const have = readLines(accountFile(dir, account)).length;
    if (have < o.perAccount) jobs.push({ account, from: have, to: o.perAccount });
  }
  const missing = jobs.reduce((s, j) => s + j.to - j.from, 0);
  if (missing > 0) {
    o.log(`signing ${missing} ${shape.kind}s in 2 child processes (cached in ${dir})`);
    const started = performance.now();
    // Largest first onto the lighter child: the two finish close together.
    const halves: { jobs: typeof jobs; work: number }[] = [
      { jobs: [], work: 0 },
      { jobs: [], work: 0 },
    ];
    for (const j of jobs.sort((a, b) => b.to - b.from - (a.to - a.from))) {
      const h = halves[0]!.work <= halves[1]!.work ? halves[0]! : halves[1]!;
      h.jobs.push(j);
      h.work += j.to - j.from;
    }
    await Promise.all(
      halves
        .filter((h) => h.jobs.length > 0)
        .map(async (h, k) => {
          const arg = JSON.stringify({ dir, chainId: o.chainId, shape, jobs: h.jobs });
          const child = spawn(
            process.execPath,
            ["--import", "tsx", join(import.meta.dirname, "sign.ts"), arg],
            { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
          );
          const code = await new Promise<number | null>((ok) => child.once("exit", ok));
          if (code !== 0) throw new Error(`signing child ${k} exited with ${code}`);
        }),
    );
    o.log(`signed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return Array.from({ length: o.accounts }, (_, account) => {
    const lines = readLines(accountFile(dir, account));
    if (lines.length < o.perAccount)
      throw new Error(`account-${account}: ${lines.length} signed ${shape.kind}s`);
    return lines.slice(0, o.perAccount);
  });
}
