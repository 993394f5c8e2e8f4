/**
 * ExodusWithdraw (docs/l1.md §4.4): once in exodus, an L2 account's owner proves its leaf against the last
 * settled root with a native Poseidon Merkle proof (no prover) and takes its four balances from escrow,
 * once. `from` is a leaf input, so a leaf owned by someone else does not verify.
 */
import {
  accountLeaf,
  BALANCE_BITS,
  GhostError,
  SIBLINGS_PER_LEVEL,
  TOKEN_COUNT,
  type TokenId,
  treeLevels,
  verifyMerkleProof,
} from "../../protocol/index.js";
import type { ChainState } from "../state/index.js";
import type { ExodusWithdrawTx } from "../tx/index.js";
import { payFromEscrow } from "./payouts.js";
import type { RollupContext } from "./types.js";

/** The proof's shape must fit the tree: an index beyond 2^D would alias a real leaf's path. */
function proves(tx: ExodusWithdrawTx, root: bigint, depth: number): boolean {
  if (tx.account >= 2 ** depth) return false;
  if (tx.siblings.length !== SIBLINGS_PER_LEVEL * treeLevels(depth)) return false;
  if (tx.balances.some((b) => b >> BigInt(BALANCE_BITS) !== 0n)) return false;
  const leaf = accountLeaf({
    ax: tx.ax,
    ay: tx.ay,
    l1Address: tx.from,
    nonce: tx.accountNonce,
    balances: tx.balances,
  });
  return verifyMerkleProof(root, { index: tx.account, leaf, siblings: tx.siblings });
}

export function exodusWithdraw(state: ChainState, tx: ExodusWithdrawTx, ctx: RollupContext): void {
  const r = state.rollup();
  if (!r.exodus) throw new GhostError("ROLLUP_NOT_EXODUS");
  if (!proves(tx, r.lastRoot, ctx.params.depth)) throw new GhostError("ROLLUP_BAD_MERKLE_PROOF");
  if (state.hasNullifier(tx.account)) throw new GhostError("ROLLUP_ALREADY_WITHDRAWN");
  state.putNullifier(tx.account);
  for (let t = 0; t < TOKEN_COUNT; t++) {
    const amount = tx.balances[t]!;
    if (amount === 0n) continue;
    payFromEscrow(state, tx.from, t as TokenId, amount);
    ctx.emit({
      type: "withdrawalPaid",
      source: "exodus",
      account: tx.account,
      to: tx.from,
      token: t as TokenId,
      amount,
    });
  }
}
