/**
 * The Engine facade: GhostPlane's fast state transition, one WASM instance per engine.
 *
 *   const engine = await createEngine({ chainId, depth, batchSize, genesis, feeAccount });
 *   engine.apply(ops)      → one outcome per op, account data updated at once (soft confirmation)
 *   engine.checkpoint() / engine.revertTo(cp), engine.applyAll(ops) → all-or-nothing inside the batch
 *   engine.seal()          → roots, DA bytes, data and public-input hashes, per-op witness data
 *   engine.closeBatch()    → the seal's account changes without the tree (an engine that only soft-confirms)
 *   engine.prepare(ops, pool) → PreparedOps;  engine.applyPrepared(prepared, start, end) → apply's outcomes
 *   engine.account(i), engine.proof(i), engine.root()
 *   engine.snapshot()      → bytes;  restoreEngine(bytes) → an equal engine
 *
 * Results are typed objects and GhostError codes (src/protocol/errors.ts), never pointers. Every public
 * function validates its arguments first (validate.ts) and stages each op once (opCodec.ts), so a
 * refused call applies nothing and what is applied is what was checked. Whole op lists cross the
 * boundary in a few calls; views of memory are rebuilt after every call that may grow it.
 */
import {
  type Account,
  ERROR_CODES,
  errorCodeFromId,
  GhostError,
  initProtocol,
  isUint,
  type MerkleProof,
  type Op,
  packTx,
  SIBLINGS_PER_LEVEL,
  TX_DOMAIN,
  treeLevels,
  type UnsignedTx,
} from "../../protocol/index.js";
import { type CoreInstance, instantiateCore } from "../core.js";
import { type SignedMessage, verifySignatures } from "../eddsa.js";
import { FIELD_MODULUS, readField, writeField } from "../fieldCodec.js";
import { ACCOUNT, CHECKPOINT, CLOSED, OP, RECEIPT, SNAPSHOT } from "../layout/structs.js";
import { poseidonBatch } from "../poseidon.js";
import { isSignaturePool, type SignaturePool, type SignedPreimage } from "../signaturePool.js";
import { readAccount, writeAccount } from "./accountCodec.js";
import type { EngineExports } from "./exports.js";
import { type OpOutcome, readReceipt, type StagedOp, stageOp, writeOp } from "./opCodec.js";
import { type PreparedOps, prepareOps, takePrepared } from "./preparedOps.js";
import { type ClosedBatch, readClosed, readSealed, type SealedBatch } from "./sealCodec.js";
import {
  readHeader,
  type SnapshotHeader,
  sealChecksum,
  snapshotBytes,
  writeHeader,
} from "./snapshotHeader.js";
import {
  badArgument,
  type ChainParameters,
  chainParameters,
  denseList,
  genesisAccount,
  genesisInvalid,
  MAX_OPS_PER_CALL,
  optionalBool,
  optionsArg,
  positiveIntArg,
  show,
  uintArg,
} from "./validate.js";

export interface EngineOptions {
  readonly chainId: number;
  /** Account tree depth in index bits: even, 2..32 (the 4-ary tree has depth/2 levels). */
  readonly depth: number;
  /** Operations per batch (priority ops + L2 txs): 1..MAX_BATCH_SIZE (src/protocol/constants.ts). */
  readonly batchSize: number;
  /** Accounts at indexes 0, 1, … (createGenesis' rules). */
  readonly genesis?: readonly Account[];
  /** The account credited with each batch's fees (default 0); see setFeeAccount. */
  readonly feeAccount?: number;
  /** Verify L2 signatures (default true); off only to replay published data, which has none. */
  readonly checkSignatures?: boolean;
  /** Check that genesis keys are Baby Jubjub subgroup points (default true; ≈ 0.1 ms each, in the core). */
  readonly checkGenesisKeys?: boolean;
  /**
   * Start after `batchNumber` batches that consumed `priorityCount` queue entries (queue hash
   * `priorityHash`), with `genesis` as the accounts they left: a state rebuilt from published data
   * (rebuildFromData). Default: a new chain (0, 0, 0).
   */
  readonly counters?: {
    readonly batchNumber: number;
    readonly priorityCount: number;
    readonly priorityHash: bigint;
  };
}

