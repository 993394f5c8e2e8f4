/** Messages between the sequencer and its sealing process (sealerWorker.ts). */
import type { Account, Op } from "../../protocol/index.js";

export interface SealerInit {
  readonly circuit: string;
  readonly feeAccount: number;
  /** The sealing engine's last snapshot, or else the genesis. */
  readonly snapshot?: Uint8Array;
  readonly genesis?: {
    readonly chainId: number;
    readonly depth: number;
    readonly batchSize: number;
    readonly accounts: readonly Account[];
  };
}

export type SealerRequest =
  | {
      readonly kind: "seal";
      readonly batchNumber: number;
      readonly feeAccount: number;
      readonly ops: readonly Op[];
      /** Derive the circuit input (false when replaying a batch sealed before a restart). */
      readonly witness: boolean;
    }
  | { readonly kind: "snapshot" }
  | { readonly kind: "account"; readonly index: number };

export type SealerReply =
  | {
      readonly kind: "sealed";
      readonly batchNumber: number;
      readonly feeAccount: number;
      readonly priorityOps: number;
      readonly oldRoot: bigint;
      readonly newRoot: bigint;
      readonly dataHash: bigint;
      readonly publicInputHash: bigint;
      readonly data: Uint8Array;
      /** The circuit input, encoded (encodeCircuitInput); absent when not asked for. */
      readonly input?: Uint8Array;
    }
  | { readonly kind: "snapshot"; readonly batchNumber: number; readonly bytes: Uint8Array }
  | {
      readonly kind: "account";
      readonly batchNumber: number;
      /** The account as of the last sealed batch; null if it did not exist yet. */
      readonly account: Account | null;
      readonly root: bigint;
      readonly leaf: bigint;
      readonly siblings: readonly bigint[];
    };
