/** The chain's parameters, receipts, events and block headers (docs/l1.md §3.3, §5). */
import type { ErrorCode } from "../../protocol/index.js";
import type { RollupEvent, RollupParams, VerifyProof } from "../rollup/index.js";

/** Fixed at genesis (§6). */
export interface ChainParams {
  readonly chainId: number;
  readonly minFee: bigint;
  /** The one validator: proposer of every block. */
  readonly validator: bigint;
  readonly rollup: RollupParams;
}

/** What the core cannot do itself: verify a Groth16 proof (the node passes verifyBatchProof with the genesis key). */
export interface ChainDeps {
  readonly verifyProof: VerifyProof;
}

/** Events the node pushes to subscribers; each carries the tx that caused it, if any. */
export type L1Event = RollupEvent & { readonly txHash?: Uint8Array };

export interface Receipt {
  readonly txHash: Uint8Array;
  readonly block: number;
  readonly index: number;
  readonly status: "ok" | "failed";
  readonly code?: ErrorCode;
  readonly events: readonly L1Event[];
}

export interface BlockHeader {
  readonly chainId: number;
  readonly height: number;
  readonly parentHash: Uint8Array;
  /** Milliseconds. */
  readonly timestamp: number;
  readonly txRoot: Uint8Array;
  readonly receiptRoot: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly proposer: bigint;
}

/** Where a transaction is included. */
export interface TxContext {
  readonly params: ChainParams;
  readonly deps: ChainDeps;
  readonly height: number;
  readonly timestamp: number;
  readonly index: number;
}
