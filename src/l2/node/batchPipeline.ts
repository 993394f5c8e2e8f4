/**
 * After soft confirmation (docs/sequencer.md §Pipeline): each closed batch is sealed by the sealing
 * thread, proven by the prover queue, and settled on ghostd, each stage in batch order and each in its own
 * loop, so sequencing never waits for a proof. Every stage's result is written (with the heads) before
 * the next stage sees it; the unproven backlog is the closed batches not yet proven, on disk as log
 * entries (closed) or circuit inputs (sealed). A restart resumes each loop from the stored heads.
 */
import type { Logger } from "pino";
import { GhostError } from "../../protocol/index.js";
import type { Groth16Proof, ProveResult, ProverQueue, VerificationKey } from "../../prover/index.js";
import type { DbOp } from "../../store/index.js";
import type { BatchRecord, BatchStage, Heads, ProvingEstimate } from "../core/index.js";
import type { Sealer } from "./sealer.js";
import type { SealerReply } from "./sealerProtocol.js";
import type { ClosedBatch } from "./sequencer.js";
import type { GroupCommit, SequencerStore } from "./sequencerStore.js";
import type { Settlement } from "./settlement.js";

/** Seal requests in flight at once. */
const SEAL_WINDOW = 32;

type SealedReply = Extract<SealerReply, { kind: "sealed" }>;
type SnapshotReply = Extract<SealerReply, { kind: "snapshot" }>;

export interface PipelineEvents {
  batch(batchNumber: number, stage: BatchStage, record: BatchRecord): void;
}

export interface BatchPipelineOptions {
  readonly store: SequencerStore;
  readonly commit: GroupCommit;
  readonly sealer: Sealer;
  /** None: proving is paused (benchmarks); batches stay sealed. */
  readonly prover: ProverQueue | undefined;
  readonly circuit: { readonly zkey: string; readonly wasm: string };
  readonly vkey: VerificationKey;
  readonly settlement: Settlement;
  readonly heads: Heads;
  readonly estimate: ProvingEstimate;
  readonly events: PipelineEvents;
  readonly log: Logger;
  /** A snapshot of the sealing engine every this many sealed batches (0: never). */
  readonly snapshotEveryBatches: number;
  /** Tx records are deleted this many batches after their batch settles. */
  readonly txRetentionBatches: number;
  readonly now?: () => number;
}

/** The record of a batch as it closed (the log's close entry says the same). */
function closedRecord(batch: ClosedBatch): BatchRecord {
  return {
    batchNumber: batch.batchNumber,
    feeAccount: batch.feeAccount,
    opCount: batch.ops.length,
    priorityOps: batch.priorityOps,
    txHashes: batch.txHashes,
    closedAt: batch.closedAt,
  };
}

export class BatchPipeline {
  private readonly o: BatchPipelineOptions;
  private readonly now: () => number;
  heads: Heads;
  /** Closed batches waiting for the sealer, in order. */
  private readonly toSeal: ClosedBatch[] = [];
  private sealing = false;
  /** The last batch whose sealed record and circuit input are on disk (what the prover may read). */
  private sealedOnDisk: number;
  /** Whether storeProofs runs. */
  private proving = false;
  /** Batches handed to the prover, in batch order, with their proofs to come. */
  private readonly proofs: {
    k: number;
    dispatchedAt: number;
    result: Promise<ProveResult | undefined>;
  }[] = [];
  /** When the last proof was stored (performance.now()). */
  private lastProofStoredAt = 0;
  /** The next sealed batch to hand to the prover. */
  private nextToProve: number;
  private proverBusySince = 0;
  /** A proof did not verify: proving stops (settlement too, by settlementStopped). */
  private proofRefused = false;
  private settling = false;
  private closed = false;
  /** Milliseconds with at least one batch at the prover before the current stretch (busy share). */
  private proverBusyBefore = 0;
  readonly since = performance.now();

  constructor(o: BatchPipelineOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.heads = o.heads;
    this.sealedOnDisk = o.heads.sealed;
    this.nextToProve = o.heads.proven + 1;
  }

