/**
 * tests/vectors/data.json: published batch data that must be refused (docs/protocol.md §6.2, §6.4).
 *
 * `decode` cases are byte strings that the record decoder alone refuses with DA_MALFORMED, at the byte
 * offset of the bad record. `rebuild` cases replace the published batches of batches.json (same genesis,
 * same queue) and must make rebuildFromData fail with DA_MALFORMED or DA_MISMATCH.
 */
import {
  type BitField,
  createGenesis,
  decodeDaRecords,
  encodeDaRecord,
  GhostError,
  packBits,
  rebuildFromData,
} from "../../src/protocol/index.js";
import { rawAccount, rawPublished, rawQueue } from "../../tests/vectors/decode.js";
import { batches as batchVectors } from "./batches.js";
import { hex } from "./format.js";

const DEPTH = 4;
const F36 = 31; // float36 mantissa bits; the exponent takes the next 5
const F16 = 11;

/** Little-endian bytes of a bit packing, `bytes` long (a record's length). */
function bytesOf(fields: BitField[], bytes: number): Uint8Array {
  let x = packBits(fields);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

const float = (m: bigint, e: bigint, mantissaBits: number): bigint => m + (e << BigInt(mantissaBits));
const transferRecord = (amountF: bigint, feeF: bigint) =>
  bytesOf(
    [
      [2n, 2],
      [1n, DEPTH],
      [2n, DEPTH],
      [0n, 2],
      [amountF, 36],
      [feeF, 16],
    ],
    8,
  );
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

const depositApplied = encodeDaRecord({ type: "deposit", applied: true, account: 3 }, DEPTH);
const forcedExitApplied = encodeDaRecord(
  { type: "forcedExit", applied: true, account: 2, token: 2, amount: 300n },
  DEPTH,
);
const withdraw = encodeDaRecord({ type: "withdraw", from: 2, token: 1, amount: 1000n, fee: 5n }, DEPTH);
const transfer = transferRecord(float(100n, 0n, F36), float(1n, 0n, F16));
const withTopBit = (b: Uint8Array) => {
  const c = Uint8Array.from(b);
  c[c.length - 1]! |= 0x80;
  return c;
};

const decodeCases: { name: string; data: Uint8Array }[] = [
  { name: "a truncated transfer", data: transfer.subarray(0, 7) },
  {
    name: "a truncated forced exit after a deposit",
    data: concat(depositApplied, forcedExitApplied.subarray(0, 16)),
  },
  { name: "a lone byte of a withdraw", data: withdraw.subarray(0, 1) },
  { name: "a padding bit set in a deposit", data: withTopBit(depositApplied) },
  { name: "a padding bit set in a forced exit", data: withTopBit(forcedExitApplied) },
  { name: "a padding bit set in a withdraw", data: withTopBit(withdraw) },
  { name: "an amount 10 encoded as 1·10^1", data: transferRecord(float(1n, 1n, F36), 0n) },
  { name: "an amount 0 encoded as 0·10^5", data: transferRecord(float(0n, 5n, F36), 0n) },
  {
    name: "an amount of (2^31 - 1)·10^31, above 2^126",
    data: transferRecord(float(2n ** 31n - 1n, 31n, F36), 0n),
  },
  { name: "a fee 20 encoded as 2·10^1", data: transferRecord(float(100n, 0n, F36), float(2n, 1n, F16)) },
  {
    name: "a no-op deposit naming account 1",
    data: bytesOf(
      [
        [0n, 2],
        [0n, 1],
        [1n, DEPTH],
      ],
      1,
    ),
  },
  {
    name: "a no-op forced exit with token 1",
    data: bytesOf(
      [
        [1n, 2],
        [0n, 1],
        [0n, DEPTH],
        [1n, 2],
        [0n, 126],
      ],
      17,
    ),
  },
  {
    name: "a no-op forced exit with an amount",
    data: bytesOf(
      [
        [1n, 2],
        [0n, 1],
        [0n, DEPTH],
        [0n, 2],
        [7n, 126],
      ],
      17,
    ),
  },
  {
    name: "a valid deposit, then a truncated transfer",
    data: concat(depositApplied, transfer.subarray(0, 3)),
  },
];

function decodeExpect(data: Uint8Array): Record<string, unknown> {
  try {
    decodeDaRecords(data, DEPTH);
  } catch (e) {
    if (e instanceof GhostError) return { code: e.code, offset: (e.details as { offset: number }).offset };
    throw e;
  }
  throw new Error(`DA vector ${hex(data)} decodes`);
}

interface PublishedJson {
  batchNumber: number;
  feeAccount: number;
  newRoot: string;
  data: string;
}

function rebuildCases(): { name: string; batches: PublishedJson[] }[] {
  const v = batchVectors();
  const published: PublishedJson[] = v.batches.map((b) => ({
    batchNumber: b.batch.batchNumber,
    feeAccount: b.batch.feeAccount,
    newRoot: b.newRoot,
    data: b.data,
  }));
  const [b1, b2, b3] = published as [PublishedJson, PublishedJson, PublishedJson];
  const data1 = Buffer.from(b1.data.slice(2), "hex");
  // Batch 1's records: deposit (1 byte), deposit (1), forced exit (17), no-op forced exit (17), then 4 L2
  // records of 8 bytes each.
  const l2Start = 36;
  // The no-op forced exit (bytes 19-35) moved after the first transfer: a priority record after an L2 one.
  const swapped = Buffer.concat([
    data1.subarray(0, 19),
    data1.subarray(l2Start, l2Start + 8),
    data1.subarray(19, l2Start),
    data1.subarray(l2Start + 8),
  ]);
  const firstTransfer = Uint8Array.from(data1.subarray(l2Start, l2Start + 8));
  const moreAmount = Uint8Array.from(firstTransfer);
  moreAmount[2]! ^= 0x10; // a bit of the float36 mantissa: another canonical amount
  const withAmount = Buffer.concat([data1.subarray(0, l2Start), moreAmount, data1.subarray(l2Start + 8)]);
  const nineRecords = Buffer.concat([data1, data1.subarray(l2Start, l2Start + 8)]);
  const asHex = (b: Uint8Array) => hex(b);
  return [
    { name: "more records than the batch size", batches: [{ ...b1, data: asHex(nineRecords) }] },
    { name: "a priority record after an L2 record", batches: [{ ...b1, data: asHex(swapped) }] },
    { name: "a wrong root", batches: [{ ...b1, newRoot: b2.newRoot === b1.newRoot ? b3.newRoot : "1" }] },
    { name: "another amount in a transfer record", batches: [{ ...b1, data: asHex(withAmount) }] },
    {
      name: "a forced-exit record where the queue holds a deposit",
      batches: [{ ...b1, data: asHex(Buffer.concat([data1.subarray(2, 19), data1.subarray(36)])) }],
    },
    { name: "a batch skipped", batches: [b1, b3] },
    { name: "batch 1 published twice", batches: [b1, b1] },
    {
      name: "a second batch replaying the first's transfers",
      batches: [b1, { ...b2, data: asHex(data1.subarray(l2Start)) }],
    },
    { name: "an unknown fee account", batches: [{ ...b1, feeAccount: 9 }] },
  ];
}

function rebuildExpect(batches: PublishedJson[]): Record<string, unknown> {
  const v = batchVectors();
  const genesis = createGenesis(v.config, v.genesis.accounts.map(rawAccount));
  try {
    rebuildFromData(
      genesis,
      rawQueue(v.queue),
      batches.map((b) => rawPublished({ ...b })),
    );
  } catch (e) {
    if (e instanceof GhostError) return { code: e.code };
    throw e;
  }
  throw new Error("DA rebuild vector is accepted");
}

export function data() {
  return {
    about:
      "decode: bytes the record decoder refuses (depth 4), with the offset of the bad record. rebuild: " +
      "published batches replayed on batches.json's genesis and queue instead of its own.",
    depth: DEPTH,
    decode: decodeCases.map((c) => ({ name: c.name, data: hex(c.data), expect: decodeExpect(c.data) })),
    rebuild: rebuildCases().map((c) => ({ ...c, expect: rebuildExpect(c.batches) })),
  };
}