/** A point inside the open batch to revert to (Engine.checkpoint); valid until the batch ends. */
export interface Checkpoint {
  /** Ops applied in the open batch when it was taken (Noops not counted). */
  readonly openOps: number;
}

/** Slice of the I/O buffer used for bulk transfers (genesis, snapshots). */
const SLICE_BYTES = 1 << 20;
/** Ops per call into the core: bounds the I/O buffer (≈ 1.4 MiB) whatever the list's length. */
const OPS_PER_SLICE = 4096;

export class Engine {
  readonly chainId: number;
  readonly depth: number;
  readonly batchSize: number;
  private readonly core: CoreInstance;
  private readonly x: EngineExports;
  private readonly checkSignatures: boolean;
  /** Live checkpoints of the open batch, oldest first, with the core's bytes for each. */
  private marks: { readonly cp: Checkpoint; readonly bytes: Uint8Array }[] = [];
  /** Set while applyVerified awaits the pool: every other call that changes the state is refused. */
  private busy = false;

  /** Use createEngine or restoreEngine. */
  constructor(core: CoreInstance, config: ChainParameters, checkSignatures: boolean) {
    this.core = core;
    this.x = core.exports as unknown as EngineExports;
    this.chainId = config.chainId;
    this.depth = config.depth;
    this.batchSize = config.batchSize;
    this.checkSignatures = checkSignatures;
  }

  private status(code: number, message?: string): void {
    if (code === 0) return;
    const c = errorCodeFromId(code);
    throw new GhostError(c, message ?? ERROR_CODES[c].message);
  }

  private idle(): void {
    if (this.busy) throw badArgument("an applyVerified call on this engine is still running");
  }

  /** Refuses `what` once closeBatch has moved the accounts past the tree (the core refuses it too). */
  private tree(what: string): void {
    if (this.x.stateTreeStale() !== 0)
      throw badArgument(`${what}: this engine closes its batches with closeBatch and has no tree`);
  }

  /** The caller's op list, checked (a dense array of at most MAX_OPS_PER_CALL) and staged once. */
  private stage(ops: unknown): StagedOp[] {
    return denseList(ops, "ops", MAX_OPS_PER_CALL).map(stageOp);
  }

  /**
   * Applies ops in order; each either changes the state (receipt) or nothing (code). The L2 signatures
   * are first verified together in this engine's core (one batch: shared inversion, hashes and
   * multiplications two at a time), with exactly the verdicts of one check per op at its place.
   * Throws WASM_BAD_ARGUMENT, applying nothing, for a list that is not a dense array of at most
   * MAX_OPS_PER_CALL ops; a malformed op is that op's TX_MALFORMED outcome.
   */
  apply(ops: readonly Op[]): OpOutcome[] {
    this.idle();
    const staged = this.stage(ops);
    if (this.checkSignatures) {
      const signed = this.signedMessages(staged);
      if (signed.items.length > 0) bindVerdicts(signed, verifySignatures(signed.items, this.core));
    }
    return this.applyStaged(staged);
  }

  /**
   * apply, with the L2 signatures verified first in parallel by a worker pool (createSignaturePool),
   * against the senders' keys as they stand. The ops are staged once at entry: what is applied is
   * exactly what was verified, whatever the caller does to its list or its ops during the wait. All or
   * nothing: if the pool fails (a worker exits, the pool is closed), every op of this call is undone
   * and the error rethrown. Outcomes are exactly apply's.
   */
  async applyVerified(ops: readonly Op[], pool: SignaturePool, chunk = 512): Promise<OpOutcome[]> {
    this.idle();
    const staged = this.stageForPool(ops, pool, chunk);
    if (!this.checkSignatures) return this.applyStaged(staged);
    // Pipelined: the pool verifies chunk k + 1 while this thread applies chunk k (prepare cannot: its
    // ops are applied later, in slices of the caller's choosing). A verdict counts only for the key it
    // was checked against, so a sender created by an earlier chunk is checked in the core.
    this.busy = true;
    const start = this.mark();
    const outcomes: OpOutcome[] = [];
    try {
      let next = this.verifyChunk(staged.slice(0, chunk), pool);
      for (let at = 0; at < staged.length; at += chunk) {
        await next;
        if (at + chunk < staged.length) {
          next = this.verifyChunk(staged.slice(at + chunk, at + 2 * chunk), pool);
          next.catch(() => undefined); // awaited next round; not an unhandled rejection if apply throws first
        }
        outcomes.push(...this.applyStaged(staged.slice(at, at + chunk)));
      }
    } catch (e) {
      this.status(this.x.stateRevert(this.checkpointBytes(start)));
      throw e;
    } finally {
      this.busy = false;
    }
    return outcomes;
  }