  /** Batches closed but not yet proven: the backlog in batches. */
  get unproven(): number {
    return this.heads.closed - this.heads.proven;
  }

  /** Milliseconds with at least one batch at the prover, and since when it is counted (busy share). */
  get proverBusyMs(): number {
    return this.proverBusyBefore + (this.proofs.length > 0 ? performance.now() - this.proverBusySince : 0);
  }

  /** Batches closed but not yet sealed: how far soft confirmation runs ahead of sealing. */
  get unsealed(): number {
    return this.heads.closed - this.heads.sealed;
  }

  get backlogMs(): number {
    return this.o.estimate.backlogMs(this.unproven);
  }

  /** Resumes the proving and settlement loops from the stored heads. */
  start(): void {
    this.kickProve();
    this.kickSettle();
  }

  /** A closed batch, on disk in the log: record it and seal it. */
  closedBatch(batch: ClosedBatch, replay = false): void {
    if (batch.batchNumber > this.heads.closed) {
      const record = closedRecord(batch);
      this.heads = { ...this.heads, closed: batch.batchNumber };
      void this.write([this.o.store.batchPut(record), this.o.store.headsPut(this.heads)]).then(() =>
        this.o.events.batch(batch.batchNumber, "closed", record),
      );
    }
    this.toSeal.push(batch);
    if (!replay) this.kickSeal();
  }

