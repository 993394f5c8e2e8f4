/**
 * ghostd's database layout on a KvStore (LevelDB in the node): the state entries of docs/l1.md §5.1
 * under prefix "s", each block under "b" ‖ height, a hash → height index under "h", each included
 * transaction's position and receipt under "t" ‖ txHash, and the head height and genesis file under
 * "m". A block and every change it makes are one synced batch (`blockOps`), so a crash leaves either
 * the whole block or none of it; events and receipts are pushed only after that write returns.
 */
import { type DbOp, type KvStore, prefixRange } from "../../store/index.js";
import { type BlockHeader, blockHash, decodeHeader, encodeHeader } from "../chain/index.js";
import { Reader, Writer } from "../encoding/index.js";
import type { DBOp } from "../state/index.js";
import { decodeEnvelope, encodeEnvelope, type SignedTx } from "../tx/index.js";

const PREFIX = { state: 0x73, block: 0x62, hash: 0x68, tx: 0x74, meta: 0x6d } as const; // s b h t m
const HEAD = Buffer.concat([Uint8Array.of(PREFIX.meta), Buffer.from("head")]);
const GENESIS = Buffer.concat([Uint8Array.of(PREFIX.meta), Buffer.from("genesis")]);

const u64 = (n: number) => new Writer().uint(n, 8, "height").finish();
const keyOf = (prefix: number, rest: Uint8Array) => Buffer.concat([Uint8Array.of(prefix), rest]);

export interface StoredBlock {
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  /** Empty for the genesis block. */
  readonly signature: Uint8Array;
  readonly txs: readonly SignedTx[];
}

export interface StoredTx {
  readonly block: number;
  readonly index: number;
  /** The receipt in its wire form (docs/api.md). */
  readonly receipt: unknown;
}

function encodeBlock(b: StoredBlock): Uint8Array {
  const w = new Writer().bytes(encodeHeader(b.header), "header").bytes(b.signature, "signature");
  w.uint(b.txs.length, 4, "txs");
  for (const tx of b.txs) w.bytes(encodeEnvelope(tx), "tx");
  return w.finish();
}

function decodeBlock(bytes: Uint8Array): StoredBlock {
  const r = new Reader(bytes);
  const header = decodeHeader(r.bytes("header"));
  const hash = blockHash(header);
  const signature = r.bytes("signature");
  const n = r.num(4, "txs");
  const txs = Array.from({ length: n }, () => decodeEnvelope(r.bytes("tx")));
  r.end();
  return { header, hash, signature, txs };
}

export class ChainStore {
  constructor(readonly kv: KvStore) {}

  async headHeight(): Promise<number | undefined> {
    const v = await this.kv.get(HEAD);
    return v === undefined ? undefined : new Reader(v).num(8, "head");
  }

  async genesisJson(): Promise<unknown> {
    const v = await this.kv.get(GENESIS);
    return v === undefined ? undefined : JSON.parse(Buffer.from(v).toString("utf8"));
  }

  /** Every state entry, in key order (the node holds them in memory). */
  async *stateEntries(): AsyncIterable<[Uint8Array, Uint8Array]> {
    for await (const [k, v] of this.kv.entries(prefixRange(Uint8Array.of(PREFIX.state))))
      yield [k.subarray(1), v];
  }

  async block(height: number): Promise<StoredBlock | undefined> {
    const v = await this.kv.get(keyOf(PREFIX.block, u64(height)));
    return v === undefined ? undefined : decodeBlock(v);
  }

  async heightOf(hash: Uint8Array): Promise<number | undefined> {
    const v = await this.kv.get(keyOf(PREFIX.hash, hash));
    return v === undefined ? undefined : new Reader(v).num(8, "height");
  }

  async tx(txHash: Uint8Array): Promise<StoredTx | undefined> {
    const v = await this.kv.get(keyOf(PREFIX.tx, txHash));
    if (v === undefined) return undefined;
    const r = new Reader(v);
    const block = r.num(8, "block");
    const index = r.num(4, "index");
    const receipt = JSON.parse(Buffer.from(r.take(v.length - 12, "receipt")).toString("utf8"));
    return { block, index, receipt };
  }

  /** The ops that write a block: its record, its hash index, its transactions' receipts, its state changes, the head. */
  blockOps(block: StoredBlock, receipts: readonly unknown[], state: readonly DBOp[]): DbOp[] {
    const height = block.header.height;
    const ops: DbOp[] = state.map((op) =>
      op.type === "put"
        ? { type: "put", key: keyOf(PREFIX.state, op.key), value: op.value }
        : { type: "del", key: keyOf(PREFIX.state, op.key) },
    );
    ops.push({ type: "put", key: keyOf(PREFIX.block, u64(height)), value: encodeBlock(block) });
    ops.push({ type: "put", key: keyOf(PREFIX.hash, block.hash), value: u64(height) });
    block.txs.forEach((_, index) => {
      const receipt = receipts[index] as { txHash: string };
      const json = Buffer.from(JSON.stringify(receipt), "utf8");
      const value = Buffer.concat([
        new Writer().uint(height, 8, "block").uint(index, 4, "index").finish(),
        json,
      ]);
      ops.push({ type: "put", key: keyOf(PREFIX.tx, Buffer.from(receipt.txHash.slice(2), "hex")), value });
    });
    ops.push({ type: "put", key: HEAD, value: u64(height) });
    return ops;
  }

  genesisOps(genesisJson: unknown): DbOp[] {
    return [{ type: "put", key: GENESIS, value: Buffer.from(JSON.stringify(genesisJson), "utf8") }];
  }

  write(ops: readonly DbOp[]): Promise<void> {
    return this.kv.batch(ops, { sync: true });
  }
}
