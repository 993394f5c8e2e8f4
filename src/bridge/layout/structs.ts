/**
 * Every struct that crosses the engine's JS⇄WASM boundary, defined once. The AssemblyScript side gets
 * these offsets as generated constants (assembly/state/generated/layout.ts, written by
 * scripts/build/gen/stateLayout.ts); the TypeScript codec reads and writes through the same objects.
 *
 * ACCOUNT is also the engine's storage record in linear memory, so reading an account is one copy.
 */
import { MAX_TREE_DEPTH } from "../../protocol/constants.js";
import { defineStruct } from "./defineStruct.js";

/** An account, canonical values: keys < p, l1Address < 2^160, balances < 2^126 (GCC, SPIRIT, MANA, GHOST). */
export const ACCOUNT = defineStruct("ACCOUNT", [
  { name: "ax", kind: "u256" },
  { name: "ay", kind: "u256" },
  { name: "l1Address", kind: "u256" },
  { name: "balances", kind: "u128", count: 4 },
  { name: "nonce", kind: "u32" },
]);

/**
 * One operation as the engine receives it. `kind` is the protocol's type id (OP_TYPE) or OP_KIND_NOOP.
 * `account` is a deposit's `to`, a forced exit's account or an L2 tx's `from`. `l1Address` carries a
 * deposit's new owner or a forced exit's requester. Amounts that cannot be 256-bit unsigned integers are
 * written as 2^256 − 1, which fails the range check exactly as the model's does. `flags` carries what
 * only the JS side can judge (the JS types of the fields) and pre-verified signatures; see OP_FLAG_*.
 */
export const OP = defineStruct("OP", [
  { name: "kind", kind: "u32" },
  { name: "flags", kind: "u32" },
  { name: "token", kind: "u32" },
  { name: "account", kind: "u32" },
  { name: "to", kind: "u32" },
  { name: "nonce", kind: "u32" },
  { name: "amount", kind: "u256" },
  { name: "fee", kind: "u256" },
  { name: "ax", kind: "u256" },
  { name: "ay", kind: "u256" },
  { name: "l1Address", kind: "u256" },
  { name: "signature", kind: "bytes", bytes: 64 },
]);

/** `OP.kind` of a Noop (the protocol's types 0-3 are deposit, forcedExit, transfer, withdraw). */
export const OP_KIND_NOOP = 4;
/** A deposit that creates the next account (`to` = null). */
export const OP_FLAG_CREATE = 1;
/** A field the model rejects as TX_MALFORMED before any range check (wrong JS type or width). */
export const OP_FLAG_MALFORMED = 2;
/** A deposit's ax/ay/l1Address the model rejects as TX_MALFORMED after the amount's range check. */
export const OP_FLAG_KEYS_MALFORMED = 4;
/** A new account's key that is not a prime-order Baby Jubjub point (TX_BAD_PUBKEY, the last check). */
export const OP_FLAG_BAD_PUBKEY = 8;
/**
 * An L2 tx whose signature the bridge already verified (in a worker pool) against the key in OP.ax/ay;
 * the engine uses the verdict only if that key is still the sender's, else it verifies itself.
 */
export const OP_FLAG_SIG_CHECKED = 16;
/** With OP_FLAG_SIG_CHECKED: the signature verified. */
export const OP_FLAG_SIG_VALID = 32;
/**
 * Set by the core only (the bridge never writes it; the core clears it first): a creating deposit whose
 * key the list's pre-pass found valid, two keys per SIMD pass. An invalid one gets OP_FLAG_BAD_PUBKEY.
 */
export const OP_FLAG_KEY_CHECKED = 64;

/** The outcome of one op: `code` 0 (then `status`: 0 applied, 1 no-op with `reason`) or a rejection id. */
export const RECEIPT = defineStruct("RECEIPT", [
  { name: "code", kind: "u32" },
  { name: "status", kind: "u32" },
  { name: "reason", kind: "u32" },
  { name: "account", kind: "u32" },
  { name: "hasWithdrawal", kind: "u32" },
  { name: "withdrawAccount", kind: "u32" },
  { name: "withdrawToken", kind: "u32" },
  { name: "daLength", kind: "u32" },
  { name: "withdrawL1Address", kind: "u256" },
  { name: "withdrawAmount", kind: "u128" },
  { name: "da", kind: "bytes", bytes: 24 },
]);
/** `RECEIPT.account` when the op names no account. */
export const NO_ACCOUNT = 0xffffffff;

/**
 * A sealed batch: this header, then `dataLength` bytes of published data (padded to 8), then
 * `opCount` roots (the root after each op), then `writeCount` WRITE records, then `readCount` READ
 * records, each record followed by its `depth` sibling hashes (leaf level first). The last write is the
 * fee account's credit; the last read is the padding read.
 */