  /** applyVerified's and prepare's arguments checked, and the ops staged once. */
  private stageForPool(ops: readonly Op[], pool: SignaturePool, chunk: number): StagedOp[] {
    if (!isSignaturePool(pool))
      throw badArgument(`"pool" expected a pool made by createSignaturePool, got ${show(pool)}`);
    positiveIntArg(chunk, "chunk");
    return this.stage(ops);
  }

  /**
   * Stages ops once and has the pool verify the L2 signatures of those whose sender exists now, against
   * the sender's current key, `chunk` per pool call (the chunks verified concurrently). Changes no state
   * and does not hold the engine: other calls may run during the wait, since the core takes a verdict
   * only if the sender's key when the op is applied is the one it was checked against (an op whose
   * sender was created, or re-created, after this call is checked in the core at its place). The result
   * is opaque: its ops are applied by this engine's applyPrepared, each once, with exactly apply's
   * outcomes. Validation as applyVerified's (WASM_BAD_ARGUMENT); a failing pool rejects, nothing changed.
   */
  async prepare(ops: readonly Op[], pool: SignaturePool, chunk = 512): Promise<PreparedOps> {
    const staged = this.stageForPool(ops, pool, chunk);
    if (this.checkSignatures) {
      // verifyChunk reads each chunk's keys before its first await: every key is read now, at entry.
      const chunks: Promise<void>[] = [];
      for (let at = 0; at < staged.length; at += chunk)
        chunks.push(this.verifyChunk(staged.slice(at, at + chunk), pool));
      await Promise.all(chunks);
    }
    return prepareOps(this, staged);
  }

  /**
   * Applies ops start..end − 1 of `prepared` (this engine's prepare), with exactly the outcomes
   * apply(ops.slice(start, end)) would give now. Each prepared op is applied at most once. Throws
   * WASM_BAD_ARGUMENT, applying nothing, for ops another engine prepared (or anything else), a range
   * outside 0 ≤ start ≤ end ≤ prepared.length, a range holding an op already applied (a discard or
   * revert does not make it applicable again: prepare it anew), or while applyVerified runs.
   */
  applyPrepared(prepared: PreparedOps, start = 0, end?: number): OpOutcome[] {
    this.idle();
    return this.applyStaged(takePrepared(prepared, this, start, end));
  }

  /**
   * Attaches the pool's verdicts to the staged L2 txs of `staged` whose sender exists now. The pool's
   * workers hash the signed messages too: this thread only packs them.
   */
  private async verifyChunk(staged: readonly StagedOp[], pool: SignaturePool): Promise<void> {
    const signed = this.signedPreimages(staged);
    if (signed.items.length === 0) return;
    const valid = await pool.verifyPreimages(signed.items);
    if (!Array.isArray(valid) || valid.length !== signed.items.length) {
      throw new GhostError("WASM_ABORT", "the signature pool returned a wrong number of verdicts");
    }
    bindVerdicts(signed, valid);
  }

