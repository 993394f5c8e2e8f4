/**
 * Pre-signed L2 transfers for `npm run bench -- sequencer`, cached under .cache/bench/sequencer/: one file
 * per development account and L2 chain id, one canonical JSON line per nonce from 0 on. What is missing is
 * signed by two child processes (sign.ts, one per core) before anything is timed; later runs read the
 * files. Signatures are deterministic (EdDSA), so a cached line is exactly what signing again would give.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Transfer } from "../../../src/protocol/index.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** Bumped whenever `transferTx` changes: older cache files then hold other transactions. */
const TX_SHAPE = "v1";

/**
 * The `nonce`-th transfer of development account `account-i` (L2 index i + 1): 1 unit of token 0, fee 1,
 * to its pair's index (account i ^ 1), so every tx depends on its account and nonce alone and a cache file
 * serves any number of accounts (an even number: each pair both sends and receives).
 */
export function transferTx(account: number, nonce: number): Omit<Transfer, "signature"> {
  return { type: "transfer", from: account + 1, to: (account ^ 1) + 1, token: 0, amount: 1n, fee: 1n, nonce };
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

/** Each account's first `perAccount` signed transfers (canonical JSON strings), signing what the cache lacks. */
export async function presign(o: {
  readonly chainId: number;
  readonly accounts: number;
  readonly perAccount: number;
  readonly log: (line: string) => void;
}): Promise<string[][]> {
  const dir = join(ROOT, ".cache", "bench", "sequencer", `chain-${o.chainId}-${TX_SHAPE}`);
  mkdirSync(dir, { recursive: true });
  const jobs: { account: number; from: number; to: number }[] = [];
  for (let account = 0; account < o.accounts; account++) {
    const have = readLines(accountFile(dir, account)).length;
    if (have < o.perAccount) jobs.push({ account, from: have, to: o.perAccount });
  }
  const missing = jobs.reduce((s, j) => s + j.to - j.from, 0);
  if (missing > 0) {
    o.log(`signing ${missing} transfers in 2 child processes (cached in ${dir})`);
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
          const arg = JSON.stringify({ dir, chainId: o.chainId, jobs: h.jobs });
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
    if (lines.length < o.perAccount) throw new Error(`account-${account}: ${lines.length} signed transfers`);
    return lines.slice(0, o.perAccount);
  });
}
