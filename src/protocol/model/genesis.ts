/** The genesis state: chain parameters and the prefunded accounts at indexes 0, 1, 2, … (docs/protocol.md §5.1). */
import {
  BALANCE_BITS,
  CHAIN_ID_BITS,
  L1_ADDRESS_BITS,
  MAX_BATCH_SIZE,
  MAX_TREE_DEPTH,
  MIN_TREE_DEPTH,
  NONCE_BITS,
} from "../constants.js";
import { isValidPublicKey } from "../crypto/index.js";
import { GhostError } from "../errors.js";
import { isTreeDepth } from "../tree/index.js";
import type { Account, ChainConfig, State } from "../types.js";
import { isBigUint, isUint } from "./checks.js";
import { EMPTY_PRIORITY_HASH } from "./priorityHash.js";
import { putAccount } from "./state.js";

function invalid(message: string): GhostError {
  return new GhostError("GENESIS_INVALID", message);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

/** Every field of a genesis account within its width, and a valid key (docs/protocol.md §5.1). */
function checkAccount(a: unknown, i: number): asserts a is Account {
  if (!isObject(a)) throw invalid(`account ${i}: expected an object`);
  const keyed = isBigUint(a.ax, 256) && isBigUint(a.ay, 256);
  if (!keyed || !isValidPublicKey(a as unknown as Account)) throw invalid(`account ${i}: bad key`);
  if (!isBigUint(a.l1Address, L1_ADDRESS_BITS) || !isUint(a.nonce, NONCE_BITS)) {
    throw invalid(`account ${i}: bad L1 address or nonce`);
  }
  const { balances } = a;
  if (
    !Array.isArray(balances) ||
    balances.length !== 4 ||
    !balances.every((b) => isBigUint(b, BALANCE_BITS))
  ) {
    throw invalid(`account ${i}: balances expected 4 integers below 2^${BALANCE_BITS}`);
  }
}

export function createGenesis(config: ChainConfig, accounts: readonly Account[] = []): State {
  if (!isObject(config)) throw invalid("the chain parameters expected an object");
  if (!Array.isArray(accounts)) throw invalid("the genesis accounts expected an array");
  if (!isUint(config.chainId, CHAIN_ID_BITS))
    throw invalid(`"chainId" expected integer below 2^${CHAIN_ID_BITS}`);
  if (!isTreeDepth(config.depth)) {
    throw invalid(
      `"depth" expected an even integer in [${MIN_TREE_DEPTH}, ${MAX_TREE_DEPTH}], got ${config.depth}`,
    );
  }
  if (!Number.isSafeInteger(config.batchSize) || config.batchSize < 1 || config.batchSize > MAX_BATCH_SIZE) {
    throw invalid(`"batchSize" expected an integer in [1, ${MAX_BATCH_SIZE}], got ${config.batchSize}`);
  }
  if (accounts.length > 2 ** config.depth) throw invalid("more genesis accounts than leaves");
  let state: State = {
    config: { chainId: config.chainId, depth: config.depth, batchSize: config.batchSize },
    accounts: new Map(),
    nodes: new Map(),
    nextIndex: 0,
    priorityCount: 0,
    priorityHash: EMPTY_PRIORITY_HASH,
    batchNumber: 0,
    pendingFees: 0n,
  };
  // Check all before storing any: a dense array of valid accounts (holes and nulls are refused).
  for (let i = 0; i < accounts.length; i++) checkAccount(accounts[i], i);
  accounts.forEach((a, i) => {
    state = putAccount(state, i, a);
  });
  return state;
}