  /**
   * The well-formed L2 txs of `staged` whose sender exists now, with their signed messages' Poseidon
   * preimages and the sender's current key.
   */
  private signedPreimages(staged: readonly StagedOp[]): Signed<SignedPreimage> {
    const items: SignedPreimage[] = [];
    const at: StagedOp[] = [];
    for (const s of staged) {
      const op = s.op;
      if (s.flags !== 0 || op === undefined || (op.type !== "transfer" && op.type !== "withdraw")) continue;
      const sender = this.account(op.from);
      if (sender === undefined) continue;
      try {
        const { signature, ...unsigned } = op;
        const preimage = [TX_DOMAIN, packTx(this.chainId, unsigned as UnsignedTx)];
        items.push({ preimage, signature, publicKey: { ax: sender.ax, ay: sender.ay } });
        at.push(s);
      } catch {
        // Fields the engine will reject before the signature check (widths, floats).
      }
    }
    return { items, at };
  }

  /** signedPreimages with the messages hashed in one call into this engine's core. */
  private signedMessages(staged: readonly StagedOp[]): Signed<SignedMessage> {
    const { items, at } = this.signedPreimages(staged);
    const msgs =
      items.length === 0
        ? []
        : poseidonBatch(
            items.map((i) => i.preimage),
            this.core,
          );
    return {
      items: items.map((i, k) => ({ msg: msgs[k]!, signature: i.signature, publicKey: i.publicKey })),
      at,
    };
  }

  /** Writes, applies and reads back staged ops, OPS_PER_SLICE per call into the core. */
  private applyStaged(staged: readonly StagedOp[]): OpOutcome[] {
    const outcomes: OpOutcome[] = [];
    for (let start = 0; start < staged.length; start += OPS_PER_SLICE) {
      const slice = staged.slice(start, start + OPS_PER_SLICE);
      const input = this.core.io(slice.length * (OP.size + RECEIPT.size));
      const receipts = input + slice.length * OP.size;
      let view = this.core.view();
      slice.forEach((s, i) => {
        writeOp(view, input + i * OP.size, s);
      });
      this.status(this.x.stateApply(slice.length, input, receipts));
      view = this.core.view();
      slice.forEach((s, i) => {
        outcomes.push(readReceipt(view, receipts + i * RECEIPT.size, s));
      });
    }
    return outcomes;
  }

  applyOne(op: Op): OpOutcome {
    return this.apply([op])[0]!;
  }

  /**
   * apply, all or nothing: when any op is rejected, the ops of this call applied before it are undone
   * too (the rest of the open batch stays). `applied` says which happened; the outcomes are apply's.
   */
  applyAll(ops: readonly Op[]): { readonly applied: boolean; readonly outcomes: OpOutcome[] } {
    this.idle();
    const start = this.mark();
    const outcomes = this.apply(ops);
    const applied = outcomes.every((o) => o.ok);
    if (!applied) this.status(this.x.stateRevert(this.checkpointBytes(start)));
    return { applied, outcomes };
  }

  /** The core's CHECKPOINT bytes for the open batch as it stands. */
  private mark(): Uint8Array {
    const out = this.core.io(CHECKPOINT.size);
    this.status(this.x.stateCheckpoint(out));
    return new Uint8Array(this.x.memory.buffer, out, CHECKPOINT.size).slice();
  }

  /** Copies checkpoint bytes into the I/O buffer; returns their address. */
  private checkpointBytes(bytes: Uint8Array): number {
    const input = this.core.io(CHECKPOINT.size);
    new Uint8Array(this.x.memory.buffer, input, CHECKPOINT.size).set(bytes);
    return input;
  }

  /**
   * A point inside the open batch: revertTo(checkpoint) undoes the ops applied after it and nothing
   * before it, where discard() undoes the whole batch. Valid until the batch is sealed or discarded,
   * or the engine reverts to an earlier checkpoint.
   */
  checkpoint(): Checkpoint {
    this.idle();
    const cp: Checkpoint = Object.freeze({ openOps: this.openOps });
    this.marks.push({ cp, bytes: this.mark() });
    return cp;
  }

  /** Undoes every op applied since `checkpoint`, which stays valid; later checkpoints are dropped. */
  revertTo(checkpoint: Checkpoint): void {
    this.idle();
    const k = this.marks.findIndex((m) => m.cp === checkpoint);
    if (k < 0) throw badArgument('"checkpoint" is not a live checkpoint of this engine\'s open batch');
    this.status(this.x.stateRevert(this.checkpointBytes(this.marks[k]!.bytes)));
    this.marks.length = k + 1;
  }

