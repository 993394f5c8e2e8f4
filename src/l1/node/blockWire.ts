/** A stored block in the wire form ghostd answers and pushes (docs/api.md). */
import { toWire } from "../api/index.js";
import type { BlockHeader } from "../chain/index.js";
import { txHash } from "../tx/index.js";
import type { StoredBlock } from "./chainStore.js";

type BlockWire = ReturnType<typeof toBlockWire>;

/**
 * Kept per block: the head is answered to every `l1_head` and pushed to every subscriber, and its form
 * hashes each transaction and hex-encodes a 3,309-byte signature.
 */
const cache = new WeakMap<StoredBlock, BlockWire>();

/** A block in its wire form (docs/api.md). */
export function blockWire(b: StoredBlock): BlockWire {
  let wire = cache.get(b);
  if (wire === undefined) {
    wire = toBlockWire(b);
    cache.set(b, wire);
  }
  return wire;
}

function toBlockWire(b: StoredBlock) {
  const h: BlockHeader = b.header;
  return {
    height: h.height,
    hash: toWire(b.hash) as string,
    parentHash: toWire(h.parentHash) as string,
    timestamp: h.timestamp,
    txRoot: toWire(h.txRoot) as string,
    receiptRoot: toWire(h.receiptRoot) as string,
    stateRoot: toWire(h.stateRoot) as string,
    proposer: toWire(h.proposer, "proposer") as string,
    signature: toWire(b.signature) as string,
    txs: b.txs.map((t) => toWire(txHash(t.tx)) as string),
  };
}
