/**
 * Fixtures of the engine tests: a small chain whose genesis reaches every edge the rules have (a
 * balance near 2^126 for overflows, a GCC balance near 2^126 for fee overflows), deterministic keys,
 * and the model's leaf writes of a batch, from which the expected per-write witness is rebuilt.
 */
import type { Engine } from "../../src/bridge/index.js";
import {
  type Account,
  type ChainConfig,
  type L2Key,
  type L2Tx,
  l2KeyFromSeed,
  type Receipt,
  signTx,
} from "../../src/protocol/index.js";

export const CONFIG: ChainConfig = { chainId: 7, depth: 4, batchSize: 8 };
export const NEAR_LIMIT = (1n << 126n) - 5n;

const keys = new Map<number, L2Key>();
export function key(i: number): L2Key {
  let k = keys.get(i);
  if (k === undefined) {
    k = l2KeyFromSeed(`engine-test-${i}`);
    keys.set(i, k);
  }
  return k;
}

export function l1(i: number): bigint {
  return 0x1000n + BigInt(i);
}

/** Accounts 0-1 ordinary, 2 with a SPIRIT balance near 2^126, 3 with a GCC balance near 2^126. */
export function genesisAccounts(n = 4): Account[] {
  return Array.from({ length: n }, (_, i) => {
    const balances: Account["balances"] =
      i === 2
        ? [10n ** 6n, NEAR_LIMIT, 300n, 7n]
        : i === 3
          ? [NEAR_LIMIT, 5000n, 300n, 7n]
          : [10n ** 6n, 5000n, 300n, 7n];
    return { ...key(i).publicKey, l1Address: l1(i), nonce: 0, balances };
  });
}

/** A GCC transfer of CONFIG's chain signed by key(`signer`): genesis account `from`'s key by default. */
export function signedTransfer(
  from: number,
  to: number,
  amount: bigint,
  nonce: number,
  { fee = 1n, signer = from }: { fee?: bigint; signer?: number } = {},
): L2Tx {
  return signTx(CONFIG.chainId, key(signer).privateKey, {
    type: "transfer",
    from,
    to,
    token: 0,
    amount,
    fee,
    nonce,
  });
}

/** Everything ops and batch closes change, as an engine reports it: every account, the counters, the queue. */
export function engineState(e: Engine) {
  return {
    accounts: Array.from({ length: e.nextIndex + 1 }, (_, i) => e.account(i)),
    nextIndex: e.nextIndex,
    batchNumber: e.batchNumber,
    priorityCount: e.priorityCount,
    priorityHash: e.priorityHash,
    openOps: e.openOps,
    pendingFees: e.pendingFees,
  };
}

/** Indexes of the accounts an applied op writes, in the model's putAccount order. */
export function writesOf(
  op: { type: string; from?: number; to?: number | null; account?: number },
  receipt: Receipt,
): number[] {
  if (receipt.status === "noop") return [];
  switch (op.type) {
    case "transfer":
      return [op.from!, op.to as number];
    case "withdraw":
      return [op.from!];
    case "deposit":
      return [receipt.account!];
    case "forcedExit":
      return [op.account!];
    default:
      return [];
  }
}
