/**
 * `ghost exodus`: once the rollup is in exodus (docs/l1.md §4.2), an owner takes an L2 account's balances
 * back on L1 with an ExodusWithdraw (§4.4), proving the account's leaf against the last settled root. The
 * leaf and its Merkle proof come from the L2 state rebuilt from ghostd's posted data alone, so no
 * sequencer is needed. The result is the transactions' fields, for the owner's `L1Signer.send`.
 */
import { formatAddress } from "../l1/tx/index.js";
import { type Account, GhostError, merkleProof } from "../protocol/index.js";
import type { GhostdClient, UnsignedL1Tx } from "./ghostd.js";
import { rebuildSettledL2State } from "./rebuildSettledL2State.js";

/** An ExodusWithdraw before the sender fills in chain id, sender (the owner), nonce and fee. */
export type ExodusWithdrawal = Extract<UnsignedL1Tx, { type: "exodusWithdraw" }>;

export interface ExodusWithdrawPlan {
  /** The last settled batch, whose root the proofs verify against. */
  readonly lastBatch: number;
  readonly lastRoot: bigint;
  /** One per account, in index order. */
  readonly withdrawals: readonly ExodusWithdrawal[];
}

export interface ExodusWithdrawOptions {
  /** The L2 account to withdraw; if absent, every account `owner` owns that holds something. */
  readonly account?: number;
  /** The L1 address that will sign: the accounts' L1 owner (their leaf's l1Address). */
  readonly owner: bigint;
}

const holdsSomething = (a: Account) => a.balances.some((b) => b !== 0n);

/**
 * The ExodusWithdraw fields for `owner`'s account(s). Refuses with ROLLUP_NOT_EXODUS outside exodus,
 * TX_UNKNOWN_ACCOUNT for an index with no account, and CLI_USAGE (details.reason "notOwner" or
 * "nothingToWithdraw") for an account `owner` does not own or one whose balances are all 0. Whether an
 * account has already withdrawn is not visible over RPC: the transaction's receipt says
 * ROLLUP_ALREADY_WITHDRAWN.
 */
export async function exodusWithdrawFields(
  l1: GhostdClient,
  o: ExodusWithdrawOptions,
): Promise<ExodusWithdrawPlan> {
  // Refused before the rebuild, which replays every settled batch.
  if (!(await l1.l1_rollupState()).exodus) {
    throw new GhostError("ROLLUP_NOT_EXODUS", "the rollup is not in exodus: withdraw on L2 or force an exit");
  }
  const { config, rollup, state } = await rebuildSettledL2State(l1);
  const owner = formatAddress(o.owner);
  let indexes: number[];
  if (o.account !== undefined) {
    const account = state.accounts.get(o.account);
    if (account === undefined) {
      throw new GhostError("TX_UNKNOWN_ACCOUNT", `no L2 account ${o.account} was settled on L1`, {
        details: { account: o.account },
      });
    }
    if (account.l1Address !== o.owner) {
      throw new GhostError(
        "CLI_USAGE",
        `L2 account ${o.account} is owned by ${formatAddress(account.l1Address)}, not ${owner}`,
        { details: { reason: "notOwner", account: o.account } },
      );
    }
    if (!holdsSomething(account)) {
      throw new GhostError("CLI_USAGE", `L2 account ${o.account} holds nothing to withdraw`, {
        details: { reason: "nothingToWithdraw", account: o.account },
      });
    }
    indexes = [o.account];
  } else {
    const owned = [...state.accounts.entries()]
      .filter(([, a]) => a.l1Address === o.owner)
      .sort(([i], [j]) => i - j);
    if (owned.length === 0) {
      throw new GhostError("CLI_USAGE", `${owner} owns no L2 account`, {
        details: { reason: "notOwner" },
      });
    }
    indexes = owned.filter(([, a]) => holdsSomething(a)).map(([i]) => i);
    if (indexes.length === 0) {
      throw new GhostError(
        "CLI_USAGE",
        `the L2 accounts of ${owner} (${owned.map(([i]) => i).join(", ")}) hold nothing to withdraw`,
        { details: { reason: "nothingToWithdraw", accounts: owned.map(([i]) => i) } },
      );
    }
  }
  const withdrawals = indexes.map((index): ExodusWithdrawal => {
    const a = state.accounts.get(index)!;
    return {
      type: "exodusWithdraw",
      account: index,
      ax: a.ax,
      ay: a.ay,
      accountNonce: a.nonce,
      balances: a.balances,
      siblings: merkleProof(state.nodes, config.depth, index).siblings,
    };
  });
  return { lastBatch: rollup.lastBatch, lastRoot: BigInt(rollup.lastRoot), withdrawals };
}
