/**
 * GhostPlane's database layout on a KvStore (LevelDB in the node), docs/sequencer.md §Durability:
 *
 *   "w" ‖ u64 seq        the write-ahead log: every sequenced op and every batch close, in order, one
 *                        segment per round under its last entry's sequence number
 *   "t" ‖ txHash(32)     a sequenced tx's batch, position and times (kept `txRetentionBatches`)
 *   "b" ‖ u32 batch      the batch record: closed → sealed → proven → settled, with what each stage made
 *   "i" ‖ u32 batch      the sealed batch's circuit input (binary, encodeCircuitInput), deleted once it settles
 *   "c" ‖ u32 batch      the signed commitBatch transaction, resent byte for byte until it lands
 *   "s" snapshot / meta  the sealing engine's latest snapshot and the log position it covers
 *   "m" heads / genesis  the heads and the genesis this sequencer follows
 *
 * Acknowledging a tx needs its log entry on disk: `GroupCommit` gathers every write made while one
 * synced write is in flight into the next, so one fsync covers many txs and order is kept.
 */
import { GhostError } from "../../protocol/index.js";
import { decodeCircuitInput } from "../../prover/index.js";
import { type DbOp, type KvStore, prefixRange } from "../../store/index.js";
import type { BatchRecord, Heads, TxRecord, WalEntry } from "../core/index.js";

const P = { wal: 0x77, tx: 0x74, batch: 0x62, input: 0x69, commit: 0x63, snap: 0x73, meta: 0x6d } as const;
const SNAPSHOT = Buffer.from("sdata");
const SNAPSHOT_META = Buffer.from("smeta");
const HEADS = Buffer.from("mheads");
const GENESIS = Buffer.from("mgenesis");

const enc = new TextEncoder();
const dec = new TextDecoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
const parse = <T>(b: Uint8Array): T => JSON.parse(dec.decode(b)) as T;

function u32Key(prefix: number, n: number): Uint8Array {
  const k = Buffer.alloc(5);
  k[0] = prefix;
  k.writeUInt32BE(n, 1);
  return k;
}

function seqKey(seq: number): Uint8Array {
  const k = Buffer.alloc(9);
  k[0] = P.wal;
  k.writeBigUInt64BE(BigInt(seq), 1);
  return k;
}

function hashKey(txHash: string): Uint8Array {
  return Buffer.concat([Uint8Array.of(P.tx), Buffer.from(txHash.slice(2), "hex")]);
}

export interface SnapshotMeta {
  /** The last batch the snapshot's state includes. */
  readonly batchNumber: number;
  /** The log position of that batch's close entry: entries up to it are covered. */
  readonly seq: number;
}

export const put = (key: Uint8Array, value: Uint8Array): DbOp => ({ type: "put", key, value });
const del = (key: Uint8Array): DbOp => ({ type: "del", key });

export class SequencerStore {
  constructor(readonly kv: KvStore) {}

  /**
   * A segment of the log: consecutive entries written together (a round's), one value under its last
   * entry's sequence number, so a round costs one put and one JSON encoding, not one per entry.
   */
  walPut(entries: readonly { seq: number; entry: WalEntry }[]): DbOp {
    const last = entries.at(-1);
    if (last === undefined) throw new GhostError("WASM_BAD_ARGUMENT", "an empty log segment");
    return put(seqKey(last.seq), json(entries));
  }

  /** Log entries after `seq`, in order (a segment that straddles `seq` gives only its later entries). */
  async *walAfter(seq: number): AsyncIterable<{ seq: number; entry: WalEntry }> {
    const range = prefixRange(Uint8Array.of(P.wal));
    for await (const [, v] of this.kv.entries({ gte: seqKey(seq + 1), lt: range.lt! })) {
      for (const e of parse<{ seq: number; entry: WalEntry }[]>(v)) if (e.seq > seq) yield e;
    }
  }

  /** Deletes the log segments that end at or before `seq` (covered by a snapshot). */
  async walTruncate(seq: number): Promise<void> {
    const ops: DbOp[] = [];
    for await (const [k] of this.kv.entries({ gte: seqKey(0), lt: seqKey(seq + 1) })) {
      ops.push(del(k));
      if (ops.length >= 4096) await this.kv.batch(ops.splice(0));
    }
    if (ops.length > 0) await this.kv.batch(ops);
  }

  async lastSeq(): Promise<number> {
    let last = 0;
    // Keys are ordered: the last one is the highest sequence number (the log is short: truncated behind snapshots).
    for await (const [k] of this.kv.entries(prefixRange(Uint8Array.of(P.wal)))) {
      last = Number(Buffer.from(k).readBigUInt64BE(1));
    }
    return last;
  }

