/**
 * The Engine facade: GhostPlane's fast state transition, one WASM instance per engine.
 *
 *   const engine = await createEngine({ chainId, depth, batchSize, genesis, feeAccount });
 *   engine.apply(ops)      → one outcome per op, account data updated at once (soft confirmation)
 *   engine.seal()          → roots, DA bytes, data and public-input hashes, per-op witness data
 *   engine.account(i), engine.proof(i), engine.root()
 *   engine.snapshot()      → bytes;  restoreEngine(bytes) → an equal engine
 *
 * Results are typed objects and GhostError codes (src/protocol/errors.ts), never pointers. Whole op lists
 * cross the boundary in one call; views of memory are rebuilt after every call that may grow it.
 */
import {
  type Account,
  BALANCE_BITS,
  CHAIN_ID_BITS,
  ERROR_CODES,
  errorCodeFromId,
  FIELD_MODULUS,
  GhostError,
  initProtocol,
  isTreeDepth,
  isValidPublicKey,
  L1_ADDRESS_BITS,
  MAX_TREE_DEPTH,
  type MerkleProof,
  MIN_TREE_DEPTH,
  NONCE_BITS,
  type Op,
  packTx,
  SIBLINGS_PER_LEVEL,
  TREE_ARITY,
  TX_DOMAIN,
  treeLevels,
  type UnsignedTx,
} from "../../protocol/index.js";
import { type CoreInstance, instantiateCore } from "../core.js";
import { type SignedMessage, verifySignatures } from "../eddsa.js";
import { readField, writeField } from "../fieldCodec.js";
import { readU32, readUint, writeU32, writeUint } from "../layout/codec.js";
import { ACCOUNT, OP, RECEIPT, SNAPSHOT, SNAPSHOT_MAGIC, SNAPSHOT_VERSION } from "../layout/structs.js";
import { poseidonBatch } from "../poseidon.js";
import type { SignaturePool } from "../signaturePool.js";
import { readAccount, writeAccount } from "./accountCodec.js";
import type { EngineExports } from "./exports.js";
import { type OpOutcome, readReceipt, type SignatureVerdict, writeOp } from "./opCodec.js";
import { readSealed, type SealedBatch } from "./sealCodec.js";

export interface EngineOptions {
  readonly chainId: number;
  /** Account tree depth in index bits: even, 2..32 (the 4-ary tree has depth/2 levels). */
  readonly depth: number;
  /** Operations per batch (priority ops + L2 txs). */
  readonly batchSize: number;
  /** Accounts at indexes 0, 1, … (createGenesis' rules). */
  readonly genesis?: readonly Account[];
  /** The account credited with each batch's fees (default 0); see setFeeAccount. */
  readonly feeAccount?: number;
  /** Verify L2 signatures (default true); off only to replay published data, which has none. */
  readonly checkSignatures?: boolean;
  /** Check that genesis keys are Baby Jubjub subgroup points (default true; slow for millions). */
  readonly checkGenesisKeys?: boolean;
}

/** Slice of the I/O buffer used for bulk transfers (genesis, snapshots). */
const SLICE_BYTES = 1 << 20;

function invalid(message: string): GhostError {
  return new GhostError("GENESIS_INVALID", message);
}

function isUint(x: unknown, bits: number): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0 && x < 2 ** bits;
}

function isBigUint(x: unknown, bits: number): x is bigint {
  return typeof x === "bigint" && x >= 0n && x >> BigInt(bits) === 0n;
}

function checkConfig(o: Pick<EngineOptions, "chainId" | "depth" | "batchSize">): void {
  if (!isUint(o.chainId, CHAIN_ID_BITS)) throw invalid(`"chainId" expected integer below 2^${CHAIN_ID_BITS}`);
  if (!isTreeDepth(o.depth)) {
    throw invalid(
      `"depth" expected an even integer in [${MIN_TREE_DEPTH}, ${MAX_TREE_DEPTH}], got ${o.depth}`,
    );
  }
  if (!isUint(o.batchSize, 32) || o.batchSize < 1) {
    throw invalid(`"batchSize" expected a positive integer below 2^32, got ${o.batchSize}`);
  }
}

