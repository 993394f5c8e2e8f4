/**
 * L1 transaction types (docs/l1.md §3): one discriminated union over `type`. Integers that are 64 bits or
 * wider are bigints; those below 2^32 are numbers, as in their JSON form (§3.2).
 */
import type { Balances, TokenId } from "../../protocol/index.js";
import type { Groth16Proof } from "../../prover/index.js";

/** Type ids of the signed bytes (docs/l1.md §3.1). */
export const TX_TYPE = {
  transfer: 0,
  deposit: 1,
  forcedExit: 2,
  bond: 3,
  unbond: 4,
  commitBatch: 5,
  exodusWithdraw: 6,
  refund: 7,
} as const;

export type TxType = keyof typeof TX_TYPE;

/** ML-DSA-65 sizes (FIPS 204). */
export const PUBLIC_KEY_BYTES = 1952;
export const SIGNATURE_BYTES = 3309;

/** Fields every transaction has; `fee` is in GCC. */
export interface TxCommon {
  readonly chainId: number;
  readonly from: bigint;
  readonly nonce: bigint;
  readonly fee: bigint;
}

export interface TransferTx extends TxCommon {
  readonly type: "transfer";
  readonly to: bigint;
  readonly token: TokenId;
  readonly amount: bigint;
}

/** `to = null` creates an L2 account with key (ax, ay); otherwise ax = ay = 0 and they are not encoded. */
export interface DepositTx extends TxCommon {
  readonly type: "deposit";
  readonly token: TokenId;
  readonly amount: bigint;
  readonly to: number | null;
  readonly ax: bigint;
  readonly ay: bigint;
}

export interface ForcedExitTx extends TxCommon {
  readonly type: "forcedExit";
  readonly account: number;
  readonly token: TokenId;
}

export interface BondTx extends TxCommon {
  readonly type: "bond";
  readonly amount: bigint;
}

export interface UnbondTx extends TxCommon {
  readonly type: "unbond";
  readonly amount: bigint;
}

export interface CommitBatchTx extends TxCommon {
  readonly type: "commitBatch";
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly newRoot: bigint;
  readonly proof: Groth16Proof;
  readonly data: Uint8Array;
}

export interface ExodusWithdrawTx extends TxCommon {
  readonly type: "exodusWithdraw";
  readonly account: number;
  readonly ax: bigint;
  readonly ay: bigint;
  /** The L2 account's nonce, a leaf input (P§3.1). */
  readonly accountNonce: number;
  readonly balances: Balances;
  readonly siblings: readonly bigint[];
}

export interface RefundTx extends TxCommon {
  readonly type: "refund";
  readonly queueIndex: bigint;
}

export type L1Tx =
  | TransferTx
  | DepositTx
  | ForcedExitTx
  | BondTx
  | UnbondTx
  | CommitBatchTx
  | ExodusWithdrawTx
  | RefundTx;

/** A transaction with what travels beside it: the sender's key (first tx only) and the signature. */
export interface SignedTx {
  readonly tx: L1Tx;
  readonly publicKey: Uint8Array | null;
  readonly signature: Uint8Array;
}