  /** Seals the batches given by closedBatch(…, true) during a restart, in order. */
  async sealReplayed(): Promise<void> {
    this.kickSeal();
    while (this.sealing || this.toSeal.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private write(ops: DbOp[]): Promise<void> {
    return this.o.commit.write(ops);
  }

  private kickSeal(): void {
    if (this.sealing || this.closed) return;
    this.sealing = true;
    void this.sealLoop().finally(() => {
      this.sealing = false;
    });
  }

  private async sealLoop(): Promise<void> {
    // Requests go out ahead of the replies (the sealing process answers them in order), so the process
    // seals the next batch while this one's record is being written; a snapshot request rides in the same
    // order right behind its batch, so it holds exactly that batch's state.
    const inFlight: {
      batch: ClosedBatch;
      known: boolean;
      reply: Promise<SealedReply>;
      snapshot: Promise<SnapshotReply> | undefined;
    }[] = [];
    let lastWrite: Promise<void> = Promise.resolve();
    while (!this.closed) {
      while (inFlight.length < SEAL_WINDOW && this.toSeal.length > 0) {
        const batch = this.toSeal.shift()!;
        const known = batch.batchNumber <= this.heads.sealed;
        const reply = this.o.sealer.request({
          kind: "seal",
          batchNumber: batch.batchNumber,
          feeAccount: batch.feeAccount,
          ops: batch.ops,
          witness: !known,
        });
        const every = this.o.snapshotEveryBatches;
        const snapshot =
          !known && every > 0 && batch.batchNumber % every === 0
            ? this.o.sealer.request({ kind: "snapshot" })
            : undefined;
        // Each is awaited in its turn; a failure met there stops the loop.
        reply.catch(() => undefined);
        snapshot?.catch(() => undefined);
        inFlight.push({ batch, known, reply, snapshot });
      }
      const next = inFlight.shift();
      if (next === undefined) break;
      const { batch } = next;
      let reply: SealedReply;
      try {
        reply = await next.reply;
        if (!next.known && reply.input === undefined)
          throw new GhostError("WITNESS_FAILED", "the sealing process sent no circuit input");
      } catch (e) {
        if (this.closed) break;
        this.o.log.fatal({ err: e, batch: batch.batchNumber }, "sealing failed: the pipeline stops");
        this.closed = true;
        break;
      }
      if (next.known) continue; // replayed after a restart: already stored
      const record: BatchRecord = {
        ...closedRecord(batch),
        sealedAt: this.now(),
        oldRoot: reply.oldRoot.toString(),
        newRoot: reply.newRoot.toString(),
        dataHash: reply.dataHash.toString(),
        publicInputHash: reply.publicInputHash.toString(),
        data: `0x${Buffer.from(reply.data).toString("hex")}`,
      };
      this.heads = { ...this.heads, sealed: batch.batchNumber };
      lastWrite = this.write([
        this.o.store.batchPut(record),
        this.o.store.inputPut(batch.batchNumber, reply.input!),
        this.o.store.headsPut(this.heads),
      ]).then(
        () => {
          this.sealedOnDisk = batch.batchNumber;
          this.o.events.batch(batch.batchNumber, "sealed", record);
          this.kickProve();
        },
        () => undefined, // the log's failure stops the node (GroupCommit's onFailure)
      );
      if (next.snapshot !== undefined) {
        try {
          await this.snapshot(await next.snapshot, batch, lastWrite);
        } catch (e) {
          if (this.closed) break;
          this.o.log.error({ err: e, batch: batch.batchNumber }, "snapshot failed; the log is kept");
        }
      }
    }
    await lastWrite;
  }

  /** Stores the sealing engine's state at `batch` (after its record) and drops the log it covers. */
  private async snapshot(snap: SnapshotReply, batch: ClosedBatch, recorded: Promise<void>): Promise<void> {
    if (snap.batchNumber !== batch.batchNumber) {
      throw new GhostError(
        "WASM_ABORT",
        `the snapshot is at batch ${snap.batchNumber}, expected ${batch.batchNumber}`,
      );
    }
    await recorded;
    await this.write(
      this.o.store.snapshotOps(snap.bytes, { batchNumber: snap.batchNumber, seq: batch.closeSeq }),
    );
    await this.o.store.walTruncate(batch.closeSeq);
    this.o.log.info({ batch: snap.batchNumber, bytes: snap.bytes.length }, "snapshot written");
  }

  /**
   * Sends sealed batches to the prover, up to its window at once (a distributed queue proves them side by
   * side), and makes sure the loop that stores their proofs runs.
   */
  private kickProve(): void {
    const prover = this.o.prover;
    if (this.closed || this.proofRefused || prover === undefined) return;
    while (this.proofs.length < prover.window && this.nextToProve <= this.sealedOnDisk) {
      const k = this.nextToProve++;
      if (this.proofs.length === 0) this.proverBusySince = performance.now();
      const result = this.proveBatch(prover, k);
      result.catch(() => undefined); // awaited in its turn by storeProofs
      this.proofs.push({ k, dispatchedAt: performance.now(), result });
    }
    if (this.proving) return;
    this.proving = true;
    void this.storeProofs()
      .catch((e) => {
        this.o.log.fatal({ err: e }, "proving failed: the pipeline stops");
        this.closed = true;
      })
      .finally(() => {
        this.proving = false;
      });
  }

  /** A proof of batch k, retried until one comes or the pipeline closes (then undefined). */
  private async proveBatch(prover: ProverQueue, k: number): Promise<ProveResult | undefined> {
    const [record, input] = await Promise.all([this.o.store.batch(k), this.o.store.input(k)]);
    if (record === undefined || input === undefined)
      throw new GhostError("WITNESS_FAILED", `batch ${k} has no circuit input`);
    for (;;) {
      try {
        return await prover.prove({
          batchNumber: k,
          zkey: this.o.circuit.zkey,
          wasm: this.o.circuit.wasm,
          input,
          verify: { vkey: this.o.vkey, publicInputHash: BigInt(record.publicInputHash!) },
        });
      } catch (e) {
        if (this.closed) return undefined;
        this.o.log.error({ err: e, batch: k }, "proving failed; retrying");
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** Stores the proofs in batch order as they come, each before the next stage sees it. */
  private async storeProofs(): Promise<void> {
    const prover = this.o.prover!;
    while (!this.closed && !this.proofRefused && this.proofs.length > 0) {
      const { k, dispatchedAt, result: pending } = this.proofs[0]!;
      const result = await pending;
      if (result === undefined || this.closed) return;
      if (result.verified !== true) {
        // Never post a proof that does not verify: settlement stops here and chain info says why.
        this.heads = {
          ...this.heads,
          settlementStopped: `PROOF_INVALID: the proof of batch ${k} does not verify`,
        };
        await this.write([this.o.store.headsPut(this.heads)]);
        this.o.log.fatal({ batch: k }, "a proof did not verify: proving and settlement stop");
        this.proofRefused = true;
        return;
      }
      // The backlog's measure is the time the prover takes per batch: since the later of the last stored
      // proof and this batch's hand-over. With one prover that is its proving time; with several side by
      // side (a distributed queue), the interval between their proofs.
      const storedAt = performance.now();
      this.o.estimate.observe(storedAt - Math.max(this.lastProofStoredAt, dispatchedAt));
      this.lastProofStoredAt = storedAt;
      const record = (await this.o.store.batch(k))!;
      const proven: BatchRecord = {
        ...record,
        provenAt: this.now(),
        proof: result.proof as unknown as Record<string, unknown>,
        publicSignals: result.publicSignals,
        proveMs: Math.round(result.proveMs + result.witnessMs),
      };
      this.heads = { ...this.heads, proven: k };
      await this.write([this.o.store.batchPut(proven), this.o.store.headsPut(this.heads)]);
      this.proofs.shift();
      if (this.proofs.length === 0) this.proverBusyBefore += performance.now() - this.proverBusySince;
      // Stored: the queue's own copy (Redis) may go.
      prover
        .forget(k)
        .catch((e) => this.o.log.warn({ err: e, batch: k }, "the prover queue kept a finished job"));
      this.o.events.batch(k, "proven", proven);
      this.kickProve();
      this.kickSettle();
    }
  }

  private kickSettle(): void {
    if (this.settling || this.closed || this.heads.settlementStopped !== null) return;
    this.settling = true;
    void this.settleLoop()
      .catch((e) => this.o.log.error({ err: e }, "settlement failed"))
      .finally(() => {
        this.settling = false;
      });
  }

  private async settleLoop(): Promise<void> {
    while (!this.closed && this.heads.settlementStopped === null && this.heads.settled < this.heads.proven) {
      const k = this.heads.settled + 1;
      const record = (await this.o.store.batch(k))!;
      const outcome = await this.o.settlement.settle({
        batchNumber: k,
        feeAccount: record.feeAccount,
        newRoot: BigInt(record.newRoot!),
        proof: record.proof as unknown as Groth16Proof,
        data: Uint8Array.from(Buffer.from(record.data!.slice(2), "hex")),
      });
      if (this.closed) return;
      if (!outcome.settled) {
        this.heads = { ...this.heads, settlementStopped: outcome.stop };
        await this.write([this.o.store.headsPut(this.heads)]);
        this.o.log.error({ batch: k, reason: outcome.stop }, "settlement stopped");
        return;
      }
      const settled: BatchRecord = {
        ...record,
        settledAt: this.now(),
        l1Block: outcome.l1Block,
        ...(outcome.commitTxHash === undefined ? {} : { commitTxHash: outcome.commitTxHash }),
      };
      this.heads = { ...this.heads, settled: k };
      const ops: DbOp[] = [
        this.o.store.batchPut(settled),
        this.o.store.inputDel(k),
        this.o.store.commitDel(k),
        this.o.store.headsPut(this.heads),
      ];
      const old = k - this.o.txRetentionBatches;
      if (this.o.txRetentionBatches > 0 && old >= 1) {
        const pruned = await this.o.store.batch(old);
        for (const h of pruned?.txHashes ?? []) ops.push(this.o.store.txDel(h));
      }
      await this.write(ops);
      this.o.events.batch(k, "settled", settled);
    }
  }

  /** Stops every loop after the step in progress. */
  close(): void {
    this.closed = true;
  }

  /** Resolves once no loop is running (after close: their last writes are queued). */
  async idle(): Promise<void> {
    while (this.sealing || this.proving || this.settling) await new Promise((r) => setTimeout(r, 10));
  }
}
