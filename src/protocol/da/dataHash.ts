/**
 * The data hash of a batch (docs/protocol.md §6.3): a Poseidon chain over the batch's `batchSize` record
 * elements (Noop slots are 0), four slots per Poseidon(5):
 *
 *   h = 0;  for each group of 4 slots (the last padded with 0):  h = Poseidon(h, e0, e1, e2, e3)
 *
 * ghostd recomputes it from the published bytes; the circuit computes the same chain from its slots.
 */
import { poseidon } from "../crypto/index.js";
import { GhostError } from "../errors.js";
import { daRecordElement, decodeDaRecords } from "./daRecord.js";

export const DATA_HASH_CHUNK = 4;

/** Data hash from the records of the batch's non-Noop ops, in order. */
export function dataHashOfRecords(records: readonly Uint8Array[], batchSize: number): bigint {
  if (records.length > batchSize) throw new GhostError("BATCH_FULL");
  const slots = records.map(daRecordElement);
  while (slots.length < batchSize || slots.length % DATA_HASH_CHUNK !== 0) slots.push(0n);
  let h = 0n;
  for (let i = 0; i < slots.length; i += DATA_HASH_CHUNK) {
    h = poseidon([h, ...slots.slice(i, i + DATA_HASH_CHUNK)]);
  }
  return h;
}

/** Data hash of a batch's published bytes, as ghostd computes it. */
export function dataHash(data: Uint8Array, depth: number, batchSize: number): bigint {
  const records = decodeDaRecords(data, depth);
  if (records.length > batchSize) throw new GhostError("DA_MALFORMED", "more records than the batch size");
  return dataHashOfRecords(
    records.map((r) => r.bytes),
    batchSize,
  );
}