  /** Sets the fee account of the open batch; only until its first L2 tx (whose checks depend on it). */
  setFeeAccount(index: number): void {
    this.idle();
    uintArg(index, 32, "feeAccount");
    this.status(this.x.stateSetFeeAccount(index), "the fee account is fixed once the batch has an L2 tx");
  }

  /**
   * Closes the open batch: credits its fees, computes the new root and per-op witness data. Throws
   * BATCH_UNKNOWN_FEE_ACCOUNT (the batch stays open) if the fee account does not exist, and
   * BATCH_WRONG_NUMBER after batch 2^32 − 1 (batch numbers are 32 bits and never wrap).
   */
  seal(): SealedBatch {
    this.idle();
    this.tree("seal");
    const size = this.x.stateSealSize() >>> 0;
    const out = this.core.io(size);
    this.status(this.x.stateSeal(out));
    this.marks = [];
    return readSealed(this.core.view(), out, this.depth);
  }

  /**
   * Closes the open batch as seal() does for the accounts, without the tree: credits its fees (one more
   * account write), advances batchNumber and starts the next batch, with seal's errors
   * (BATCH_UNKNOWN_FEE_ACCOUNT with the batch still open, BATCH_WRONG_NUMBER after batch 2^32 − 1).
   * For an engine that only soft-confirms while another, replaying the same ops, seals: the replay over
   * the tree is most of a seal's cost. From the first call on, the tree no longer matches the accounts,
   * and seal, root, proof, snapshot and buildTree throw WASM_BAD_ARGUMENT; account reads, the counters,
   * priorityHash and pendingFees are as after a seal.
   */
  closeBatch(): ClosedBatch {
    this.idle();
    const out = this.core.io(CLOSED.size);
    this.status(this.x.stateClose(out));
    this.marks = [];
    return readClosed(this.core.view(), out);
  }

  /** Undoes every op of the open batch. */
  discard(): void {
    this.idle();
    this.x.stateDiscard();
    this.marks = [];
  }

  /** The account at `index` with every applied op (sealed or not), or undefined. */
  account(index: number): Account | undefined {
    if (!isUint(index, 32)) return undefined;
    const out = this.core.io(ACCOUNT.size);
    if (this.x.stateAccount(index, out) !== 0) return undefined;
    return readAccount(this.core.view(), out);
  }

  /** The Merkle proof of leaf `index` in the last sealed tree (verifies against root()). */
  proof(index: number): MerkleProof {
    uintArg(index, this.depth, "index");
    this.tree("proof");
    const count = SIBLINGS_PER_LEVEL * treeLevels(this.depth);
    const out = this.core.io(32 * (count + 1));
    this.status(this.x.stateProof(index, out));
    const view = this.core.view();
    const siblings = Array.from({ length: count }, (_, k) => readField(view, out + 32 * (k + 1)));
    return { index, leaf: readField(view, out), siblings };
  }

  private field(write: (out: number) => void): bigint {
    const out = this.core.io(32);
    write(out);
    return readField(this.core.view(), out);
  }

  /** The account tree root after the last sealed batch. */
  root(): bigint {
    this.tree("root");
    return this.field((out) => this.status(this.x.stateRoot(out)));
  }

  get priorityHash(): bigint {
    return this.field((out) => this.x.statePriorityHash(out));
  }

  /** GCC fees collected by the open batch. */
  get pendingFees(): bigint {
    return this.field((out) => {
      new Uint8Array(this.x.memory.buffer, out, 32).fill(0);
      this.x.statePendingFees(out);
    });
  }

  // The core's counts are u32; WebAssembly returns them as i32, so they are read back unsigned.
  get nextIndex(): number {
    return this.x.stateAccountCount() >>> 0;
  }

  get batchNumber(): number {
    return this.x.stateBatchNumber() >>> 0;
  }

  get priorityCount(): number {
    return this.x.statePriorityCount() >>> 0;
  }

  /** Ops applied in the open batch (Noops not counted). */
  get openOps(): number {
    return this.x.stateOpenOps() >>> 0;
  }

