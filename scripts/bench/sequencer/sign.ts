/**
 * A signing child of `npm run bench -- sequencer` and `npm run loadtest`: signs L2 txs with the protocol's `signTx`
 * (circomlibjs EdDSA-Poseidon, ≈ 25 ms a signature on one core here) and appends them to each account's
 * cache file, one canonical JSON line per tx. The bench runs one child per core; the files outlive
 * the run (.cache/bench/), so the minutes of signing are paid once per chain id and tx shape.
 *
 * argv[2]: JSON `{ dir, chainId, shape, jobs: [{ account, from, to }] }`: development account `account-i`
 * (L2 index i + 1, key l2KeyFromSeed("account-i")) signs lines from…to − 1 of `shapeTx(shape, …)`
 * (presign.ts: for transfers, line n is nonce n).
 */
import { appendFileSync } from "node:fs";
import { initProtocol, l2KeyFromSeed, opToJson, signTx } from "../../../src/protocol/index.js";
import { accountFile, shapeTx, type TxShape } from "./presign.js";

interface SignJob {
  readonly dir: string;
  readonly chainId: number;
  readonly shape: TxShape;
  readonly jobs: readonly { readonly account: number; readonly from: number; readonly to: number }[];
}

const job = JSON.parse(process.argv[2]!) as SignJob;
await initProtocol();
const total = job.jobs.reduce((s, j) => s + j.to - j.from, 0);
let done = 0;
let reported = performance.now();
for (const { account, from, to } of job.jobs) {
  const { privateKey } = l2KeyFromSeed(`account-${account}`);
  const lines: string[] = [];
  for (let line = from; line < to; line++) {
    lines.push(
      `${JSON.stringify(opToJson(signTx(job.chainId, privateKey, shapeTx(job.shape, account, line))))}\n`,
    );
    done++;
    if (performance.now() - reported > 30_000) {
      reported = performance.now();
      console.error(`sequencer bench: signing child ${process.pid}: ${done}/${total}`);
    }
  }
  // One append per account: an interrupted child leaves at most a cut last line, which presign drops.
  appendFileSync(accountFile(job.dir, account), lines.join(""));
}
