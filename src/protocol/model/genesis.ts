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

export function createGenesis(config: ChainConfig, accounts: readonly Account[] = []): State {
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
  accounts.forEach((a, i) => {
    if (!isValidPublicKey(a) || !isBigUint(a.l1Address, L1_ADDRESS_BITS) || !isUint(a.nonce, NONCE_BITS)) {
      throw invalid(`account ${i}: bad key, L1 address or nonce`);
    }
    if (a.balances.length !== 4 || !a.balances.every((b) => isBigUint(b, BALANCE_BITS))) {
      throw invalid(`account ${i}: balances expected 4 integers below 2^${BALANCE_BITS}`);
    }
    state = putAccount(state, i, a);
  });
  return state;
}
