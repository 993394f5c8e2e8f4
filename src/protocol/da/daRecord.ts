/**
 * Data-availability records (docs/protocol.md §6): the compact bytes each applied op publishes, from which
 * anyone holding genesis and the L1 priority queue can rebuild the whole L2 state. No signatures, no nonces
 * (each L2 tx increments its sender's nonce by exactly one, so nonces are implied).
 *
 * A record is an LSB-first bit packing (D = tree depth), written little-endian in ceil(bits/8) bytes, so
 * its first byte's two low bits are the tag and a reader knows the record's length before reading it:
 *
 *   Deposit    tag 0 | applied 1 | account D                                   3 + D bits
 *   ForcedExit tag 1 | applied 1 | account D | token 2 | amount 126             131 + D bits
 *   Transfer   tag 2 | from D | to D | token 2 | amount float36 | fee float16   56 + 2D bits
 *   Withdraw   tag 3 | from D | token 2 | amount float36 | fee float16          56 + D bits
 *   Noop       no bytes
 *
 * A priority op processed as a no-op publishes applied = 0 and every other field 0.
 */

import { type BitField, decodeFloat, encodeFloat, packBits, totalBits, unpackBits } from "../bits/index.js";
import {
  AMOUNT_FLOAT,
  BALANCE_BITS,
  FEE_FLOAT,
  OP_TYPE,
  TOKEN_BITS,
  type TokenId,
  TYPE_BITS,
} from "../constants.js";
import { GhostError } from "../errors.js";

export type DaRecord =
  | { readonly type: "deposit"; readonly applied: boolean; readonly account: number }
  | {
      readonly type: "forcedExit";
      readonly applied: boolean;
      readonly account: number;
      readonly token: TokenId;
      readonly amount: bigint;
    }
  | {
      readonly type: "transfer";
      readonly from: number;
      readonly to: number;
      readonly token: TokenId;
      readonly amount: bigint;
      readonly fee: bigint;
    }
  | {
      readonly type: "withdraw";
      readonly from: number;
      readonly token: TokenId;
      readonly amount: bigint;
      readonly fee: bigint;
    };

type RecordType = DaRecord["type"];
const TYPES: readonly RecordType[] = ["deposit", "forcedExit", "transfer", "withdraw"];
const AMOUNT_FLOAT_BITS = AMOUNT_FLOAT.mantissaBits + AMOUNT_FLOAT.exponentBits;
const FEE_FLOAT_BITS = FEE_FLOAT.mantissaBits + FEE_FLOAT.exponentBits;

/** Field widths of each record type after its tag, in packing order. */
function layout(type: RecordType, depth: number): number[] {
  switch (type) {
    case "deposit":
      return [1, depth];
    case "forcedExit":
      return [1, depth, TOKEN_BITS, BALANCE_BITS];
    case "transfer":
      return [depth, depth, TOKEN_BITS, AMOUNT_FLOAT_BITS, FEE_FLOAT_BITS];
    case "withdraw":
      return [depth, TOKEN_BITS, AMOUNT_FLOAT_BITS, FEE_FLOAT_BITS];
  }
}

/** Bits and bytes of one record of each type at a tree depth (Noop: 0). */
export function daRecordSize(type: RecordType, depth: number): { bits: number; bytes: number } {
  const bits = TYPE_BITS + totalBits(layout(type, depth));
  return { bits, bytes: Math.ceil(bits / 8) };
}

function float(value: bigint, f: typeof AMOUNT_FLOAT | typeof FEE_FLOAT): bigint {
  const packed = encodeFloat(value, f);
  if (packed === undefined) throw new RangeError(`DA: ${value} has no exact float encoding`);
  return packed;
}

function fieldsOf(r: DaRecord): bigint[] {
  switch (r.type) {
    case "deposit":
      return [r.applied ? 1n : 0n, BigInt(r.account)];
    case "forcedExit":
      return [r.applied ? 1n : 0n, BigInt(r.account), BigInt(r.token), r.amount];
    case "transfer":
      return [
        BigInt(r.from),
        BigInt(r.to),
        BigInt(r.token),
        float(r.amount, AMOUNT_FLOAT),
        float(r.fee, FEE_FLOAT),
      ];
    case "withdraw":
      return [BigInt(r.from), BigInt(r.token), float(r.amount, AMOUNT_FLOAT), float(r.fee, FEE_FLOAT)];
  }
}