function checkAccount(a: Account, i: number, keys: boolean): void {
  const inField = (x: bigint) => isBigUint(x, 256) && x < FIELD_MODULUS;
  if (!inField(a.ax) || !inField(a.ay) || (keys && !isValidPublicKey(a))) {
    throw invalid(`account ${i}: bad key`);
  }
  if (!isBigUint(a.l1Address, L1_ADDRESS_BITS) || !isUint(a.nonce, NONCE_BITS)) {
    throw invalid(`account ${i}: bad L1 address or nonce`);
  }
  if (a.balances.length !== 4 || !a.balances.every((b) => isBigUint(b, BALANCE_BITS))) {
    throw invalid(`account ${i}: balances expected 4 integers below 2^${BALANCE_BITS}`);
  }
}

export class Engine {
  readonly chainId: number;
  readonly depth: number;
  readonly batchSize: number;
  private readonly core: CoreInstance;
  private readonly x: EngineExports;
  private readonly checkSignatures: boolean;

  /** Use createEngine or restoreEngine. */
  constructor(
    core: CoreInstance,
    config: Pick<EngineOptions, "chainId" | "depth" | "batchSize">,
    checkSignatures: boolean,
  ) {
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

  /**
   * Applies ops in order; each either changes the state (receipt) or nothing (code). The L2 signatures
   * are first verified together in this engine's core (one batch: shared inversion, hashes and
   * multiplications two at a time), with exactly the verdicts of one check per op at its place.
   */
  apply(ops: readonly Op[]): OpOutcome[] {
    if (!this.checkSignatures) return this.applyWith(ops, []);
    const signed = this.signedMessages(ops);
    const valid = signed.items.length === 0 ? [] : verifySignatures(signed.items, this.core);
    return this.applyWith(ops, verdicts(signed, valid));
  }

  /**
   * apply, with the L2 signatures verified first in parallel by a worker pool (src/bridge/signaturePool),
   * against the senders' keys as they stand. Outcomes are exactly apply's: a verdict is used only if
   * its key is still the sender's when the op is applied, and the check keeps its place in the order.
   */
  async applyVerified(ops: readonly Op[], pool: SignaturePool, chunk = 512): Promise<OpOutcome[]> {
    // Pipelined: the pool verifies chunk k + 1 while this thread applies chunk k. A verdict counts only
    // for the key it was checked against, so a sender created by an earlier chunk is checked in the core.
    const outcomes: OpOutcome[] = [];
    let next = this.verifyChunk(ops.slice(0, chunk), pool);
    for (let start = 0; start < ops.length; start += chunk) {
      const verdicts = await next;
      if (start + chunk < ops.length) {
        next = this.verifyChunk(ops.slice(start + chunk, start + 2 * chunk), pool);
        next.catch(() => undefined); // awaited next round; not an unhandled rejection if apply throws first
      }
      outcomes.push(...this.applyWith(ops.slice(start, start + chunk), verdicts));
    }
    return outcomes;
  }

  /** Verdicts for `signedMessages(ops)`, their signatures checked by the pool. */
  private async verifyChunk(
    ops: readonly Op[],
    pool: SignaturePool,
  ): Promise<(SignatureVerdict | undefined)[]> {
    const signed = this.signedMessages(ops);
    return verdicts(signed, signed.items.length === 0 ? [] : await pool.verify(signed.items));
  }

  /**
   * The well-formed L2 txs of `ops` whose sender exists now (their positions in `at`), with their
   * signed messages hashed in one call into the core and the sender's current key.
   */
  private signedMessages(ops: readonly Op[]): SignedMessages {
    const tuples: bigint[][] = [];
    const keyed: Omit<SignedMessage, "msg">[] = [];
    const at: number[] = [];
    ops.forEach((op, i) => {
      if (op.type !== "transfer" && op.type !== "withdraw") return;
      const sender = this.account(op.from);
      if (sender === undefined || !(op.signature instanceof Uint8Array) || op.signature.length !== 64) return;
      try {
        const { signature, ...unsigned } = op;
        tuples.push([TX_DOMAIN, packTx(this.chainId, unsigned as UnsignedTx)]);
        keyed.push({ signature, publicKey: { ax: sender.ax, ay: sender.ay } });
        at.push(i);
      } catch {
        // Fields the engine will reject before the signature check (widths, floats, types).
      }
    });
    const msgs = tuples.length === 0 ? [] : poseidonBatch(tuples, this.core);
    return { items: keyed.map((item, k) => ({ ...item, msg: msgs[k]! })), at };
  }

  private applyWith(ops: readonly Op[], verdicts: readonly (SignatureVerdict | undefined)[]): OpOutcome[] {
    if (ops.length === 0) return [];
    const input = this.core.io(ops.length * (OP.size + RECEIPT.size));
    const receipts = input + ops.length * OP.size;
    let view = this.core.view();
    ops.forEach((op, i) => {
      writeOp(view, input + i * OP.size, op, verdicts[i]);
    });
    this.status(this.x.stateApply(ops.length, input, receipts));
    view = this.core.view();
    return ops.map((_, i) => readReceipt(view, receipts + i * RECEIPT.size));
  }

  applyOne(op: Op): OpOutcome {
    return this.apply([op])[0]!;
  }

  /** Sets the fee account of the open batch; only until its first L2 tx (whose checks depend on it). */
  setFeeAccount(index: number): void {
    if (!isUint(index, 32)) throw new GhostError("TX_MALFORMED", '"feeAccount" expected integer below 2^32');
    this.status(this.x.stateSetFeeAccount(index), "the fee account is fixed once the batch has an L2 tx");
  }

  /**
   * Closes the open batch: credits its fees, computes the new root and per-op witness data. Throws
   * BATCH_UNKNOWN_FEE_ACCOUNT (the batch stays open) if the fee account does not exist.
   */
  seal(): SealedBatch {
    const size = this.x.stateSealSize();
    const out = this.core.io(size);
    this.status(this.x.stateSeal(out));
    return readSealed(this.core.view(), out, this.depth);
  }

  /** Undoes every op of the open batch. */
  discard(): void {
    this.x.stateDiscard();
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
    if (!isUint(index, this.depth)) {
      throw new GhostError("WASM_BAD_ARGUMENT", `"index" expected integer below 2^${this.depth}`);
    }
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
    return this.field((out) => this.x.stateRoot(out));
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

  get nextIndex(): number {
    return this.x.stateAccountCount();
  }

  get batchNumber(): number {
    return this.x.stateBatchNumber();
  }

  get priorityCount(): number {
    return this.x.statePriorityCount();
  }

  /** Ops applied in the open batch (Noops not counted). */
  get openOps(): number {
    return this.x.stateOpenOps();
  }

  /**
   * Extends the genesis with accounts at the next indexes (validated as createGenesis does; key checks
   * optional, they are slow for millions). Only before the first batch; call buildTree() afterwards.
   * createEngine does both; this is for genesis sets too large to hold as one array.
   */
  loadGenesisAccounts(accounts: readonly Account[], options: { checkKeys?: boolean } = {}): void {
    if (this.batchNumber !== 0 || this.openOps !== 0) {
      throw new GhostError("GENESIS_INVALID", "genesis accounts can only be added before the first batch");
    }
    const first = this.nextIndex;
    accounts.forEach((a, i) => {
      checkAccount(a, first + i, options.checkKeys ?? true);
    });
    const per = Math.floor(SLICE_BYTES / ACCOUNT.size);
    for (let start = 0; start < accounts.length; start += per) {
      const slice = accounts.slice(start, start + per);
      const input = this.core.io(slice.length * ACCOUNT.size);
      const view = this.core.view();
      slice.forEach((a, i) => {
        writeAccount(view, input + i * ACCOUNT.size, a);
      });
      this.status(this.x.stateLoadAccounts(input, slice.length), "more genesis accounts than leaves");
    }
  }

  /** Hashes every leaf and node from the account records (after loadGenesisAccounts). */
  buildTree(): void {
    this.status(this.x.stateBuildTree());
  }

  /** The whole state between batches as bytes: header, accounts, stored tree nodes (layout SNAPSHOT). */
  snapshot(): Uint8Array {
    if (this.openOps !== 0) throw new GhostError("WASM_BAD_ARGUMENT", "seal or discard the open batch first");
    const n = this.nextIndex;
    const counts = Array.from({ length: treeLevels(this.depth) + 1 }, (_, l) => this.x.stateNodeCount(l));
    const total = SNAPSHOT.size + n * ACCOUNT.size + counts.reduce((s, c) => s + c * 32, 0);
    const bytes = new Uint8Array(total);
    const head = new DataView(bytes.buffer);
    const H = SNAPSHOT.fields;
    writeU32(head, 0, H.magic, SNAPSHOT_MAGIC);
    writeU32(head, 0, H.version, SNAPSHOT_VERSION);
    writeU32(head, 0, H.depth, this.depth);
    writeU32(head, 0, H.chainId, this.chainId);
    writeU32(head, 0, H.batchSize, this.batchSize);
    writeU32(head, 0, H.nextIndex, n);
    writeU32(head, 0, H.priorityCount, this.priorityCount);
    writeU32(head, 0, H.batchNumber, this.batchNumber);
    writeUint(head, 0, H.priorityHash, this.priorityHash);
    counts.forEach((c, l) => {
      writeU32(head, 0, H.nodeCounts, c, l);
    });
    let at = SNAPSHOT.size;
    at = this.copyOut(bytes, at, n, ACCOUNT.size, (s, c, out) => this.x.stateCopyAccounts(s, c, out));
    counts.forEach((c, l) => {
      at = this.copyOut(bytes, at, c, 32, (s, k, out) => this.x.stateCopyNodes(l, s, k, out));
    });
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

  /** Restores the counters, accounts and nodes of a snapshot into this fresh engine. */
  loadSnapshot(bytes: Uint8Array, counts: readonly number[], head: DataView): void {
    const H = SNAPSHOT.fields;
    const n = readU32(head, 0, H.nextIndex);
    let at = SNAPSHOT.size;
    const per = Math.floor(SLICE_BYTES / ACCOUNT.size);
    for (let start = 0; start < n; start += per) {
      const k = Math.min(per, n - start);
      const input = this.core.io(k * ACCOUNT.size);
      new Uint8Array(this.x.memory.buffer, input, k * ACCOUNT.size).set(
        bytes.subarray(at, at + k * ACCOUNT.size),
      );
      this.status(this.x.stateLoadAccounts(input, k));
      at += k * ACCOUNT.size;
    }
    counts.forEach((c, l) => {
      const perNodes = Math.floor(SLICE_BYTES / 32);
      for (let start = 0; start < c; start += perNodes) {
        const k = Math.min(perNodes, c - start);
        const input = this.core.io(k * 32);
        new Uint8Array(this.x.memory.buffer, input, k * 32).set(bytes.subarray(at, at + k * 32));
        this.status(this.x.stateLoadNodes(l, start, k, input));
        at += k * 32;
      }
    });
    const q = this.core.io(32);
    writeField(this.core.view(), q, readUint(head, 0, H.priorityHash));
    this.status(
      this.x.stateSetCounters(readU32(head, 0, H.batchNumber), readU32(head, 0, H.priorityCount), q),
    );
  }
}

interface SignedMessages {
  items: SignedMessage[];
  /** The position in the op list of each item. */
  at: number[];
}

/** Per op, the verdict on its signature with the key it was checked against (undefined: none). */
function verdicts(signed: SignedMessages, valid: readonly boolean[]): (SignatureVerdict | undefined)[] {
  const out: (SignatureVerdict | undefined)[] = [];
  valid.forEach((v, k) => {
    const { ax, ay } = signed.items[k]!.publicKey;
    out[signed.at[k]!] = { valid: v, ax, ay };
  });
  return out;
}

async function newEngine(
  config: Pick<EngineOptions, "chainId" | "depth" | "batchSize">,
  checkSignatures: boolean,
): Promise<Engine> {
  await initProtocol();
  const core = instantiateCore();
  const x = core.exports as unknown as EngineExports;
  if (checkSignatures && x.stateSignatureVerifier() !== 1) {
    throw new GhostError("WASM_BAD_ARGUMENT", "this WASM build has no signature verifier");
  }
  const status = x.stateInit(config.depth, config.chainId, config.batchSize, checkSignatures ? 1 : 0);
  if (status !== 0) throw new GhostError(errorCodeFromId(status), "the engine rejected its parameters");
  return new Engine(core, config, checkSignatures);
}

/** A new engine at genesis (createGenesis' parameters and accounts). */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  checkConfig(options);
  const genesis = options.genesis ?? [];
  if (genesis.length > 2 ** options.depth) throw invalid("more genesis accounts than leaves");
  const engine = await newEngine(options, options.checkSignatures ?? true);
  engine.loadGenesisAccounts(genesis, { checkKeys: options.checkGenesisKeys ?? true });
  engine.buildTree();
  engine.setFeeAccount(options.feeAccount ?? 0);
  return engine;
}

export interface RestoreOptions {
  readonly checkSignatures?: boolean;
  readonly feeAccount?: number;
  /** Rehash every leaf and node and require the stored root (default false: trust the snapshot). */
  readonly verify?: boolean;
}

/** An engine holding exactly the state of `snapshot()`'s bytes. Throws WASM_BAD_ARGUMENT if malformed. */
export async function restoreEngine(bytes: Uint8Array, options: RestoreOptions = {}): Promise<Engine> {
  const bad = (why: string) => new GhostError("WASM_BAD_ARGUMENT", `snapshot: ${why}`);
  if (!(bytes instanceof Uint8Array) || bytes.length < SNAPSHOT.size) throw bad("too short");
  const head = new DataView(bytes.buffer, bytes.byteOffset, SNAPSHOT.size);
  const H = SNAPSHOT.fields;
  if (readU32(head, 0, H.magic) !== SNAPSHOT_MAGIC || readU32(head, 0, H.version) !== SNAPSHOT_VERSION) {
    throw bad("unknown format");
  }
  const config = {
    chainId: readU32(head, 0, H.chainId),
    depth: readU32(head, 0, H.depth),
    batchSize: readU32(head, 0, H.batchSize),
  };
  try {
    checkConfig(config);
  } catch {
    throw bad("bad parameters");
  }
  const n = readU32(head, 0, H.nextIndex);
  const levels = treeLevels(config.depth);
  const counts = Array.from({ length: levels + 1 }, (_, l) => readU32(head, 0, H.nodeCounts, l));
  const expected = SNAPSHOT.size + n * ACCOUNT.size + counts.reduce((s, c) => s + c * 32, 0);
  const fits = counts.every((c, l) => c <= TREE_ARITY ** (levels - l));
  if (bytes.length !== expected || !fits || n > 2 ** config.depth) throw bad("sizes do not match");
  const engine = await newEngine(config, options.checkSignatures ?? true);
  engine.loadSnapshot(bytes, counts, head);
  if (options.verify) {
    const stored = engine.root();
    engine.buildTree();
    if (engine.root() !== stored) throw bad("the stored root does not match the accounts");
  }
  engine.setFeeAccount(options.feeAccount ?? 0);
  return engine;
}