  /**
   * Extends the genesis with accounts at the next indexes (validated as createGenesis does; the key
   * check runs in the core and can be turned off for sets already checked). Only before the first batch;
   * call buildTree() afterwards. All or nothing: every account is checked, and the count against the
   * free leaves, before the first is stored. createEngine does both; this is for genesis sets too large
   * to hold as one array.
   */
  loadGenesisAccounts(accounts: readonly Account[], options: { checkKeys?: boolean } = {}): void {
    this.idle();
    const opts = optionsArg<{ checkKeys?: unknown }>(options, "options", "GENESIS_INVALID");
    const checkKeys = optionalBool(opts.checkKeys, "checkKeys", "GENESIS_INVALID") ?? true;
    if (this.batchNumber !== 0 || this.openOps !== 0) {
      throw genesisInvalid("genesis accounts can only be added before the first batch");
    }
    const first = this.nextIndex;
    const free = 2 ** this.depth - first;
    const list = denseList(accounts, "genesis", free, "GENESIS_INVALID");
    const copies = list.map((a, i) => genesisAccount(a, first + i));
    const per = Math.floor(SLICE_BYTES / ACCOUNT.size);
    const slices = Math.ceil(copies.length / per);
    // Keys are checked in a first pass over every slice (unless one slice holds them all), so a bad
    // key in a late slice cannot leave the early ones stored.
    for (let k = 0; checkKeys && slices > 1 && k < slices; k++)
      this.genesisSlice(copies, k * per, per, first, true, false);
    for (let k = 0; k < slices; k++)
      this.genesisSlice(copies, k * per, per, first, checkKeys && slices === 1, true);
  }

  /** Writes accounts start..start+per−1 to the I/O buffer; checks their keys and/or stores them. */
  private genesisSlice(
    copies: readonly Account[],
    start: number,
    per: number,
    first: number,
    keys: boolean,
    store: boolean,
  ): void {
    const slice = copies.slice(start, start + per);
    const input = this.core.io(slice.length * ACCOUNT.size);
    const view = this.core.view();
    slice.forEach((a, i) => {
      writeAccount(view, input + i * ACCOUNT.size, a);
    });
    if (keys) {
      const bad = this.x.stateCheckAccounts(input, slice.length, 1);
      if (bad >= 0)
        throw genesisInvalid(`"genesis[${first + start + bad}]" has an invalid key (docs/protocol.md §3.4)`);
    }
    if (store)
      this.status(this.x.stateLoadAccounts(input, slice.length), "more genesis accounts than leaves");
  }

  /** createEngine's `counters`: the batch and queue counters and queue hash, before any op is applied. */
  setCounters(c: {
    readonly batchNumber: number;
    readonly priorityCount: number;
    readonly priorityHash: bigint;
  }): void {
    this.idle();
    const counters = optionsArg<Record<string, unknown>>(c, "counters", "GENESIS_INVALID");
    const batch = uintArg(counters.batchNumber, 32, "counters.batchNumber", "GENESIS_INVALID");
    const priorities = uintArg(counters.priorityCount, 32, "counters.priorityCount", "GENESIS_INVALID");
    const hash = counters.priorityHash;
    if (
      typeof hash !== "bigint" ||
      hash < 0n ||
      hash >= FIELD_MODULUS ||
      (hash === 0n) !== (priorities === 0)
    ) {
      throw genesisInvalid(
        '"counters.priorityHash" expected a field element, 0 exactly when no priority op was consumed',
      );
    }
    if (this.openOps !== 0) throw genesisInvalid("counters can only be set with no open batch");
    const q = this.core.io(32);
    writeField(this.core.view(), q, hash);
    this.status(this.x.stateSetCounters(batch, priorities, q));
  }

  /** Hashes every leaf and node from the account records (after loadGenesisAccounts). */
  buildTree(): void {
    this.idle();
    this.tree("buildTree");
    this.status(this.x.stateBuildTree());
  }

