/**
 * Including one transaction (docs/l1.md §3.3): the chain id, the key rule and the nonce must hold and the
 * fee must be payable, else the transaction cannot be included and applyTx throws with the state
 * unchanged (a producer drops it; a replayed block carrying it is invalid). Once included, the nonce
 * increments, the fee is burned and a first key is stored, whatever follows; the type's rules then run on
 * a checkpoint, and a failure reverts them alone, giving a `failed` receipt with the code.
 *
 * Signatures are not checked here: the node verifies them on admission and when replaying blocks.
 */
import { FEE_TOKEN, GhostError, isGhostError, l1AddressOf } from "../../protocol/index.js";
import { bytesEqual } from "../encoding/index.js";
import {
  bond,
  commitBatch,
  deposit,
  exodusWithdraw,
  forcedExit,
  type RollupContext,
  refund,
  unbond,
} from "../rollup/index.js";
import { type ChainState, credit, debit } from "../state/index.js";
import { type L1Tx, type SignedTx, txHash } from "../tx/index.js";
import type { L1Event, Receipt, TxContext } from "./types.js";

/** The key rule of §3.3 step 3 (the signature is the node's to check with this key). */
function checkKey(state: ChainState, s: SignedTx): Uint8Array | undefined {
  const stored = state.publicKey(s.tx.from);
  if (s.publicKey !== null) {
    if (l1AddressOf(s.publicKey) !== s.tx.from)
      throw new GhostError("L1_KEY_MISMATCH", "the key is not the sender's");
    if (stored !== undefined && !bytesEqual(stored, s.publicKey)) throw new GhostError("L1_KEY_MISMATCH");
    return stored === undefined ? s.publicKey : undefined;
  }
  if (stored === undefined) throw new GhostError("L1_UNKNOWN_KEY");
  return undefined;
}

async function runRules(state: ChainState, tx: L1Tx, ctx: RollupContext): Promise<void> {
  switch (tx.type) {
    case "transfer":
      debit(state, tx.from, tx.token, tx.amount);
      credit(state, tx.to, tx.token, tx.amount);
      return;
    case "deposit":
      return deposit(state, tx, ctx);
    case "forcedExit":
      return forcedExit(state, tx, ctx);
    case "bond":
      return bond(state, tx, ctx);
    case "unbond":
      return unbond(state, tx, ctx);
    case "commitBatch":
      return commitBatch(state, tx, ctx);
    case "exodusWithdraw":
      return exodusWithdraw(state, tx, ctx);
    case "refund":
      return refund(state, tx, ctx);
  }
}

export async function applyTx(state: ChainState, s: SignedTx, ctx: TxContext): Promise<Receipt> {
  const { tx } = s;
  const hash = txHash(tx);
  if (tx.chainId !== ctx.params.chainId) throw new GhostError("L1_WRONG_CHAIN");
  const newKey = checkKey(state, s);
  const account = state.account(tx.from);
  if (tx.nonce !== account.nonce) {
    throw new GhostError("TX_NONCE_MISMATCH", `nonce ${tx.nonce}, the account's is ${account.nonce}`);
  }
  if (account.balances[FEE_TOKEN] < tx.fee)
    throw new GhostError("L1_INSUFFICIENT_BALANCE", "the fee cannot be paid");

  state.checkpoint();
  try {
    // Included: nonce, fee and first key stay whatever the rules decide.
    if (newKey !== undefined) state.putPublicKey(tx.from, newKey);
    // One write for both: the fee was checked against this balance above.
    const balances: [bigint, bigint, bigint, bigint] = [...account.balances];
    balances[FEE_TOKEN] -= tx.fee;
    state.putAccount(tx.from, { nonce: account.nonce + 1n, balances });
    const r = state.rollup();
    state.putRollup({ ...r, burned: r.burned + tx.fee });

    const events: L1Event[] = [];
    const rctx: RollupContext = {
      params: ctx.params.rollup,
      height: ctx.height,
      timestamp: ctx.timestamp,
      verifyProof: ctx.deps.verifyProof,
      emit: (e) => events.push({ ...e, txHash: hash }),
    };
    state.checkpoint();
    let receipt: Receipt;
    try {
      await runRules(state, tx, rctx);
      state.commit();
      receipt = { txHash: hash, block: ctx.height, index: ctx.index, status: "ok", events };
    } catch (e) {
      state.revert();
      if (!isGhostError(e)) throw e;
      receipt = {
        txHash: hash,
        block: ctx.height,
        index: ctx.index,
        status: "failed",
        code: e.code,
        events: [],
      };
    }
    state.commit();
    return receipt;
  } catch (e) {
    state.revert();
    throw e;
  }
}
