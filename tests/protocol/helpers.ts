/** Shared fixtures for the protocol tests: deterministic keys, a funded genesis and signing shortcuts. */
import {
  type Account,
  type ChainConfig,
  createGenesis,
  type L2Key,
  l2KeyFromSeed,
  type State,
  signTx,
  type Transfer,
  type Withdraw,
} from "../../src/protocol/index.js";

export const CONFIG: ChainConfig = { chainId: 7, depth: 4, batchSize: 8 };

export function key(i: number): L2Key {
  return l2KeyFromSeed(`test-account-${i}`);
}

export function l1(i: number): bigint {
  return 0x1000n + BigInt(i);
}

export function fundedAccount(
  i: number,
  balances: Account["balances"] = [10n ** 6n, 5000n, 300n, 7n],
): Account {
  const { ax, ay } = key(i).publicKey;
  return { ax, ay, l1Address: l1(i), nonce: 0, balances };
}

/** Genesis with `n` funded accounts at indexes 0..n-1, keyed by key(i). */
export function genesis(n = 4, config: ChainConfig = CONFIG): State {
  return createGenesis(
    config,
    Array.from({ length: n }, (_, i) => fundedAccount(i)),
  );
}

export function transfer(
  from: number,
  to: number,
  fields: Partial<Omit<Transfer, "type" | "from" | "to" | "signature">> = {},
  chainId = CONFIG.chainId,
): Transfer {
  return signTx(chainId, key(from).privateKey, {
    type: "transfer",
    from,
    to,
    token: 0,
    amount: 100n,
    fee: 1n,
    nonce: 0,
    ...fields,
  });
}

export function withdraw(
  from: number,
  fields: Partial<Omit<Withdraw, "type" | "from" | "signature">> = {},
  chainId = CONFIG.chainId,
): Withdraw {
  return signTx(chainId, key(from).privateKey, {
    type: "withdraw",
    from,
    token: 0,
    amount: 100n,
    fee: 1n,
    nonce: 0,
    ...fields,
  });
}
