/**
 * The SNAPSHOT header (layout SNAPSHOT): writing it with its checksum, and reading it back with every
 * field checked. A snapshot is untrusted input to restoreEngine: its SHA-256 checksum catches damage,
 * and each field is checked against what a real engine can hold (a valid chain configuration, node
 * counts that follow from the depth and the account count, a queue hash consistent with the queue
 * counter), so a snapshot crafted with a correct checksum is still refused. Failures are
 * WASM_BAD_ARGUMENT with a message naming the field.
 */
import { createHash } from "node:crypto";
import { FIELD_MODULUS, treeLevels } from "../../protocol/index.js";
import { readU32, readUint, writeU32, writeUint } from "../layout/codec.js";
import { ACCOUNT, SNAPSHOT, SNAPSHOT_MAGIC, SNAPSHOT_VERSION } from "../layout/structs.js";
import { badArgument, chainParameters, show } from "./validate.js";

const H = SNAPSHOT.fields;
const LEVEL_SLOTS = H.nodeCounts.count;

export interface SnapshotHeader {
  readonly chainId: number;
  readonly depth: number;
  readonly batchSize: number;
  readonly nextIndex: number;
  readonly priorityCount: number;
  readonly batchNumber: number;
  readonly priorityHash: bigint;
  /** Stored nodes per level 0..depth/2. */
  readonly nodeCounts: readonly number[];
}

/** Stored nodes of each level for n accounts: the non-empty prefix, ⌈n / 4^l⌉ (accounts are consecutive). */
export function expectedNodeCounts(depth: number, n: number): number[] {
  return Array.from({ length: treeLevels(depth) + 1 }, (_, l) => Math.ceil(n / 4 ** l));
}

/** Bytes of a snapshot with this header: the header, the account records, 32 bytes per stored node. */
export function snapshotBytes(n: number, counts: readonly number[]): number {
  return SNAPSHOT.size + n * ACCOUNT.size + counts.reduce((s, c) => s + c * 32, 0);
}

/** SHA-256 of the snapshot with its checksum field read as zeros. */
function checksumOf(bytes: Uint8Array): Uint8Array {
  const at = H.checksum.offset;
  return createHash("sha256")
    .update(bytes.subarray(0, at))
    .update(new Uint8Array(H.checksum.size))
    .update(bytes.subarray(at + H.checksum.size))
    .digest();
}

/** Writes the header into the first SNAPSHOT.size bytes of `bytes`. */
export function writeHeader(bytes: Uint8Array, h: SnapshotHeader): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, SNAPSHOT.size);
  writeU32(view, 0, H.magic, SNAPSHOT_MAGIC);
  writeU32(view, 0, H.version, SNAPSHOT_VERSION);
  writeU32(view, 0, H.depth, h.depth);
  writeU32(view, 0, H.chainId, h.chainId);
  writeU32(view, 0, H.batchSize, h.batchSize);
  writeU32(view, 0, H.nextIndex, h.nextIndex);
  writeU32(view, 0, H.priorityCount, h.priorityCount);
  writeU32(view, 0, H.batchNumber, h.batchNumber);
  writeUint(view, 0, H.priorityHash, h.priorityHash);
  h.nodeCounts.forEach((c, l) => {
    writeU32(view, 0, H.nodeCounts, c, l);
  });
}

/** Sets the checksum of a complete snapshot (call last). */
export function sealChecksum(bytes: Uint8Array): void {
  bytes.set(checksumOf(bytes), H.checksum.offset);
}

/** The header of untrusted snapshot bytes, every field and the checksum checked. */
export function readHeader(bytes: unknown): SnapshotHeader {
  if (!(bytes instanceof Uint8Array))
    throw badArgument(`snapshot: expected a Uint8Array, got ${show(bytes)}`);
  if (bytes.length < SNAPSHOT.size)
    throw badArgument(`snapshot: ${bytes.length} bytes, shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, SNAPSHOT.size);
  const u32 = (f: keyof typeof H, i = 0) => readU32(view, 0, H[f], i);
  if (u32("magic") !== SNAPSHOT_MAGIC) throw badArgument("snapshot: not a GhostChain engine snapshot");
  if (u32("version") !== SNAPSHOT_VERSION) {
    throw badArgument(`snapshot: "version" expected ${SNAPSHOT_VERSION}, got ${u32("version")}`);
  }
  const stored = bytes.subarray(H.checksum.offset, H.checksum.offset + H.checksum.size);
  if (!checksumOf(bytes).every((b, i) => b === stored[i])) {
    throw badArgument("snapshot: the checksum does not match the bytes");
  }
  const config = chainParameters(
    { chainId: u32("chainId"), depth: u32("depth"), batchSize: u32("batchSize") },
    "WASM_BAD_ARGUMENT",
  );
  const { depth, batchSize } = config;
  const nextIndex = u32("nextIndex");
  if (nextIndex > 2 ** depth)
    throw badArgument(`snapshot: "nextIndex" expected at most 2^${depth}, got ${nextIndex}`);
  const levels = treeLevels(depth);
  const nodeCounts = expectedNodeCounts(depth, nextIndex);
  for (let l = 0; l < LEVEL_SLOTS; l++) {
    const want = l <= levels ? nodeCounts[l]! : 0;
    if (u32("nodeCounts", l) !== want) {
      throw badArgument(
        `snapshot: "nodeCounts[${l}]" expected ${want} for ${nextIndex} accounts, got ${u32("nodeCounts", l)}`,
      );
    }
  }
  const batchNumber = u32("batchNumber");
  const priorityCount = u32("priorityCount");
  // Priority ops are consumed only by sealed batches, at most batchSize each (the product is below 2^45:
  // exact in a double).
  if (priorityCount > batchNumber * batchSize) {
    throw badArgument(
      `snapshot: "priorityCount" ${priorityCount} exceeds ${batchNumber} batches of ${batchSize}`,
    );
  }
  const priorityHash = readUint(view, 0, H.priorityHash);
  if (priorityHash >= FIELD_MODULUS) throw badArgument('snapshot: "priorityHash" expected integer below p');
  // Q[0] = 0 (docs/protocol.md §5.2); every later Q is a Poseidon output, never 0 in practice.
  if ((priorityCount === 0) !== (priorityHash === 0n)) {
    throw badArgument(
      `snapshot: "priorityHash" ${priorityHash === 0n ? "is 0" : "is not 0"} after ${priorityCount} priority ops`,
    );
  }
  if (bytes.length !== snapshotBytes(nextIndex, nodeCounts)) {
    throw badArgument(`snapshot: ${bytes.length} bytes, expected ${snapshotBytes(nextIndex, nodeCounts)}`);
  }
  return { ...config, nextIndex, priorityCount, batchNumber, priorityHash, nodeCounts };
}
