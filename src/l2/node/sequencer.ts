/**
 * Soft confirmation (docs/sequencer.md §Pipeline): the one place the soft-confirmation engine changes.
 * Incoming txs queue in `intake`; a single pump takes them in rounds: hash them (in the signature pool's
 * workers), refuse known ones and, past the backlog cap, every L2 tx; hold those ahead of their sender's
 * nonce; verify the rest's signatures in the worker pool (`prepare`); apply them in slices that respect
 * the chain's batch size, with each batch's pending priority ops first and `closeBatch` when a batch is
 * full or due. What a round applied is written to the log in one group commit; only then are its txs
 * answered and its closed batches handed to the sealer.
 *
 * The engine here hashes no tree (closeBatch): the sealing process replays the same ops and seals. The
 * engine is made with the largest batch size so that an atomic user batch spanning several chain batches
 * can be tried whole first (see `runGroup`); the chain's batch size is enforced here.
 */
import { type Engine, MAX_OPS_PER_CALL, type SignaturePool } from "../../bridge/index.js";
import {
  type ErrorCode,
  GhostError,
  type L2Tx,
  type Op,
  opToJson,
  type PriorityOp,
  packTx,
  TX_DOMAIN,
  type UnsignedTx,
} from "../../protocol/index.js";
import type { DbOp } from "../../store/index.js";
import { NonceQueues } from "../core/index.js";
import type { WalEntry } from "../core/records.js";
import type { GroupCommit, SequencerStore } from "./sequencerStore.js";

export interface SequencedTx {
  readonly txHash: string;
  readonly status: "sequenced";
  readonly batchNumber: number;
  readonly position: number;
}

/** A batch just closed: its ops in order (priority ops first), for the sealer. */
export interface ClosedBatch {
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly ops: readonly Op[];
  readonly txHashes: readonly string[];
  readonly priorityOps: number;
  readonly closedAt: number;
  /** The log position of its close entry (a snapshot after this batch covers the log up to it). */
  readonly closeSeq: number;
}

/** A queue entry fetched from ghostd, waiting for the next batch start. */
export interface PendingPriorityOp {
  readonly queueIndex: number;
  readonly op: PriorityOp;
  readonly receivedAt: number;
}

export interface SequencerLimits {
  /** Txs waiting in the intake queue before L2_MEMPOOL_FULL. */
  readonly maxIntake: number;
  /** Future-nonce txs per account, and in all. */
  readonly maxWaitingPerAccount: number;
  readonly maxWaiting: number;
  /** How long a future-nonce tx waits for the missing nonce (L2_NONCE_GAP after). */
  readonly nonceWaitMs: number;
  /** Txs per soft-confirmation round (one signature-pool pass, one log write). */
  readonly roundSize: number;
  /** Milliseconds a non-empty batch stays open before it is closed. */
  readonly batchTimeoutMs: number;
}

export interface SequencerEvents {
  /** A tx entered the intake queue. */
  received(txHash: string, at: number): void;
  /** Txs on disk and answered. */
  sequenced(txs: readonly (SequencedTx & { readonly at: number; readonly receivedAt: number })[]): void;
  rejected(txHash: string | undefined, code: ErrorCode, reason: string, at: number): void;
  /** A closed batch is on disk: seal it. */
  closed(batch: ClosedBatch): void;
  /** Accounts changed by a round (soft state): index → the batch of its last change in the round. */
  accountsChanged(changed: ReadonlyMap<number, number>): void;
  /** The log refused a write: the node must stop. */
  fatal(e: unknown): void;
}

export interface SequencerOptions {
  readonly engine: Engine;
  readonly pool: SignaturePool;
  readonly chainId: number;
  /** The chain's batch size (the engine's own is larger; see the module comment). */
  readonly batchSize: number;
  readonly feeAccount: number;
  readonly store: SequencerStore;
  readonly commit: GroupCommit;
  /** The last log sequence number on disk. */
  readonly lastSeq: number;
  /** Ops of the open batch replayed from the log after a restart. */
  readonly openOps: readonly { op: Op; txHash?: string; openedAt: number }[];
  readonly limits: SequencerLimits;
  readonly events: SequencerEvents;
  /** False while the unproven backlog is over its cap: L2 txs are then refused. */
  readonly acceptingL2: () => boolean;
  readonly now?: () => number;
}

