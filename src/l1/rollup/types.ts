/**
 * What the rollup module needs from its caller and what it reports: its genesis parameters, the block it
 * runs in, the injected proof verifier, and typed events (docs/l1.md §4) that the node pushes to
 * subscribers.
 */
import type { Deposit, ForcedExit, TokenId } from "../../protocol/index.js";
import type { Groth16Proof } from "../../prover/index.js";

export interface RollupParams {
  /** The L2 chain id, part of each batch's public-input header (P§8). */
  readonly chainId: number;
  readonly depth: number;
  readonly batchSize: number;
  readonly priorityDeadlineSeconds: number;
  readonly sequencer: bigint;
  readonly minBond: bigint;
  readonly unbondDelaySeconds: number;
}

/** True iff `proof` proves the batch with this public-input hash; false (never a throw) for a malformed proof. */
export type VerifyProof = (publicInputHash: bigint, proof: Groth16Proof) => Promise<boolean>;

export type RollupEvent =
  | {
      readonly type: "depositQueued";
      readonly queueIndex: number;
      readonly depositor: bigint;
      readonly op: Deposit;
      readonly deadline: number;
    }
  | {
      readonly type: "forcedExitQueued";
      readonly queueIndex: number;
      readonly requester: bigint;
      readonly op: ForcedExit;
      readonly deadline: number;
    }
  | {
      readonly type: "batchSettled";
      readonly batchNumber: number;
      readonly newRoot: bigint;
      readonly block: number;
      readonly firstQueue: number;
      readonly priorityOps: number;
    }
  | {
      readonly type: "withdrawalPaid";
      /** "batch": a Withdraw or ForcedExit record of a settled batch; "exodus": an ExodusWithdraw. */
      readonly source: "batch" | "exodus";
      readonly account: number;
      readonly to: bigint;
      readonly token: TokenId;
      readonly amount: bigint;
    }
  | { readonly type: "exodusEntered"; readonly block: number; readonly queueIndex: number }
  | {
      readonly type: "refund";
      readonly queueIndex: number;
      readonly to: bigint;
      readonly token: TokenId;
      readonly amount: bigint;
    }
  | { readonly type: "bonded"; readonly amount: bigint }
  | { readonly type: "unbonding"; readonly amount: bigint; readonly releaseAt: number }
  | { readonly type: "unbondReleased"; readonly amount: bigint; readonly releaseAt: number };

export interface RollupContext {
  readonly params: RollupParams;
  /** The including block's height and timestamp (ms). */
  readonly height: number;
  readonly timestamp: number;
  readonly verifyProof: VerifyProof;
  emit(e: RollupEvent): void;
}
