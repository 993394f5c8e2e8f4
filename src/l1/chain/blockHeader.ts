/**
 * Block header bytes, hash and roots (docs/l1.md §5):
 *
 *   header      = "GhostChain/L1block/v1" ‖ u32 chainId ‖ u64 height ‖ b32 parentHash ‖ u64 timestamp
 *                 ‖ b32 txRoot ‖ b32 receiptRoot ‖ b32 stateRoot ‖ addr proposer
 *   blockHash   = SHA3(header)
 *   txRoot      = SHA3(txHash_0 ‖ txHash_1 ‖ …)
 *   receiptRoot = SHA3(SHA3(receipt_0) ‖ …),  receipt = b32 txHash ‖ u8 status (1 ok) ‖ u16 code id
 */
import { ERROR_CODES } from "../../protocol/index.js";
import { ascii, Reader, sha3, Writer } from "../encoding/index.js";
import type { BlockHeader, Receipt } from "./types.js";

export const BLOCK_TAG = ascii("GhostChain/L1block/v1");

export function encodeHeader(h: BlockHeader): Uint8Array {
  return new Writer()
    .raw(BLOCK_TAG, BLOCK_TAG.length, "tag")
    .u32(h.chainId, "chainId")
    .u64(h.height, "height")
    .raw(h.parentHash, 32, "parentHash")
    .u64(h.timestamp, "timestamp")
    .raw(h.txRoot, 32, "txRoot")
    .raw(h.receiptRoot, 32, "receiptRoot")
    .raw(h.stateRoot, 32, "stateRoot")
    .addr(h.proposer, "proposer")
    .finish();
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const r = new Reader(bytes);
  r.take(BLOCK_TAG.length, "tag");
  const h = {
    chainId: r.u32("chainId"),
    height: Number(r.u64("height")),
    parentHash: r.take(32, "parentHash"),
    timestamp: Number(r.u64("timestamp")),
    txRoot: r.take(32, "txRoot"),
    receiptRoot: r.take(32, "receiptRoot"),
    stateRoot: r.take(32, "stateRoot"),
    proposer: r.addr("proposer"),
  };
  r.end();
  return h;
}

export function blockHash(h: BlockHeader): Uint8Array {
  return sha3(encodeHeader(h));
}

export function txRoot(txHashes: readonly Uint8Array[]): Uint8Array {
  return sha3(...txHashes);
}

export function receiptBytes(r: Receipt): Uint8Array {
  return new Writer()
    .raw(r.txHash, 32, "txHash")
    .u8(r.status === "ok" ? 1 : 0, "status")
    .u16(r.code === undefined ? 0 : ERROR_CODES[r.code].id, "code")
    .finish();
}

export function receiptRoot(receipts: readonly Receipt[]): Uint8Array {
  return sha3(...receipts.map((r) => sha3(receiptBytes(r))));
}