  /**
   * The whole state between batches as bytes: header with a SHA-256 checksum, accounts, stored tree
   * nodes (layout SNAPSHOT).
   */
  snapshot(): Uint8Array {
    this.idle();
    this.tree("snapshot");
    if (this.openOps !== 0) throw badArgument("seal or discard the open batch first");
    const n = this.nextIndex;
    const counts = Array.from(
      { length: treeLevels(this.depth) + 1 },
      (_, l) => this.x.stateNodeCount(l) >>> 0,
    );
    const bytes = new Uint8Array(snapshotBytes(n, counts));
    writeHeader(bytes, {
      chainId: this.chainId,
      depth: this.depth,
      batchSize: this.batchSize,
      nextIndex: n,
      priorityCount: this.priorityCount,
      batchNumber: this.batchNumber,
      priorityHash: this.priorityHash,
      nodeCounts: counts,
    });
    let at = SNAPSHOT.size;
    at = this.copyOut(bytes, at, n, ACCOUNT.size, (s, c, out) => this.x.stateCopyAccounts(s, c, out));
    counts.forEach((c, l) => {
      at = this.copyOut(bytes, at, c, 32, (s, k, out) => this.x.stateCopyNodes(l, s, k, out));
    });
    sealChecksum(bytes);
    return bytes;
  }

  private copyOut(
    bytes: Uint8Array,
    at: number,
    count: number,
    size: number,
    copy: (start: number, count: number, out: number) => number,
  ): number {
    const per = Math.floor(SLICE_BYTES / size);
    let p = at;
    for (let start = 0; start < count; start += per) {
      const k = Math.min(per, count - start);
      const out = this.core.io(k * size);
      this.status(copy(start, k, out));
      bytes.set(new Uint8Array(this.x.memory.buffer, out, k * size), p);
      p += k * size;
    }
    return p;
  }

  /**
   * Restores a checked snapshot (restoreEngine) into this fresh engine: account records (each checked
   * in the core: canonical widths and, with `keys`, the key rule), nodes, counters. Any failure throws.
   */
  loadSnapshot(bytes: Uint8Array, head: SnapshotHeader, keys: boolean): void {
    const n = head.nextIndex;
    let at = SNAPSHOT.size;
    const per = Math.floor(SLICE_BYTES / ACCOUNT.size);
    for (let start = 0; start < n; start += per) {
      const k = Math.min(per, n - start);
      const input = this.core.io(k * ACCOUNT.size);
      new Uint8Array(this.x.memory.buffer, input, k * ACCOUNT.size).set(
        bytes.subarray(at, at + k * ACCOUNT.size),
      );
      const bad = this.x.stateCheckAccounts(input, k, keys ? 1 : 0);
      if (bad >= 0) {
        const what = keys ? "a value outside its width or an invalid key" : "a value outside its width";
        throw badArgument(`snapshot: account ${start + bad} holds ${what}`);
      }
      this.status(this.x.stateLoadAccounts(input, k));
      at += k * ACCOUNT.size;
    }
    head.nodeCounts.forEach((c, l) => {
      const perNodes = Math.floor(SLICE_BYTES / 32);
      for (let start = 0; start < c; start += perNodes) {
        const k = Math.min(perNodes, c - start);
        const input = this.core.io(k * 32);
        new Uint8Array(this.x.memory.buffer, input, k * 32).set(bytes.subarray(at, at + k * 32));
        if (this.x.stateLoadNodes(l, start, k, input) !== 0) {
          throw badArgument(`snapshot: a node of level ${l} is not a field element below p`);
        }
        at += k * 32;
      }
    });
    const q = this.core.io(32);
    writeField(this.core.view(), q, head.priorityHash);
    this.status(this.x.stateSetCounters(head.batchNumber, head.priorityCount, q));
  }
}

interface Signed<T> {
  items: T[];
  /** The staged op of each item. */
  at: StagedOp[];
}

/** Binds each verdict to the staged op it was computed from (whose message it covers), with the key. */
function bindVerdicts(signed: Signed<SignedMessage | SignedPreimage>, valid: readonly boolean[]): void {
  valid.forEach((v, k) => {
    const { publicKey } = signed.items[k]!;
    signed.at[k]!.verdict = { valid: v === true, ax: publicKey.ax, ay: publicKey.ay };
  });
}

