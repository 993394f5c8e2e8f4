/**
 * ghostd's mempool (docs/l1.md §3.3): admission checks in the spec's order, ML-DSA-65 signatures verified
 * in the worker pool (never on the RPC thread) with the admissions of one tick verified as one batch,
 * per-sender nonce order (a transaction ahead of its sender's nonce waits for the gap to fill), replay
 * protection, caps on the whole pool and per sender, and a fee floor. Every refusal is a typed code and
 * stores nothing.
 */
import { GhostError, l1AddressOf } from "../../protocol/index.js";
import type { MlDsaVerifyItem, MlDsaVerifyPool } from "../crypto/index.js";
import { bytesEqual, toHex } from "../encoding/index.js";
import type { ChainState } from "../state/index.js";
import { type SignedTx, signedBytes, txHash } from "../tx/index.js";

export interface MempoolOptions {
  readonly chainId: number;
  readonly minFee: bigint;
  /** Transactions waiting in all (default 50,000). */
  readonly maxPending?: number;
  /** Transactions waiting per sender (default 4,096). */
  readonly maxPerSender?: number;
  /** Told the time (ms) and size of each batch of signatures verified. */
  readonly observeVerify?: (ms: number, n: number) => void;
}

interface Entry {
  readonly signed: SignedTx;
  readonly hash: string;
  readonly sender: bigint;
  readonly nonce: bigint;
}

interface Verification {
  readonly item: MlDsaVerifyItem;
  readonly done: (valid: boolean | Error) => void;
}

export class Mempool {
  private readonly byHash = new Map<string, Entry>();
  private readonly bySender = new Map<bigint, Map<bigint, Entry>>();
  /** The entry of each waiting transaction by identity: a block hands back the objects `ready` gave it. */
  private readonly bySigned = new WeakMap<SignedTx, Entry>();
  /** Keys carried by waiting transactions: a sender's later transactions may rely on them. */
  private readonly carriedKeys = new Map<bigint, Uint8Array>();
  private readonly maxPending: number;
  private readonly maxPerSender: number;
  private verifying: Verification[] = [];

