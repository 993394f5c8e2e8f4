/** Reading and writing accounts in a State: every write returns a new State with the tree path rehashed. */
import { accountLeaf, setLeaf, treeRoot } from "../tree/index.js";
import type { Account, State } from "../types.js";

/** The account tree root of a state. */
export function stateRoot(state: State): bigint {
  return treeRoot(state.nodes, state.config.depth);
}

/** The account at `index`, or undefined if none was created there (or the index is out of the tree). */
export function getAccount(state: State, index: number): Account | undefined {
  return state.accounts.get(index);
}

/** A new state with `account` stored at `index` (created if `index` is `state.nextIndex`). */
export function putAccount(state: State, index: number, account: Account): State {
  const accounts = new Map(state.accounts);
  accounts.set(index, account);
  return {
    ...state,
    accounts,
    nodes: setLeaf(state.nodes, state.config.depth, index, accountLeaf(account)),
    nextIndex: Math.max(state.nextIndex, index + 1),
  };
}