export const SEAL = defineStruct("SEAL", [
  { name: "batchNumber", kind: "u32" },
  { name: "feeAccount", kind: "u32" },
  { name: "opCount", kind: "u32" },
  { name: "writeCount", kind: "u32" },
  { name: "readCount", kind: "u32" },
  { name: "dataLength", kind: "u32" },
  { name: "priorityCount", kind: "u32" },
  { name: "oldRoot", kind: "u256" },
  { name: "newRoot", kind: "u256" },
  { name: "oldPriorityHash", kind: "u256" },
  { name: "newPriorityHash", kind: "u256" },
  { name: "dataHash", kind: "u256" },
  { name: "publicInputHash", kind: "u256" },
  { name: "collectedFees", kind: "u128" },
]);

/**
 * A batch closed without the tree (Engine.closeBatch): the fields of SEAL's header that describe the
 * accounts' side (the number of the batch just closed, its fee account, ops, priority ops consumed and
 * fees credited). Closing this way never touches the tree, so there are no roots or witness.
 */
export const CLOSED = defineStruct("CLOSED", [
  { name: "batchNumber", kind: "u32" },
  { name: "feeAccount", kind: "u32" },
  { name: "opCount", kind: "u32" },
  { name: "priorityCount", kind: "u32" },
  { name: "collectedFees", kind: "u128" },
]);

/** One leaf write of a batch, in order: which op, which leaf, and the account before and after. */
export const WRITE = defineStruct("WRITE", [
  { name: "op", kind: "u32" },
  { name: "index", kind: "u32" },
  { name: "oldLeaf", kind: "u256" },
  { name: "newLeaf", kind: "u256" },
  { name: "before", kind: "bytes", bytes: ACCOUNT.size },
  { name: "after", kind: "bytes", bytes: ACCOUNT.size },
]);

/**
 * A leaf an op reads without writing it, for the circuit's account slots (circuits/batch/slot.circom):
 * `slot` 0 (A) is read before the op, 1 (B) after its writes; slot 2 is the padding read, leaf 0 after
 * every op and before the fee credit, which Noop slots can use. `account` is all zero for an empty leaf.
 */
export const READ = defineStruct("READ", [
  { name: "op", kind: "u32" },
  { name: "slot", kind: "u32" },
  { name: "index", kind: "u32" },
  { name: "leaf", kind: "u256" },
  { name: "account", kind: "bytes", bytes: ACCOUNT.size },
]);
export const READ_SLOT_A = 0;
export const READ_SLOT_B = 1;
export const READ_PADDING = 2;

/**
 * A snapshot: this header, then `nextIndex` ACCOUNT records, then for each tree level 0..depth/2 its
 * `nodeCounts[level]` stored nodes (32-byte canonical), the rest of each level being empty subtrees.
 * `checksum` is SHA-256 over the whole snapshot (header with this field zeroed, accounts, nodes).
 */
export const SNAPSHOT = defineStruct("SNAPSHOT", [
  { name: "magic", kind: "u32" },
  { name: "version", kind: "u32" },
  { name: "depth", kind: "u32" },
  { name: "chainId", kind: "u32" },
  { name: "batchSize", kind: "u32" },
  { name: "nextIndex", kind: "u32" },
  { name: "priorityCount", kind: "u32" },
  { name: "batchNumber", kind: "u32" },
  { name: "priorityHash", kind: "u256" },
  { name: "nodeCounts", kind: "u32", count: MAX_TREE_DEPTH / 2 + 1 },
  { name: "checksum", kind: "bytes", bytes: 32 },
]);
export const SNAPSHOT_MAGIC = 0x54534847; // "GHST" little-endian
/** Version 3: the header carries `checksum`, SHA-256 of the whole snapshot with this field zeroed. */
export const SNAPSHOT_VERSION = 3;

/**
 * A point inside the open batch (Engine.checkpoint): how far the batch's logs reach and the counters
 * that reverting to it restores. Opaque to callers; the facade keeps the bytes and the core checks
 * them against its logs before undoing anything.
 */
export const CHECKPOINT = defineStruct("CHECKPOINT", [
  { name: "batchNumber", kind: "u32" },
  { name: "opCount", kind: "u32" },
  { name: "writeCount", kind: "u32" },
  { name: "accountCount", kind: "u32" },
  { name: "priorityCount", kind: "u32" },
  { name: "l2Seen", kind: "u32" },
  { name: "pendingFees", kind: "u128" },
  { name: "priorityHash", kind: "u256" },
]);

export const STRUCTS = [ACCOUNT, OP, RECEIPT, SEAL, CLOSED, WRITE, READ, SNAPSHOT, CHECKPOINT] as const;