function toBytesLE(x: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = x;
  for (let i = 0; i < length; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function fromBytesLE(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

/** The bytes of one record. The model produces records, so a value out of its width is a bug: it throws. */
export function encodeDaRecord(r: DaRecord, depth: number): Uint8Array {
  const widths = layout(r.type, depth);
  const values = fieldsOf(r);
  const fields: BitField[] = [[BigInt(OP_TYPE[r.type]), TYPE_BITS]];
  widths.forEach((w, i) => {
    fields.push([values[i]!, w]);
  });
  return toBytesLE(packBits(fields), daRecordSize(r.type, depth).bytes);
}

function malformed(message: string, offset: number): GhostError {
  return new GhostError("DA_MALFORMED", message, { details: { offset } });
}

/** Decodes one record's bytes (already cut to its length); throws DA_MALFORMED on any non-canonical bit. */
function decodeOne(type: RecordType, bytes: Uint8Array, depth: number, offset: number): DaRecord {
  const { bits } = daRecordSize(type, depth);
  const x = fromBytesLE(bytes);
  if (x >> BigInt(bits) !== 0n) throw malformed("non-zero padding bits", offset);
  const v = unpackBits(x >> BigInt(TYPE_BITS), layout(type, depth));
  const n = (i: number) => Number(v[i]!);
  const amount = (packed: bigint) => {
    const a = decodeFloat(packed, AMOUNT_FLOAT);
    if (a === undefined || a >> BigInt(BALANCE_BITS) !== 0n) throw malformed("bad amount", offset);
    return a;
  };
  const fee = (packed: bigint) => {
    const a = decodeFloat(packed, FEE_FLOAT);
    if (a === undefined) throw malformed("bad fee", offset);
    return a;
  };
  switch (type) {
    case "deposit": {
      const applied = v[0] === 1n;
      if (!applied && v[1] !== 0n) throw malformed("a no-op deposit names account 0", offset);
      return { type, applied, account: n(1) };
    }
    case "forcedExit": {
      const applied = v[0] === 1n;
      if (!applied && (v[1] !== 0n || v[2] !== 0n || v[3] !== 0n))
        throw malformed("a no-op forced exit is all 0", offset);
      return { type, applied, account: n(1), token: n(2) as TokenId, amount: v[3]! };
    }
    case "transfer":
      return { type, from: n(0), to: n(1), token: n(2) as TokenId, amount: amount(v[3]!), fee: fee(v[4]!) };
    case "withdraw":
      return { type, from: n(0), token: n(1) as TokenId, amount: amount(v[2]!), fee: fee(v[3]!) };
  }
}

/** Splits a batch's published bytes into records; throws DA_MALFORMED on truncation or bad encodings. */
export function decodeDaRecords(data: Uint8Array, depth: number): { record: DaRecord; bytes: Uint8Array }[] {
  const out: { record: DaRecord; bytes: Uint8Array }[] = [];
  let offset = 0;
  while (offset < data.length) {
    const type = TYPES[data[offset]! & 3]!;
    const { bytes: len } = daRecordSize(type, depth);
    if (offset + len > data.length) throw malformed("truncated record", offset);
    const bytes = data.subarray(offset, offset + len);
    out.push({ record: decodeOne(type, bytes, depth, offset), bytes: Uint8Array.from(bytes) });
    offset += len;
  }
  return out;
}

/**
 * The field element that stands for a record in the data hash: its little-endian integer plus a
 * length marker 2^(8·length), so records of different lengths never collide. A Noop is 0.
 */
export function daRecordElement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return fromBytesLE(bytes) + (1n << BigInt(8 * bytes.length));
}

/** Deposits and forced exits: records of the L1 priority queue. */
export const isPriorityRecord = (r: DaRecord): boolean => r.type === "deposit" || r.type === "forcedExit";

/**
 * A posted batch's records as L1 takes them (docs/l1.md §4.3 step 5): decoded at the rollup's depth, at
 * most `batchSize` of them, priority records first. Throws DA_MALFORMED naming the first violation.
 */
export function decodeBatchData(
  data: Uint8Array,
  depth: number,
  batchSize: number,
): { record: DaRecord; bytes: Uint8Array }[] {
  const records = decodeDaRecords(data, depth);
  if (records.length > batchSize) {
    throw new GhostError("DA_MALFORMED", `${records.length} records, more than the batch size ${batchSize}`);
  }
  let seenL2 = false;
  records.forEach(({ record }, i) => {
    if (!isPriorityRecord(record)) seenL2 = true;
    else if (seenL2)
      throw new GhostError("DA_MALFORMED", `priority record ${i} after an L2 record`, {
        details: { index: i },
      });
  });
  return records;
}