  txPut(txHash: string, r: TxRecord): DbOp {
    return put(hashKey(txHash), json(r));
  }

  txDel(txHash: string): DbOp {
    return del(hashKey(txHash));
  }

  async tx(txHash: string): Promise<TxRecord | undefined> {
    const v = await this.kv.get(hashKey(txHash));
    return v === undefined ? undefined : parse<TxRecord>(v);
  }

  batchPut(r: BatchRecord): DbOp {
    return put(u32Key(P.batch, r.batchNumber), json(r));
  }

  async batch(n: number): Promise<BatchRecord | undefined> {
    const v = await this.kv.get(u32Key(P.batch, n));
    return v === undefined ? undefined : parse<BatchRecord>(v);
  }

  /** `input`: the circuit input as encodeCircuitInput made it (in the sealing process). */
  inputPut(n: number, input: Uint8Array): DbOp {
    return put(u32Key(P.input, n), input);
  }

  inputDel(n: number): DbOp {
    return del(u32Key(P.input, n));
  }

  /** The circuit input of sealed batch `n`, values as decimal strings (snarkjs' input form). */
  async input(n: number): Promise<Record<string, unknown> | undefined> {
    const v = await this.kv.get(u32Key(P.input, n));
    return v === undefined ? undefined : decodeCircuitInput(v);
  }

  commitPut(n: number, c: StoredCommit): DbOp {
    return put(u32Key(P.commit, n), json(c));
  }

  commitDel(n: number): DbOp {
    return del(u32Key(P.commit, n));
  }

  async commit(n: number): Promise<StoredCommit | undefined> {
    const v = await this.kv.get(u32Key(P.commit, n));
    return v === undefined ? undefined : parse<StoredCommit>(v);
  }

  headsPut(h: Heads): DbOp {
    return put(HEADS, json(h));
  }

  async heads(): Promise<Heads | undefined> {
    const v = await this.kv.get(HEADS);
    return v === undefined ? undefined : parse<Heads>(v);
  }

  genesisPut(genesisJson: unknown): DbOp {
    return put(GENESIS, json(genesisJson));
  }

  async genesis(): Promise<unknown> {
    const v = await this.kv.get(GENESIS);
    return v === undefined ? undefined : parse<unknown>(v);
  }

  snapshotOps(bytes: Uint8Array, meta: SnapshotMeta): DbOp[] {
    return [put(SNAPSHOT, bytes), put(SNAPSHOT_META, json(meta))];
  }

  async snapshot(): Promise<{ bytes: Uint8Array; meta: SnapshotMeta } | undefined> {
    const [bytes, meta] = await Promise.all([this.kv.get(SNAPSHOT), this.kv.get(SNAPSHOT_META)]);
    if (bytes === undefined || meta === undefined) return undefined;
    return { bytes, meta: parse<SnapshotMeta>(meta) };
  }
}

/** A signed commitBatch in the JSON form ghostd takes, with its hash and nonce (docs/l1.md §3.2). */
export interface StoredCommit {
  readonly tx: Record<string, unknown>;
  readonly txHash: string;
  readonly nonce: string;
}

/**
 * Group commit: writes are queued while one synced write is in flight and go together in the next, in
 * the order they were made. A failed write fails every write queued with it and every later one: the
 * caller's state is then ahead of its disk, and it must stop.
 */
export class GroupCommit {
  private queue: { ops: readonly DbOp[]; ok(): void; fail(e: unknown): void }[] = [];
  private writing = false;
  private failure: unknown;
  /** Synced writes made, and the ops they carried (metrics). */
  writes = 0;
  entries = 0;

  constructor(
    private readonly kv: KvStore,
    private readonly onFailure: (e: unknown) => void,
  ) {}

  write(ops: readonly DbOp[]): Promise<void> {
    if (this.failure !== undefined) {
      return Promise.reject(new GhostError("L2_SHUTTING_DOWN", "the database refused an earlier write"));
    }
    return new Promise<void>((ok, fail) => {
      this.queue.push({ ops, ok, fail });
      if (!this.writing) void this.flush();
    });
  }

  /** Resolves once every write queued so far is on disk (or failed). */
  async drain(): Promise<void> {
    await this.write([]).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0);
      const ops = group.flatMap((g) => g.ops);
      try {
        if (ops.length > 0) await this.kv.batch(ops, { sync: true });
        this.writes++;
        this.entries += ops.length;
        for (const g of group) g.ok();
      } catch (e) {
        this.failure = e;
        for (const g of [...group, ...this.queue.splice(0)]) g.fail(e);
        this.onFailure(e);
      }
    }
    this.writing = false;
  }
}
