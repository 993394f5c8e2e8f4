/**
 * Applying a block (docs/l1.md §5): release due unbonds, check the queue's deadlines (§4.2), then include
 * the transactions in order (§3.3), all on one checkpoint: any failure leaves the state as it was. The
 * result carries the header, receipts, events and the changed entries as DBOps for one atomic write.
 *
 * Two uses, one code path: producing (no header given: a transaction that cannot be included is dropped
 * and the header is built) and replaying (the block's header is given: every transaction must be
 * included and every header field must match, else L1_BLOCK_INVALID).
 */
import { type ErrorCode, isGhostError } from "../../protocol/index.js";
import { bytesEqual } from "../encoding/index.js";
import { checkDeadlines, releaseDueUnbonds } from "../rollup/index.js";
import type { ChainState, DBOp } from "../state/index.js";
import type { SignedTx } from "../tx/index.js";
import { applyTx } from "./applyTx.js";
import { blockHash, receiptRoot, txRoot } from "./blockHeader.js";
import { invalidBlock } from "./invalidBlock.js";
import type { BlockHeader, ChainDeps, ChainParams, L1Event, Receipt } from "./types.js";

export interface BlockInput {
  readonly parent: BlockHeader;
  readonly txs: readonly SignedTx[];
  /** Producing: the new block's time (ms), at least the parent's + 1. */
  readonly timestamp?: number;
  /** Replaying: the block's header, checked field by field against the result. */
  readonly header?: BlockHeader;
}

export interface BlockResult {
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  /** The transactions included, in order (all of them when replaying). */
  readonly txs: readonly SignedTx[];
  /** Producing only: transactions that could not be included (§3.3), with why. */
  readonly dropped: readonly { readonly tx: SignedTx; readonly code: ErrorCode }[];
  readonly receipts: readonly Receipt[];
  /** Block-level events (unbond releases, exodus) first, then each receipt's. */
  readonly events: readonly L1Event[];
  readonly stateRoot: Uint8Array;
  /** Every entry the block changed: the node writes them (with the block) in one batch. */
  readonly ops: readonly DBOp[];
}

export interface BlockContext {
  readonly params: ChainParams;
  readonly deps: ChainDeps;
}

export async function applyBlock(
  state: ChainState,
  block: BlockInput,
  ctx: BlockContext,
): Promise<BlockResult> {
  const { params } = ctx;
  const expected = block.header;
  const timestamp = expected?.timestamp ?? block.timestamp;
  if (timestamp === undefined) throw invalidBlock("a block needs a timestamp");
  const height = block.parent.height + 1;
  if (timestamp < block.parent.timestamp + 1) throw invalidBlock("timestamp not after the parent's");
  if (expected !== undefined) {
    if (expected.chainId !== params.chainId) throw invalidBlock("chain id");
    if (expected.height !== height) throw invalidBlock(`height ${expected.height}, expected ${height}`);
    if (!bytesEqual(expected.parentHash, blockHash(block.parent))) throw invalidBlock("parent hash");
    if (expected.proposer !== params.validator) throw invalidBlock("proposer is not the validator");
  }

  state.mark();
  state.checkpoint();
  try {
    const events: L1Event[] = [];
    events.push(...releaseDueUnbonds(state, params.rollup, timestamp));
    const exodus = checkDeadlines(state, height, timestamp);
    if (exodus !== undefined) events.push(exodus);

    const included: SignedTx[] = [];
    const dropped: { tx: SignedTx; code: ErrorCode }[] = [];
    const receipts: Receipt[] = [];
    for (const tx of block.txs) {
      try {
        const receipt = await applyTx(state, tx, {
          params,
          deps: ctx.deps,
          height,
          timestamp,
          index: included.length,
        });
        included.push(tx);
        receipts.push(receipt);
        events.push(...receipt.events);
      } catch (e) {
        if (expected !== undefined || !isGhostError(e)) throw e;
        dropped.push({ tx, code: e.code });
      }
    }
    const stateRoot = state.root();
    const header: BlockHeader = {
      chainId: params.chainId,
      height,
      parentHash: blockHash(block.parent),
      timestamp,
      txRoot: txRoot(receipts.map((r) => r.txHash)),
      receiptRoot: receiptRoot(receipts),
      stateRoot,
      proposer: params.validator,
    };
    if (expected !== undefined) {
      if (!bytesEqual(expected.txRoot, header.txRoot)) throw invalidBlock("tx root");
      if (!bytesEqual(expected.receiptRoot, header.receiptRoot)) throw invalidBlock("receipt root");
      if (!bytesEqual(expected.stateRoot, header.stateRoot)) throw invalidBlock("state root");
    }
    state.commit();
    return {
      header,
      hash: blockHash(header),
      txs: included,
      dropped,
      receipts,
      events,
      stateRoot,
      ops: state.ops(),
    };
  } catch (e) {
    state.revert();
    if (isGhostError(e) && expected !== undefined && e.code !== "L1_BLOCK_INVALID") {
      throw invalidBlock(`transaction cannot be included: ${e.message}`, e);
    }
    throw e;
  }
}
