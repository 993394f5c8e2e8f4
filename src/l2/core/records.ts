/**
 * What the sequencer records, as plain JSON values (docs/sequencer.md §Durability): the log entries it
 * replays after a restart, each tx's place and times, each batch's stages, and the heads.
 */
import type { BATCH_STAGES } from "../api/index.js";

/** A log entry: one sequenced op (an L2 tx or a priority op), or the close of a batch. */
export type WalEntry =
  | {
      readonly kind: "op";
      readonly batch: number;
      readonly position: number;
      /** The op's canonical JSON (docs/protocol.md §9). */
      readonly op: Record<string, unknown>;
      /** L2 txs: the tx hash; priority ops: their queue index. */
      readonly txHash?: string;
      readonly queueIndex?: number;
      readonly receivedAt: number;
      readonly sequencedAt: number;
    }
  | {
      readonly kind: "close";
      readonly batch: number;
      readonly feeAccount: number;
      readonly opCount: number;
      readonly at: number;
    };

/** A sequenced tx: where it is and when it got there (later stages are its batch's). */
export interface TxRecord {
  readonly batch: number;
  readonly position: number;
  readonly receivedAt: number;
  readonly sequencedAt: number;
}

export type BatchStage = (typeof BATCH_STAGES)[number];

/** A batch from its close on; each stage adds its fields and its time. */
export interface BatchRecord {
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly opCount: number;
  readonly priorityOps: number;
  readonly txHashes: readonly string[];
  readonly closedAt: number;
  readonly sealedAt?: number;
  readonly oldRoot?: string;
  readonly newRoot?: string;
  readonly dataHash?: string;
  readonly publicInputHash?: string;
  /** The published data, 0x-hex. */
  readonly data?: string;
  readonly provenAt?: number;
  readonly proof?: Record<string, unknown>;
  readonly publicSignals?: readonly string[];
  readonly proveMs?: number;
  readonly settledAt?: number;
  readonly l1Block?: number;
  readonly commitTxHash?: string;
}

export function batchStage(b: BatchRecord): BatchStage {
  if (b.settledAt !== undefined) return "settled";
  if (b.provenAt !== undefined) return "proven";
  if (b.sealedAt !== undefined) return "sealed";
  return "closed";
}

/** The last batch at each stage (0: none yet); stages only move forward, in batch order. */
export interface Heads {
  readonly closed: number;
  readonly sealed: number;
  readonly proven: number;
  readonly settled: number;
  /** Why settlement stopped for good (PROOF_INVALID, exodus), or null. */
  readonly settlementStopped: string | null;
}

export const GENESIS_HEADS: Heads = { closed: 0, sealed: 0, proven: 0, settled: 0, settlementStopped: null };
