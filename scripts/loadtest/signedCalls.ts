/**
 * The load test's calls, signed before anything is timed: each development account's txs in nonce order
 * from its current nonce, as the tx mix asks. Withdrawals sit at a fixed share of the nonces (the
 * presigner's `withdrawLine`, so their cache serves any run with the same share); the other nonces are
 * transfers, sent one per call or, to keep the `batch` share, `userBatch` at a time as one atomic
 * `l2_sendTransactions` call (never across a withdrawal). Transfers and withdrawals come from the
 * sequencer bench's presigner and its cache (.cache/bench/sequencer/).
 */
import type { LoadCall } from "../bench/sequencer/load.js";
import { presign, withdrawLine } from "../bench/sequencer/presign.js";
import type { TxMix } from "./parseMix.js";

export interface SignedCalls {
  /** Each connection's calls: its accounts' (account a on connection a mod connections), taken in turn. */
  readonly perConnection: LoadCall[][];
  /** Txs planned, by kind (`batched`: transfers inside user batches). */
  readonly planned: { readonly transfer: number; readonly withdraw: number; readonly batched: number };
  readonly userBatches: number;
}

/** The withdrawal share in thousandths, as the presigner's cache is keyed. */
export function withdrawPerMille(mix: TxMix): number {
  return Math.round(mix.shares.withdraw * 1000);
}

export async function signedCalls(o: {
  readonly chainId: number;
  readonly mix: TxMix;
  /** Each account's next nonce (account i is `account-i`, L2 index i + 1). */
  readonly startNonces: readonly number[];
  /** Txs in all. */
  readonly txs: number;
  readonly userBatch: number;
  readonly connections: number;
  readonly log: (line: string) => void;
}): Promise<SignedCalls> {
  const accounts = o.startNonces.length;
  const count = (a: number) => Math.floor(o.txs / accounts) + (a < o.txs % accounts ? 1 : 0);
  const ends = o.startNonces.map((n, a) => n + count(a));
  const perMille = withdrawPerMille(o.mix);
  const maxEnd = Math.max(...ends);
  const transfers = await presign({ chainId: o.chainId, accounts, perAccount: maxEnd, log: o.log });
  const withdrawals =
    perMille === 0
      ? []
      : await presign({
          chainId: o.chainId,
          accounts,
          perAccount: Math.floor((maxEnd * perMille) / 1000),
          shape: { kind: "withdraw", perMille },
          log: o.log,
        });
  const planned = { transfer: 0, withdraw: 0, batched: 0 };
  let userBatches = 0;
  const perAccount = o.startNonces.map((start, a) => {
    const calls: LoadCall[] = [];
    const end = ends[a]!;
    const isWithdrawal = (n: number) => (perMille === 0 ? undefined : withdrawLine(n, perMille));
    let done = 0;
    let batched = 0;
    for (let n = start; n < end; ) {
      const line = isWithdrawal(n);
      if (line !== undefined) {
        calls.push(withdrawals[a]![line]!);
        planned.withdraw++;
        done++;
        n++;
        continue;
      }
      // A user batch while the batched share is behind the mix's, of the transfers up to the next withdrawal.
      let size = 1;
      if (batched < o.mix.shares.batch * (done + 1)) {
        while (size < o.userBatch && n + size < end && isWithdrawal(n + size) === undefined) size++;
      }
      if (size > 1) {
        calls.push(transfers[a]!.slice(n, n + size));
        planned.batched += size;
        batched += size;
        userBatches++;
      } else {
        calls.push(transfers[a]![n]!);
        planned.transfer++;
      }
      done += size;
      n += size;
    }
    return calls;
  });
  const perConnection = Array.from({ length: o.connections }, (_, c) => {
    const mine = perAccount.filter((_, a) => a % o.connections === c);
    const calls: LoadCall[] = [];
    for (let i = 0; i < Math.max(0, ...mine.map((m) => m.length)); i++) {
      for (const m of mine) if (i < m.length) calls.push(m[i]!);
    }
    return calls;
  });
  return { perConnection, planned, userBatches };
}
