/**
 * Typed access to the L1 state's entries (docs/l1.md §5.1): accounts, keys, the rollup record, queue
 * entries, batches, owners, nullifiers and pending unbonds, over the byte-level KvState that carries
 * checkpoints, changes since a mark and the root. An account with nonce 0 and no balance has no entry, so
 * the state (and its root) depends only on values, never on the history that produced them.
 */
import { GhostError } from "../../protocol/index.js";
import {
  accountCodec,
  addressCodec,
  amountCodec,
  type BatchRecord,
  batchCodec,
  EMPTY_ACCOUNT,
  KEY_PREFIX,
  keys,
  type L1Account,
  NULLIFIER_VALUE,
  type QueueEntry,
  queueCodec,
  type RollupRecord,
  rollupCodec,
  type Unbond,
  unbondKeyParts,
} from "./entries.js";
import { type DBOp, KvState } from "./kvState.js";

export class ChainState {
  constructor(readonly kv: KvState = new KvState()) {}

  /** The state holding exactly these entries (as loaded from the node's database). */
  static fromEntries(entries: Iterable<readonly [Uint8Array, Uint8Array]>): ChainState {
    return new ChainState(KvState.fromEntries(entries));
  }

  account(address: bigint): L1Account {
    const v = this.kv.get(keys.account(address));
    return v === undefined ? EMPTY_ACCOUNT : accountCodec.decode(v);
  }

  putAccount(address: bigint, a: L1Account): void {
    const empty = a.nonce === 0n && a.balances.every((b) => b === 0n);
    if (empty) this.kv.del(keys.account(address));
    else this.kv.put(keys.account(address), accountCodec.encode(a));
  }

  publicKey(address: bigint): Uint8Array | undefined {
    return this.kv.get(keys.publicKey(address));
  }

  putPublicKey(address: bigint, publicKey: Uint8Array): void {
    this.kv.put(keys.publicKey(address), Uint8Array.from(publicKey));
  }

  rollup(): RollupRecord {
    const v = this.kv.get(keys.rollup());
    if (v === undefined) throw new GhostError("GENESIS_INVALID", "the state has no rollup record");
    return rollupCodec.decode(v);
  }

  putRollup(r: RollupRecord): void {
    this.kv.put(keys.rollup(), rollupCodec.encode(r));
  }

  queueEntry(k: number): QueueEntry | undefined {
    const v = this.kv.get(keys.queue(k));
    return v === undefined ? undefined : queueCodec.decode(v);
  }

  putQueueEntry(k: number, e: QueueEntry): void {
    this.kv.put(keys.queue(k), queueCodec.encode(e));
  }

  batch(n: number): BatchRecord | undefined {
    const v = this.kv.get(keys.batch(n));
    return v === undefined ? undefined : batchCodec.decode(v);
  }

  putBatch(n: number, b: BatchRecord): void {
    this.kv.put(keys.batch(n), batchCodec.encode(b));
  }

  /** The L1 owner of L2 account `index`, if known (genesis accounts and creating deposits). */
  owner(index: number): bigint | undefined {
    const v = this.kv.get(keys.owner(index));
    return v === undefined ? undefined : addressCodec.decode(v);
  }

  putOwner(index: number, owner: bigint): void {
    this.kv.put(keys.owner(index), addressCodec.encode(owner));
  }

  hasNullifier(index: number): boolean {
    return this.kv.get(keys.nullifier(index)) !== undefined;
  }

  putNullifier(index: number): void {
    this.kv.put(keys.nullifier(index), NULLIFIER_VALUE);
  }

  /** Pending unbonds in release order. */
  unbonds(): Unbond[] {
    return this.kv
      .scan(KEY_PREFIX.unbond)
      .map(([k, v]) => ({ ...unbondKeyParts(k), amount: amountCodec.decode(v) }));
  }

  /** Adds an unbond releasing at `releaseAt`; its seq is the number already pending at that time. */
  addUnbond(releaseAt: number, amount: bigint): Unbond {
    const seq = this.kv.scan(keys.unbondsAt(releaseAt)).length;
    this.kv.put(keys.unbond(releaseAt, seq), amountCodec.encode(amount));
    return { releaseAt, seq, amount };
  }

  deleteUnbond(u: Unbond): void {
    this.kv.del(keys.unbond(u.releaseAt, u.seq));
  }

  root(): Uint8Array {
    return this.kv.root();
  }

  checkpoint(): void {
    this.kv.checkpoint();
  }

  commit(): void {
    this.kv.commit();
  }

  revert(): void {
    this.kv.revert();
  }

  mark(): void {
    this.kv.mark();
  }

  ops(): DBOp[] {
    return this.kv.ops();
  }

  entries(): [Uint8Array, Uint8Array][] {
    return this.kv.entries();
  }
}
