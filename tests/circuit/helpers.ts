/**
 * Shared fixtures for the batch-circuit tests: the test-size circuit (built once through the dev setup and
 * cached), a funded genesis matching its chain parameters, and a witness check that reports failures as
 * WITNESS_FAILED.
 */
import {
  type Account,
  type ChainConfig,
  createGenesis,
  initProtocol,
  type L2Key,
  l2KeyFromSeed,
  type State,
  signTx,
  type Transfer,
  type Withdraw,
} from "../../src/protocol/index.js";
import { BATCH_CIRCUITS, type BuiltBatchCircuit, buildBatchCircuit } from "../../src/prover/index.js";

await initProtocol();

export const CIRCUIT = BATCH_CIRCUITS.test;
export const CONFIG: ChainConfig = { chainId: 7, depth: CIRCUIT.depth, batchSize: CIRCUIT.nSlots };

let built: Promise<BuiltBatchCircuit> | undefined;

/** The test circuit's compiled wasm and dev keys (compiled and set up once per cache key). */
export function testCircuit(): Promise<BuiltBatchCircuit> {
  built ??= buildBatchCircuit("test");
  return built;
}

export function key(i: number): L2Key {
  return l2KeyFromSeed(`circuit-account-${i}`);
}

export function l1(i: number): bigint {
  return 0xa11ce000n + BigInt(i);
}

export function account(i: number, balances: Account["balances"] = [10n ** 6n, 5000n, 300n, 7n]): Account {
  const { ax, ay } = key(i).publicKey;
  return { ax, ay, l1Address: l1(i), nonce: 0, balances };
}

export function genesis(n = 4, balances?: Account["balances"]): State {
  return createGenesis(
    CONFIG,
    Array.from({ length: n }, (_, i) => account(i, balances)),
  );
}

export function transfer(
  from: number,
  to: number,
  fields: Partial<Omit<Transfer, "type" | "from" | "to" | "signature">> = {},
): Transfer {
  return signTx(CONFIG.chainId, key(from).privateKey, {
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
): Withdraw {
  return signTx(CONFIG.chainId, key(from).privateKey, {
    type: "withdraw",
    from,
    token: 0,
    amount: 100n,
    fee: 1n,
    nonce: 0,
    ...fields,
  });
}