async function newEngine(config: ChainParameters, checkSignatures: boolean): Promise<Engine> {
  await initProtocol();
  const core = instantiateCore();
  const x = core.exports as unknown as EngineExports;
  if (checkSignatures && x.stateSignatureVerifier() !== 1) {
    throw badArgument("this WASM build has no signature verifier");
  }
  const status = x.stateInit(config.depth, config.chainId, config.batchSize, checkSignatures ? 1 : 0);
  if (status !== 0) throw new GhostError(errorCodeFromId(status), "the engine rejected its parameters");
  return new Engine(core, config, checkSignatures);
}

/**
 * A new engine at genesis (createGenesis' parameters and accounts). Every option is checked first:
 * GENESIS_INVALID, naming the field, for anything createGenesis would refuse or that is not of its type.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  if (typeof options !== "object" || options === null)
    throw genesisInvalid(`options expected an object, got ${show(options)}`);
  const config = chainParameters(options);
  const checkSignatures = optionalBool(options.checkSignatures, "checkSignatures", "GENESIS_INVALID") ?? true;
  const checkKeys = optionalBool(options.checkGenesisKeys, "checkGenesisKeys", "GENESIS_INVALID") ?? true;
  const feeAccount =
    options.feeAccount === undefined ? 0 : uintArg(options.feeAccount, 32, "feeAccount", "GENESIS_INVALID");
  const genesis = options.genesis ?? [];
  if (!Array.isArray(genesis)) throw genesisInvalid(`"genesis" expected an array, got ${show(genesis)}`);
  if (genesis.length > 2 ** config.depth) throw genesisInvalid("more genesis accounts than leaves");
  const engine = await newEngine(config, checkSignatures);
  engine.loadGenesisAccounts(genesis, { checkKeys });
  engine.buildTree();
  if (options.counters !== undefined) engine.setCounters(options.counters);
  engine.setFeeAccount(feeAccount);
  return engine;
}

export interface RestoreOptions {
  readonly checkSignatures?: boolean;
  readonly feeAccount?: number;
  /**
   * Check every account's key (the §3.4 rule, ≈ 0.1 ms each) and rehash the whole tree, requiring the
   * stored root (default true). Header fields, the checksum, node counts and every value's width are
   * checked either way; false is for snapshots this process wrote itself.
   */
  readonly verify?: boolean;
  /**
   * The restored engine's batch size, if not the snapshot's (1..MAX_BATCH_SIZE): a sequencer's
   * soft-confirmation engine, which never seals, takes the largest and enforces the chain's itself.
   */
  readonly batchSize?: number;
}

/**
 * An engine holding exactly the state of `snapshot()`'s bytes. Any failure (damaged or crafted bytes, a
 * bad option) is WASM_BAD_ARGUMENT with a message naming what is wrong, and no engine.
 */
export async function restoreEngine(bytes: Uint8Array, options: RestoreOptions = {}): Promise<Engine> {
  const opts = optionsArg<Record<string, unknown>>(options, "options");
  const checkSignatures = optionalBool(opts.checkSignatures, "checkSignatures") ?? true;
  const verify = optionalBool(opts.verify, "verify") ?? true;
  const feeAccount = opts.feeAccount === undefined ? 0 : uintArg(opts.feeAccount, 32, "feeAccount");
  const head = readHeader(bytes);
  const config =
    opts.batchSize === undefined
      ? head
      : chainParameters({ ...head, batchSize: opts.batchSize as number }, "WASM_BAD_ARGUMENT");
  try {
    const engine = await newEngine(config, checkSignatures);
    engine.loadSnapshot(bytes, head, verify);
    if (verify) {
      const stored = engine.root();
      engine.buildTree();
      if (engine.root() !== stored)
        throw badArgument("snapshot: the stored root does not match the accounts");
    }
    engine.setFeeAccount(feeAccount);
    return engine;
  } catch (e) {
    if (e instanceof GhostError && e.code === "WASM_BAD_ARGUMENT") throw e;
    throw new GhostError("WASM_BAD_ARGUMENT", `snapshot: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}