interface TxItem {
  readonly op: L2Tx;
  readonly receivedAt: number;
  txHash?: string;
  /** Its "received" event is out (a tx released from the nonce queue was announced when it arrived). */
  announced?: boolean;
  ok(r: SequencedTx): void;
  fail(e: GhostError): void;
}

interface GroupItem {
  readonly group: readonly TxItem[];
  ok(r: SequencedTx[]): void;
  fail(e: GhostError): void;
}

type IntakeItem =
  | { readonly kind: "tx"; readonly item: TxItem }
  | { readonly kind: "group"; readonly item: GroupItem };

/** What a round made: log entries and tx records, answers to give once they are on disk. */
interface RoundOutput {
  /** The round's log entries: one segment, written with `ops`. */
  wal: { seq: number; entry: WalEntry }[];
  ops: DbOp[];
  answers: { item: TxItem; result: SequencedTx }[];
  groupAnswers: { item: GroupItem; results: SequencedTx[] }[];
  closed: ClosedBatch[];
  /** Index → the batch of the account's last change in the round. */
  changed: Map<number, number>;
}

const isL2 = (op: Op): op is L2Tx => op.type === "transfer" || op.type === "withdraw";

export class Sequencer {
  private readonly engine: Engine;
  private readonly o: SequencerOptions;
  private readonly now: () => number;
  private readonly intake: IntakeItem[] = [];
  private intakeTxs = 0;
  private readonly waiting: NonceQueues<TxItem & { readonly nonce: number }>;
  private readonly priority: PendingPriorityOp[] = [];
  /** Hashes of sequenced txs of recent batches, and the batch each is in (dedupe). */
  private readonly known = new Map<string, number>();
  private seq: number;
  /** The open batch: its ops, their tx hashes, priority ops, when its first op came. */
  private open: { ops: Op[]; txHashes: string[]; priorityOps: number; openedAt: number };
  private pumping = false;
  private closeDue = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped: GhostError | undefined;

  constructor(o: SequencerOptions) {
    this.o = o;
    this.engine = o.engine;
    this.now = o.now ?? Date.now;
    this.seq = o.lastSeq;
    this.waiting = new NonceQueues({ perAccount: o.limits.maxWaitingPerAccount, total: o.limits.maxWaiting });
    this.open = {
      ops: o.openOps.map((x) => x.op),
      txHashes: o.openOps.flatMap((x) => (x.txHash === undefined ? [] : [x.txHash])),
      priorityOps: o.openOps.filter((x) => !isL2(x.op)).length,
      openedAt: o.openOps[0]?.openedAt ?? 0,
    };
    for (const h of this.open.txHashes) this.known.set(h, this.engine.batchNumber + 1);
    if (this.open.ops.length > 0) this.armTimer();
  }