  constructor(
    private readonly options: MempoolOptions,
    private readonly pool: MlDsaVerifyPool,
    /** The state admission reads (nonces, balances, stored keys). */
    private readonly state: () => ChainState,
  ) {
    this.maxPending = options.maxPending ?? 50_000;
    this.maxPerSender = options.maxPerSender ?? 4_096;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Admits `signed` or throws its code (§3.3 admission, steps 2–7; step 1 is the caller's decoding). */
  async admit(signed: SignedTx): Promise<string> {
    const { tx } = signed;
    const refuse = (code: ConstructorParameters<typeof GhostError>[0], message?: string): never => {
      throw new GhostError(code, message);
    };
    if (tx.chainId !== this.options.chainId) refuse("L1_WRONG_CHAIN", `chain ${tx.chainId}`);
    const stored = this.state().publicKey(tx.from);
    const carried = signed.publicKey;
    if (carried !== null && l1AddressOf(carried) !== tx.from)
      refuse("L1_KEY_MISMATCH", "the key is not the sender's");
    if (carried !== null && stored !== undefined && !bytesEqual(carried, stored)) refuse("L1_KEY_MISMATCH");
    const key = carried ?? stored ?? this.carriedKeys.get(tx.from);
    if (key === undefined)
      return refuse("L1_UNKNOWN_KEY", "the first transaction of an address carries its key");
    const message = signedBytes(tx);
    if (!(await this.verify({ publicKey: key, message, signature: signed.signature })))
      refuse("L1_BAD_SIGNATURE");
    // The state may have moved while the signature was checked: the remaining checks read it now.
    const account = this.state().account(tx.from);
    if (tx.nonce < account.nonce)
      refuse("L1_NONCE_REPLAY", `nonce ${tx.nonce}, account nonce ${account.nonce}`);
    const hash = toHex(txHash(tx));
    const queue = this.bySender.get(tx.from);
    if (this.byHash.has(hash)) refuse("L1_TX_KNOWN");
    if (queue?.has(tx.nonce)) refuse("L1_NONCE_REPLAY", `nonce ${tx.nonce} is already waiting`);
    if (tx.fee < this.options.minFee)
      refuse("L1_FEE_TOO_LOW", `fee ${tx.fee}, minimum ${this.options.minFee}`);
    if (account.balances[0] < tx.fee)
      refuse("L1_INSUFFICIENT_BALANCE", "the GCC balance does not cover the fee");
    if (this.byHash.size >= this.maxPending) refuse("L1_MEMPOOL_FULL");
    if ((queue?.size ?? 0) >= this.maxPerSender) refuse("L1_SENDER_LIMIT");
    const entry: Entry = { signed, hash, sender: tx.from, nonce: tx.nonce };
    this.byHash.set(hash, entry);
    this.bySigned.set(signed, entry);
    if (queue === undefined) this.bySender.set(tx.from, new Map([[tx.nonce, entry]]));
    else queue.set(tx.nonce, entry);
    if (carried !== null && stored === undefined) this.carriedKeys.set(tx.from, carried);
    return hash;
  }

  /** The admissions of one tick share one call into the pool. */
  private verify(item: MlDsaVerifyItem): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.verifying.length === 0) setImmediate(() => this.flush());
      this.verifying.push({ item, done: (v) => (v instanceof Error ? reject(v) : resolve(v)) });
    });
  }

  private flush(): void {
    const batch = this.verifying;
    this.verifying = [];
    const started = performance.now();
    this.pool.verifyBatch(batch.map((v) => v.item)).then(
      (verdicts) => {
        this.options.observeVerify?.(performance.now() - started, batch.length);
        for (const [i, v] of batch.entries()) v.done(verdicts[i]!);
      },
      (e: Error) => {
        for (const v of batch) v.done(e);
      },
    );
  }

  /**
   * Up to `max` transactions a block can include now: each sender's waiting transactions from its
   * account nonce on, without a gap, senders taken in turn so that none starves the others.
   */
  ready(max: number): SignedTx[] {
    const runs: Entry[][] = [];
    for (const [sender, queue] of this.bySender) {
      const run: Entry[] = [];
      for (let n = this.state().account(sender).nonce; queue.has(n); n++) run.push(queue.get(n)!);
      if (run.length > 0) runs.push(run);
    }
    const out: SignedTx[] = [];
    for (let i = 0; out.length < max; i++) {
      let any = false;
      for (const run of runs) {
        if (i < run.length && out.length < max) {
          out.push(run[i]!.signed);
          any = true;
        }
      }
      if (!any) break;
    }
    return out;
  }

  /** Whether a block could include anything now (the first ready transaction ends the scan). */
  hasReady(): boolean {
    for (const [sender, queue] of this.bySender) {
      if (queue.has(this.state().account(sender).nonce)) return true;
    }
    return false;
  }

  /**
   * After a block: forgets the transactions it included or dropped, and whatever its nonces made stale.
   * They are found by identity (no hash recomputed per transaction), else by hash.
   */
  settle(txs: readonly SignedTx[]): void {
    for (const signed of txs) {
      const e = this.bySigned.get(signed) ?? this.byHash.get(toHex(txHash(signed.tx)));
      if (e !== undefined && this.byHash.get(e.hash) === e) this.remove(e);
    }
    for (const [sender, queue] of this.bySender) {
      const nonce = this.state().account(sender).nonce;
      for (const [n, e] of queue) if (n < nonce) this.remove(e);
      if (this.state().publicKey(sender) !== undefined) this.carriedKeys.delete(sender);
    }
  }

  private remove(e: Entry): void {
    this.byHash.delete(e.hash);
    const queue = this.bySender.get(e.sender);
    queue?.delete(e.nonce);
    if (queue?.size === 0) {
      this.bySender.delete(e.sender);
      this.carriedKeys.delete(e.sender);
    }
  }
}
