/**
 * A sealed batch out of linear memory (layout SEAL, then the published data, the per-op roots and the
 * leaf writes with their siblings): everything the L1 commitment and the circuit's witness need. And
 * a batch closed without the tree (layout CLOSED): the same header's account-side fields.
 */
import { type Account, type PublishedBatch, SIBLINGS_PER_LEVEL, treeLevels } from "../../protocol/index.js";
import { readField } from "../fieldCodec.js";
import { readU32, readUint } from "../layout/codec.js";
import { CLOSED, READ, SEAL, WRITE } from "../layout/structs.js";
import { readAccount } from "./accountCodec.js";

/** One leaf write of the batch, in order, with the tree as it stood just before it. */
export interface LeafWrite {
  /** Index of the op in the batch (priority ops first); the batch's op count for the fee credit. */
  readonly op: number;
  readonly index: number;
  readonly oldLeaf: bigint;
  readonly newLeaf: bigint;
  /** The account before the write; null when the write creates it (old leaf empty). */
  readonly before: Account | null;
  readonly after: Account;
  /** Sibling hashes from the leaf level up to just below the root. */
  /** The Merkle proof's siblings as the tree stood (MerkleProof.siblings order). */
  readonly siblings: readonly bigint[];
}

/**
 * A leaf an op reads without writing, for the circuit's two account slots (circuits/batch/slot.circom):
 * slot "a" before the op, "b" after its writes; "padding" is leaf 0 after every op (before the fee
 * credit), for Noop slots. Which leaf each op reads:
 *
 *   Withdraw               b: the sender
 *   Deposit, applied       b: a created account's predecessor (index − 1; the account itself at 0),
 *                             else the credited account
 *   ForcedExit, applied    b: the exited account
 *   priority no-op         a and b: the named account (0 if outside the tree); tree full: the last leaf
 */
export interface LeafRead {
  readonly op: number;
  readonly slot: "a" | "b" | "padding";
  readonly index: number;
  readonly leaf: bigint;
  /** The account as it stood at the read; null for an empty leaf. */
  readonly account: Account | null;
  /** The Merkle proof's siblings as the tree stood (MerkleProof.siblings order). */
  readonly siblings: readonly bigint[];
}

export interface SealedBatch {
  readonly batchNumber: number;
  readonly feeAccount: number;
  /** Priority ops the batch consumed. */
  readonly priorityOps: number;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly oldPriorityHash: bigint;
  readonly newPriorityHash: bigint;
  readonly dataHash: bigint;
  readonly publicInputHash: bigint;
  readonly collectedFees: bigint;
  readonly published: PublishedBatch;
  /** The root after each op of the batch (not counting the fee credit, after which it is newRoot). */
  readonly opRoots: readonly bigint[];
  readonly writes: readonly LeafWrite[];
  readonly reads: readonly LeafRead[];
}

/**
 * A batch closed by Engine.closeBatch: what a seal of it says about the accounts (SealedBatch's fields
 * of the same names, and its op count), without roots or witness.
 */
export interface ClosedBatch {
  readonly batchNumber: number;
  readonly feeAccount: number;
  /** Ops of the batch (Noops not counted): a seal's opRoots.length. */
  readonly opCount: number;
  /** Priority ops the batch consumed. */
  readonly priorityOps: number;
  /** GCC credited to the fee account. */
  readonly collectedFees: bigint;
}

export function readClosed(view: DataView, base: number): ClosedBatch {
  const C = CLOSED.fields;
  return {
    batchNumber: readU32(view, base, C.batchNumber),
    feeAccount: readU32(view, base, C.feeAccount),
    opCount: readU32(view, base, C.opCount),
    priorityOps: readU32(view, base, C.priorityCount),
    collectedFees: readUint(view, base, C.collectedFees),
  };
}

const SLOTS = ["a", "b", "padding"] as const;

const S = SEAL.fields;
const W = WRITE.fields;
const R = READ.fields;

export function readSealed(view: DataView, base: number, depth: number): SealedBatch {
  const opCount = readU32(view, base, S.opCount);
  const writeCount = readU32(view, base, S.writeCount);
  const dataLength = readU32(view, base, S.dataLength);
  const data = new Uint8Array(view.buffer, view.byteOffset + base + SEAL.size, dataLength).slice();
  const rootsAt = base + SEAL.size + Math.ceil(dataLength / 8) * 8;
  const field = (p: number) => readField(view, p);
  const opRoots = Array.from({ length: opCount }, (_, k) => field(rootsAt + 32 * k));
  const siblingCount = SIBLINGS_PER_LEVEL * treeLevels(depth);
  const siblings = (at: number) => Array.from({ length: siblingCount }, (_, k) => field(at + 32 * k));
  const writeBytes = WRITE.size + siblingCount * 32;
  const writes: LeafWrite[] = [];
  for (let w = 0; w < writeCount; w++) {
    const at = rootsAt + opCount * 32 + w * writeBytes;
    const oldLeaf = readUint(view, at, W.oldLeaf);
    writes.push({
      op: readU32(view, at, W.op),
      index: readU32(view, at, W.index),
      oldLeaf,
      newLeaf: readUint(view, at, W.newLeaf),
      before: oldLeaf === 0n ? null : readAccount(view, at + W.before.offset),
      after: readAccount(view, at + W.after.offset),
      siblings: siblings(at + WRITE.size),
    });
  }
  const readCount = readU32(view, base, S.readCount);
  const readBytes = READ.size + siblingCount * 32;
  const readsAt = rootsAt + opCount * 32 + writeCount * writeBytes;
  const reads: LeafRead[] = [];
  for (let r = 0; r < readCount; r++) {
    const at = readsAt + r * readBytes;
    const leaf = readUint(view, at, R.leaf);
    reads.push({
      op: readU32(view, at, R.op),
      slot: SLOTS[readU32(view, at, R.slot)] ?? "padding",
      index: readU32(view, at, R.index),
      leaf,
      account: leaf === 0n ? null : readAccount(view, at + R.account.offset),
      siblings: siblings(at + READ.size),
    });
  }
  const batchNumber = readU32(view, base, S.batchNumber);
  const feeAccount = readU32(view, base, S.feeAccount);
  const newRoot = readUint(view, base, S.newRoot);
  return {
    batchNumber,
    feeAccount,
    priorityOps: readU32(view, base, S.priorityCount),
    oldRoot: readUint(view, base, S.oldRoot),
    newRoot,
    oldPriorityHash: readUint(view, base, S.oldPriorityHash),
    newPriorityHash: readUint(view, base, S.newPriorityHash),
    dataHash: readUint(view, base, S.dataHash),
    publicInputHash: readUint(view, base, S.publicInputHash),
    collectedFees: readUint(view, base, S.collectedFees),
    published: { batchNumber, feeAccount, newRoot, data },
    opRoots,
    writes,
    reads,
  };
}