  /** The open batch's number and op count. */
  get soft(): { batchNumber: number; ops: number } {
    return { batchNumber: this.engine.batchNumber + 1, ops: this.open.ops.length };
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  get intakeCount(): number {
    return this.intakeTxs;
  }

  /** The queue index of the next priority op to fetch from ghostd. */
  get nextQueueIndex(): number {
    return this.engine.priorityCount + this.priority.length;
  }

  get pendingPriority(): number {
    return this.priority.length;
  }

  /** Queue entries from ghostd, in queue order from nextQueueIndex on (others are ignored). */
  addPriorityOps(entries: readonly PendingPriorityOp[]): void {
    for (const e of entries) if (e.queueIndex === this.nextQueueIndex) this.priority.push(e);
    if (this.priority.length > 0) {
      // Priority ops go ahead of L2 txs: a batch holding L2 txs closes now so the next one starts with them.
      if (this.open.ops.length > this.open.priorityOps) this.closeDue = true;
      this.schedule();
    }
  }

  /** Sequences one L2 tx; resolves once it is soft-confirmed and on disk. */
  submit(op: L2Tx): Promise<SequencedTx> {
    const refusal = this.refuseIntake(1);
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise((ok, fail) => {
      this.intake.push({ kind: "tx", item: { op, receivedAt: this.now(), ok, fail } });
      this.intakeTxs++;
      this.schedule();
    });
  }

  /** Sequences txs all or nothing; resolves once every one is soft-confirmed and on disk. */
  submitGroup(ops: readonly L2Tx[]): Promise<SequencedTx[]> {
    const refusal = this.refuseIntake(ops.length);
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise((ok, fail) => {
      const at = this.now();
      const group = ops.map((op) => ({ op, receivedAt: at, ok: () => undefined, fail: () => undefined }));
      this.intake.push({ kind: "group", item: { group, ok, fail } });
      this.intakeTxs += ops.length;
      this.schedule();
    });
  }

  private refuseIntake(n: number): GhostError | undefined {
    if (this.stopped !== undefined) return this.stopped;
    if (this.intakeTxs + n > this.o.limits.maxIntake) return new GhostError("L2_MEMPOOL_FULL");
    return undefined;
  }

  /** Stops taking txs; everything queued or waiting is refused with L2_SHUTTING_DOWN. Idempotent. */
  stop(reason = new GhostError("L2_SHUTTING_DOWN")): void {
    this.stopped ??= reason;
    clearTimeout(this.timer);
    for (const i of this.intake.splice(0)) i.item.fail(this.stopped);
    for (const w of this.waiting.drain()) w.fail(this.stopped);
    this.intakeTxs = 0;
  }

  /** Resolves once the pump is idle (used by shutdown: the round in flight finishes). */
  async idle(): Promise<void> {
    while (this.pumping) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (!this.pumping && this.stopped === undefined) setImmediate(() => void this.pump());
  }

  private armTimer(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.open.openedAt + this.o.limits.batchTimeoutMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.closeDue = true;
      this.schedule();
    }, wait);
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.stopped !== undefined) return;
    this.pumping = true;
    // The round in progress: answered with the stop's error if the round throws.
    let current: { fail(e: GhostError): void }[] = [];
    try {
      while (this.stopped === undefined) {
        const out = this.newOutput();
        if (this.closeDue) {
          this.closeDue = false;
          if (this.open.ops.length > 0) this.closeOpen(out);
        }
        this.applyPriorityOps(out);
        const next = this.intake[0];
        if (next === undefined) {
          this.flush(out);
          break;
        }
        if (next.kind === "group") {
          this.intake.shift();
          this.intakeTxs -= next.item.group.length;
          current = [next.item];
          await this.runGroup(next.item, out);
        } else {
          const round: TxItem[] = [];
          while (round.length < this.o.limits.roundSize && this.intake[0]?.kind === "tx") {
            round.push((this.intake.shift() as { item: TxItem }).item);
          }
          this.intakeTxs -= round.length;
          current = round;
          await this.runRound(round, out);
        }
        this.flush(out);
      }
    } catch (e) {
      // A broken invariant (the engine refused what it was built to take): stop rather than guess.
      this.stop(new GhostError("L2_SHUTTING_DOWN", `sequencing stopped: ${(e as Error).message}`));
      for (const item of current) item.fail(this.stopped!);
      this.o.events.fatal(e);
    } finally {
      this.pumping = false;
    }
    if (this.intake.length > 0 || this.closeDue) this.schedule();
  }

  private newOutput(): RoundOutput {
    return { wal: [], ops: [], answers: [], groupAnswers: [], closed: [], changed: new Map() };
  }

  /**
   * The txs' hashes (their signed messages'), computed by the signature pool's workers so that this
   * thread hashes nothing; undefined for a tx that cannot be packed.
   */
  private async hashes(ops: readonly L2Tx[]): Promise<(string | undefined)[]> {
    const tuples: bigint[][] = [];
    const at: number[] = [];
    ops.forEach((op, k) => {
      try {
        const { signature: _, ...unsigned } = op;
        tuples.push([TX_DOMAIN, packTx(this.o.chainId, unsigned as UnsignedTx)]);
        at.push(k);
      } catch {
        // A field the engine refuses before any signature check (an amount with no compact form).
      }
    });
    const out: (string | undefined)[] = ops.map(() => undefined);
    (await this.o.pool.hash(tuples)).forEach((h, j) => {
      out[at[j]!] = `0x${h.toString(16).padStart(64, "0")}`;
    });
    return out;
  }

  /** `recorded`: false for a copy, whose hash's events are the original's (its sender alone is told). */
  private reject(item: TxItem, code: ErrorCode, reason?: string, recorded = true): void {
    const e = new GhostError(code, reason);
    this.o.events.rejected(recorded ? item.txHash : undefined, code, e.message, this.now());
    item.fail(e);
  }

  /** A copy of a tx the sequencer holds: sequenced in a recent batch, or waiting for its nonce. */
  private isCopy(item: TxItem): boolean {
    const h = item.txHash;
    return (
      h !== undefined && (this.known.has(h) || this.waiting.find(item.op.from, item.op.nonce)?.txHash === h)
    );
  }

  /** Soft-confirms a round of single txs. */
  private async runRound(round: TxItem[], out: RoundOutput): Promise<void> {
    const hashes = await this.hashes(round.map((i) => i.op));
    const accepting = this.o.acceptingL2();
    const ready: TxItem[] = [];
    const expected = new Map<number, number>();
    const inRound = new Set<string>();
    for (const [k, item] of round.entries()) {
      item.txHash = hashes[k];
      const h = item.txHash;
      if (h !== undefined && (this.isCopy(item) || inRound.has(h))) {
        this.reject(item, "L2_TX_KNOWN", undefined, false);
        continue;
      }
      if (h !== undefined) inRound.add(h);
      if (!accepting) {
        this.reject(item, "L2_BACKLOG_FULL");
        continue;
      }
      if (h !== undefined && !item.announced) {
        item.announced = true;
        this.o.events.received(h, item.receivedAt);
      }
      const from = item.op.from;
      const next = expected.get(from) ?? this.engine.account(from)?.nonce;
      if (next !== undefined && item.op.nonce > next) {
        this.hold(item);
        continue;
      }
      if (next !== undefined && item.op.nonce === next) expected.set(from, next + 1);
      ready.push(item);
    }
    await this.applyTxs(ready, out);
    // Txs that waited for a nonce this round reached go into the next round, ahead of newer arrivals.
    const released: IntakeItem[] = [];
    for (const from of new Set(ready.map((i) => i.op.from))) {
      let nonce = this.engine.account(from)?.nonce;
      while (nonce !== undefined) {
        const w = this.waiting.take(from, nonce);
        if (w === undefined) break;
        released.push({ kind: "tx", item: w });
        nonce++;
      }
    }
    this.intake.unshift(...released);
    this.intakeTxs += released.length;
  }

  /** Holds a tx ahead of its sender's nonce until the nonce comes, L2_NONCE_GAP after nonceWaitMs. */
  private hold(item: TxItem): void {
    const waiting = Object.assign(item, { nonce: item.op.nonce });
    try {
      this.waiting.add(item.op.from, waiting);
    } catch (e) {
      this.reject(item, (e as GhostError).code, (e as GhostError).message);
      return;
    }
    setTimeout(() => {
      if (this.waiting.remove(item.op.from, waiting)) {
        this.reject(item, "L2_NONCE_GAP", `nonce ${item.op.nonce} waited ${this.o.limits.nonceWaitMs} ms`);
      }
    }, this.o.limits.nonceWaitMs).unref();
  }

  /** Applies ready txs in slices that fit the open batch, closing batches as they fill. */
  private async applyTxs(ready: readonly TxItem[], out: RoundOutput): Promise<void> {
    if (ready.length === 0) return;
    const prepared = await this.engine.prepare(
      ready.map((i) => i.op),
      this.o.pool,
    );
    let at = 0;
    while (at < ready.length) {
      if (this.open.ops.length >= this.o.batchSize) this.closeOpen(out);
      this.applyPriorityOps(out);
      const end = Math.min(ready.length, at + this.o.batchSize - this.open.ops.length);
      const outcomes = this.engine.applyPrepared(prepared, at, end);
      outcomes.forEach((o, j) => {
        const item = ready[at + j]!;
        if (o.ok) out.answers.push({ item, result: this.sequence(item, out) });
        else this.reject(item, o.code, o.message);
      });
      at = end;
    }
    if (this.open.ops.length >= this.o.batchSize) this.closeOpen(out);
  }

  /**
   * An atomic user batch. When it fits the open batch: a checkpoint, the txs, a revert if one fails. When
   * it spans batches, it is first tried whole inside the open batch (the engine's own batch size allows
   * it) and reverted; only if every tx passes is it applied again in slices with the closes between. The
   * two runs differ only in the fee account's GCC (credited at each close): larger in the second, so a tx
   * that passed the trial passes again. Pending priority ops wait until the group is in, since a forced
   * exit between its slices could change an outcome.
   */
  private async runGroup(g: GroupItem, out: RoundOutput): Promise<void> {
    const items = g.group;
    const hashes = await this.hashes(items.map((i) => i.op));
    const refuse = (index: number, code: ErrorCode, message: string) => {
      const e = new GhostError(code, `tx ${index}: ${message}`, { details: { index } });
      for (const i of items)
        this.o.events.rejected(this.isCopy(i) ? undefined : i.txHash, code, e.message, this.now());
      g.fail(e);
    };
    const seen = new Set<string>();
    for (let k = 0; k < items.length; k++) {
      const h = hashes[k];
      items[k]!.txHash = h;
      if (h !== undefined && (this.isCopy(items[k]!) || seen.has(h)))
        return refuse(k, "L2_TX_KNOWN", "already known to the sequencer");
      if (h !== undefined) seen.add(h);
    }
    if (!this.o.acceptingL2()) return refuse(0, "L2_BACKLOG_FULL", new GhostError("L2_BACKLOG_FULL").message);
    const n = items.length;
    if (
      this.open.ops.length + n > Math.min(this.engine.batchSize, MAX_OPS_PER_CALL) &&
      this.open.ops.length > 0
    )
      this.closeOpen(out);
    const spans = this.open.ops.length + n > this.o.batchSize;
    // A prepared op is applied once: a group that spans batches is prepared twice, for the trial and the slices.
    const ops = items.map((i) => i.op);
    const [prepared, slices] = await Promise.all([
      this.engine.prepare(ops, this.o.pool),
      spans ? this.engine.prepare(ops, this.o.pool) : undefined,
    ]);
    const cp = this.engine.checkpoint();
    const trial = this.engine.applyPrepared(prepared, 0, n);
    const bad = trial.findIndex((o) => !o.ok);
    if (bad >= 0) {
      this.engine.revertTo(cp);
      const o = trial[bad] as { code: ErrorCode; message: string };
      return refuse(bad, o.code, o.message);
    }
    const results: SequencedTx[] = [];
    if (slices === undefined) {
      for (const item of items) results.push(this.sequence(item, out));
    } else {
      this.engine.revertTo(cp);
      let at = 0;
      while (at < n) {
        if (this.open.ops.length >= this.o.batchSize) this.closeOpen(out);
        const end = Math.min(n, at + this.o.batchSize - this.open.ops.length);
        const outcomes = this.engine.applyPrepared(slices, at, end);
        const failed = outcomes.findIndex((o) => !o.ok);
        if (failed >= 0) {
          throw new GhostError(
            "WASM_ABORT",
            `a user batch passed whole but tx ${at + failed} failed when sliced`,
          );
        }
        for (let k = at; k < end; k++) results.push(this.sequence(items[k]!, out));
        at = end;
      }
    }
    if (this.open.ops.length >= this.o.batchSize) this.closeOpen(out);
    out.groupAnswers.push({ item: g, results });
  }

  /** Records an applied L2 tx in the open batch and the round's log entries. */
  private sequence(item: TxItem, out: RoundOutput): SequencedTx {
    const batch = this.engine.batchNumber + 1;
    const position = this.open.ops.length;
    const txHash = item.txHash!;
    const at = this.now();
    if (position === 0) this.openBatch(at);
    this.open.ops.push(item.op);
    this.open.txHashes.push(txHash);
    this.known.set(txHash, batch);
    const entry: WalEntry = {
      kind: "op",
      batch,
      position,
      op: opToJson(item.op),
      txHash,
      receivedAt: item.receivedAt,
      sequencedAt: at,
    };
    out.wal.push({ seq: ++this.seq, entry });
    out.ops.push(
      this.o.store.txPut(txHash, { batch, position, receivedAt: item.receivedAt, sequencedAt: at }),
    );
    out.changed.set(item.op.from, batch);
    if (item.op.type === "transfer") out.changed.set(item.op.to, batch);
    return { txHash, status: "sequenced", batchNumber: batch, position };
  }

  private openBatch(at: number): void {
    this.open.openedAt = at;
    this.armTimer();
  }

  /** Applies pending priority ops while the open batch holds no L2 tx (up to its room). */
  private applyPriorityOps(out: RoundOutput): void {
    // Priority ops may join a batch as long as no L2 tx is in it yet (they come first in a batch).
    const room = this.o.batchSize - this.open.ops.length;
    if (this.open.ops.length > this.open.priorityOps || this.priority.length === 0 || room <= 0) return;
    const take = this.priority.splice(0, room);
    const outcomes = this.engine.apply(take.map((p) => p.op));
    const at = this.now();
    if (this.open.ops.length === 0) this.openBatch(at);
    const batch = this.engine.batchNumber + 1;
    outcomes.forEach((o, k) => {
      const p = take[k]!;
      // Priority ops are never rejected for state reasons (they become no-ops); a refusal means the
      // queue and the engine disagree, which no later batch could repair.
      if (!o.ok) throw new GhostError("WASM_ABORT", `priority op ${p.queueIndex} refused: ${o.code}`);
      const entry: WalEntry = {
        kind: "op",
        batch,
        position: this.open.ops.length,
        op: opToJson(p.op),
        queueIndex: p.queueIndex,
        receivedAt: p.receivedAt,
        sequencedAt: at,
      };
      this.open.ops.push(p.op);
      this.open.priorityOps++;
      out.wal.push({ seq: ++this.seq, entry });
      if (o.receipt.account !== undefined) out.changed.set(o.receipt.account, batch);
      if (p.op.type === "forcedExit") out.changed.set(p.op.account, batch);
    });
    if (this.open.ops.length >= this.o.batchSize || this.priority.length > 0) this.closeOpen(out);
  }

  /** Closes the open batch in the engine (fees credited, no tree hashed) and logs the close. */
  private closeOpen(out: RoundOutput): void {
    if (this.open.ops.length === 0) return;
    const closed = this.engine.closeBatch();
    const at = this.now();
    clearTimeout(this.timer);
    this.timer = undefined;
    const entry: WalEntry = {
      kind: "close",
      batch: closed.batchNumber,
      feeAccount: closed.feeAccount,
      opCount: this.open.ops.length,
      at,
    };
    out.wal.push({ seq: ++this.seq, entry });
    out.closed.push({
      batchNumber: closed.batchNumber,
      feeAccount: closed.feeAccount,
      ops: this.open.ops,
      txHashes: this.open.txHashes,
      priorityOps: this.open.priorityOps,
      closedAt: at,
      closeSeq: this.seq,
    });
    out.changed.set(closed.feeAccount, closed.batchNumber);
    this.open = { ops: [], txHashes: [], priorityOps: 0, openedAt: 0 };
    this.forget(closed.batchNumber);
  }

  /** Keeps dedupe hashes for the last 64 batches; older txs are refused by their nonce anyway. */
  private forget(closedBatch: number): void {
    if (closedBatch % 64 !== 0) return;
    for (const [h, b] of this.known) if (b <= closedBatch - 64) this.known.delete(h);
  }

  /** Writes the round's log entries (group commit); answers and hands on closed batches once on disk. */
  private flush(out: RoundOutput): void {
    if (out.wal.length === 0 && out.ops.length === 0 && out.closed.length === 0) return;
    if (out.wal.length > 0) out.ops.push(this.o.store.walPut(out.wal));
    this.o.commit.write(out.ops).then(
      () => {
        const at = this.now();
        const done = [
          ...out.answers.map((a) => ({ ...a.result, at, receivedAt: a.item.receivedAt })),
          ...out.groupAnswers.flatMap((g) =>
            g.results.map((r, i) => ({ ...r, at, receivedAt: g.item.group[i]!.receivedAt })),
          ),
        ];
        this.o.events.sequenced(done);
        for (const a of out.answers) a.item.ok(a.result);
        for (const g of out.groupAnswers) g.item.ok(g.results);
        for (const c of out.closed) this.o.events.closed(c);
        if (out.changed.size > 0) this.o.events.accountsChanged(out.changed);
      },
      (e: unknown) => {
        const err = new GhostError(
          "L2_SHUTTING_DOWN",
          "the log write failed; nothing of this round is acknowledged",
          {
            cause: e,
          },
        );
        for (const a of out.answers) a.item.fail(err);
        for (const g of out.groupAnswers) g.item.fail(err);
        this.stop(err);
        this.o.events.fatal(e);
      },
    );
  }
}
