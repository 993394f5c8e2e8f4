/**
 * The protocol's data types (docs/protocol.md §3–§5). Plain readonly data: the model never mutates a value
 * it was given, so "an invalid op changes nothing" holds by construction.
 */
import type { TokenId } from "./constants.js";
import type { ErrorCode } from "./errors.js";

/** Four balances indexed by token id: GCC, SPIRIT, MANA, GHOST. */
export type Balances = readonly [bigint, bigint, bigint, bigint];

/** One leaf of the account tree. `l1Address` is set at creation and never changes. */
export interface Account {
  readonly ax: bigint;
  readonly ay: bigint;
  readonly l1Address: bigint;
  readonly nonce: number;
  readonly balances: Balances;
}

/** L1 priority op: credit an existing account (`to` = its index) or create the next free one (`to` = null). */
export interface Deposit {
  readonly type: "deposit";
  readonly to: number | null;
  readonly token: TokenId;
  readonly amount: bigint;
  /** Public key and L1 owner of the created account; all 0 when crediting an existing account. */
  readonly ax: bigint;
  readonly ay: bigint;
  readonly l1Address: bigint;
}

/** L1 priority op: move one token's whole balance of `account` to its L1 owner, if `requester` is that owner. */
export interface ForcedExit {
  readonly type: "forcedExit";
  readonly account: number;
  readonly token: TokenId;
  readonly requester: bigint;
}

export type PriorityOp = Deposit | ForcedExit;

/** L2 tx: `amount` of `token` from `from` to `to`, paying `fee` GCC to the batch's fee account. */
export interface Transfer {
  readonly type: "transfer";
  readonly from: number;
  readonly to: number;
  readonly token: TokenId;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: number;
  /** 64 bytes: circomlibjs packSignature (compressed R8 ‖ S little-endian). */
  readonly signature: Uint8Array;
}

/** L2 tx: `amount` of `token` from `from` to its L1 owner, paying `fee` GCC to the batch's fee account. */
export interface Withdraw {
  readonly type: "withdraw";
  readonly from: number;
  readonly token: TokenId;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: number;
  readonly signature: Uint8Array;
}

export type L2Tx = Transfer | Withdraw;

/** Pads a batch to its fixed size; changes nothing. */
export interface Noop {
  readonly type: "noop";
}

export type Op = PriorityOp | L2Tx | Noop;

/** Chain parameters, fixed at genesis. */
export interface ChainConfig {
  readonly chainId: number;
  /** Account tree depth: 2^depth accounts (tests 4–8, devnet 16–20, at most 32). */
  readonly depth: number;
  /** Operations per batch (priority ops + L2 txs + padding Noops). */
  readonly batchSize: number;
}

/**
 * The whole L2 state. `nodes` holds the non-empty nodes of the account tree, keyed `"level:index"`
 * (level 0 = leaves); missing nodes are the empty-subtree hash of their level.
 */
export interface State {
  readonly config: ChainConfig;
  readonly accounts: ReadonlyMap<number, Account>;
  readonly nodes: ReadonlyMap<string, bigint>;
  /** Accounts are created at consecutive indexes: this is the next one. */
  readonly nextIndex: number;
  /** Number of L1 priority ops consumed so far, and the running hash over them. */
  readonly priorityCount: number;
  readonly priorityHash: bigint;
  /** Number of the last applied batch (0 = genesis, the first batch is 1). */
  readonly batchNumber: number;
  /** GCC fees collected by the current batch, credited to its fee account when the batch ends. */
  readonly pendingFees: bigint;
}

/** What the L1 pays out: an L2 Withdraw or a ForcedExit that moved a non-zero balance. */
export interface Withdrawal {
  readonly account: number;
  readonly l1Address: bigint;
  readonly token: TokenId;
  readonly amount: bigint;
}

/** The outcome of an applied op. Priority ops are never rejected for state reasons: they become no-ops. */
export interface Receipt {
  readonly status: "applied" | "noop";
  /** Why a priority op was a no-op. */
  readonly reason?: ErrorCode;
  /** Index of the account a Deposit credited or created. */
  readonly account?: number;
  readonly withdrawal?: Withdrawal;
  /** The op's data-availability record (docs/protocol.md §6); empty for Noop. */
  readonly da: Uint8Array;
}

export type OpResult =
  | { readonly ok: true; readonly state: State; readonly receipt: Receipt }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** A batch as the sequencer builds it: the next `priorityOps` queue entries, then `txs`, then Noops. */
export interface Batch {
  readonly chainId: number;
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly priorityOps: number;
  readonly txs: readonly L2Tx[];
}

/** What a batch publishes to L1: enough, with the priority queue, to rebuild the state. */
export interface PublishedBatch {
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly newRoot: bigint;
  readonly data: Uint8Array;
}
