/**
 * `ghost proof verify <batch>`: checks a settled batch from ghostd alone, as ghostd checked it when it was
 * posted (docs/l1.md §4.3), without trusting anything the batch carries. The verification key is checked
 * against genesis' hash; the old root is the previous batch's new root (for batch 1, the L2 genesis root
 * recomputed by the model); the priority queue's running hashes are recomputed from its ops (P§5.2); the
 * records are decoded and the data hash recomputed (P§6); the public-input hash (P§8) is computed here and
 * the Groth16 proof verified against it with snarkjs. Each check is reported; a failing one makes the
 * batch invalid without throwing. `override` verifies a batch someone holds (its data, proof or new root)
 * in the chain's context instead of the one L1 holds.
 */
import { fromHex } from "../l1/encoding/index.js";
import { type Genesis, genesisFromJson, verificationKeyHash } from "../l1/genesis/index.js";
import {
  createGenesis,
  type DaRecord,
  dataHashOfRecords,
  decodeBatchData,
  EMPTY_PRIORITY_HASH,
  FIELD_MODULUS,
  GhostError,
  initProtocol,
  isGhostError,
  isPriorityRecord,
  nextPriorityHash,
  opFromJson,
  type PriorityOp,
  publicInputHash,
  stateRoot,
} from "../protocol/index.js";
import { type Groth16Proof, verifyBatchProof } from "../prover/index.js";
import { terminateSnarkjsCurve } from "../prover/setup/index.js";
import { fetchPriorityEntries, type PriorityEntryWire } from "./fetchPriorityEntries.js";
import type { GhostdClient } from "./ghostd.js";

/** The checks, in the order they are reported. */
export const BATCH_CHECKS = [
  "verificationKey",
  "oldRoot",
  "newRoot",
  "records",
  "oldPriorityHash",
  "newPriorityHash",
  "dataHash",
  "publicInputHash",
  "groth16",
] as const;

export type BatchCheckName = (typeof BATCH_CHECKS)[number];

export interface BatchCheck {
  readonly name: BatchCheckName;
  /** `skipped`: a value it needs could not be established (named in `reason`). */
  readonly status: "passed" | "failed" | "skipped";
  /** What was checked. */
  readonly description: string;
  /** What the check established: a root or hash (decimal), the circuit and key hash, the record counts. */
  readonly value?: string;
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

export interface BatchVerification {
  /** True iff every check passed. */
  readonly valid: boolean;
  readonly batchNumber: number;
  readonly checks: readonly BatchCheck[];
  /** The checks that did not pass (failed or skipped), in order. */
  readonly failed: readonly BatchCheckName[];
}

/** A batch someone holds (e.g. `ghost batch show --json`), verified in place of L1's. */
export interface BatchOverride {
  /** snarkjs' Groth16 proof JSON (`pi_a`, `pi_b`, `pi_c`). */
  readonly proof?: unknown;
  /** The published data, 0x hex. */
  readonly data?: string;
  /** The new root, decimal (or 0x hex). */
  readonly newRoot?: string;
}

const DESCRIPTIONS: Record<BatchCheckName, string> = {
  verificationKey:
    "ghostd's verification key hashes (sorted-key JSON, SHA-256) to genesis' verificationKeyHash, and its circuit is genesis' circuit",
  oldRoot:
    "the root before the batch: the previous settled batch's new root, or for batch 1 the L2 genesis root the model computes from genesis' accounts",
  newRoot: "the new root is a field element and is the one L1 settled",
  records:
    "the data decodes as records at the rollup's depth, at most batchSize of them, priority records first (P§6.2)",
  oldPriorityHash:
    "Q[firstQueue], recomputed from the queue's ops with nextPriorityHash and equal to the running hash ghostd reports; firstQueue is where the previous batch stopped",
  newPriorityHash:
    "Q[firstQueue + n] for the batch's n priority records, recomputed the same way; each record's type is its queue entry's",
  dataHash: "the Poseidon chain over the batch's batchSize slot elements (P§6.3), of the data L1 settled",
  publicInputHash:
    "Poseidon(header(chainId, batchNumber, feeAccount), oldRoot, newRoot, oldPriorityHash, newPriorityHash, dataHash) (P§8)",
  groth16: "the Groth16 proof verifies with snarkjs against the verification key and this public-input hash",
};

const HEX = /^0x([0-9a-fA-F]{2})*$/;
const RECORD_TYPES: readonly DaRecord["type"][] = ["deposit", "forcedExit", "transfer", "withdraw"];
const reasonOf = (e: unknown) =>
  isGhostError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);

/** ffjavascript's cached multi-threaded curve, whose workers keep a process alive (terminateSnarkjsCurve). */
const snarkjsCurveLive = () => (globalThis as { curve_bn128?: unknown }).curve_bn128 != null;

/** A value a check could not establish, and why. */
class Failed {
  constructor(readonly reason: string) {}
}

type Decoded = readonly { readonly record: DaRecord; readonly bytes: Uint8Array }[];

/** The checks as they are made; each is set once. */
class Report {
  readonly #checks = new Map<BatchCheckName, BatchCheck>();

  pass(name: BatchCheckName, value: string): void {
    this.#checks.set(name, { name, status: "passed", description: DESCRIPTIONS[name], value });
  }

  fail(name: BatchCheckName, reason: string, value?: string): void {
    const withValue = value === undefined ? {} : { value };
    this.#checks.set(name, { name, status: "failed", description: DESCRIPTIONS[name], ...withValue, reason });
  }

  /** Passes `name` with `v`, or fails it with v's reason. */
  record(name: BatchCheckName, v: bigint | Failed): void {
    if (v instanceof Failed) this.fail(name, v.reason);
    else this.pass(name, v.toString());
  }

  /**
   * Marks `name` skipped if a value it needs could not be established; true if so. A value that was
   * established but failed a comparison (data or a root other than L1's) is still used.
   */
  skipped(name: BatchCheckName, needs: Partial<Record<BatchCheckName, unknown>>): boolean {
    const missing = Object.entries(needs)
      .filter(([, v]) => v instanceof Failed)
      .map(([n]) => n);
    if (missing.length === 0) return false;
    this.skip(name, `needs ${missing.join(", ")}, which could not be established`);
    return true;
  }

  skip(name: BatchCheckName, reason: string): void {
    this.#checks.set(name, { name, status: "skipped", description: DESCRIPTIONS[name], reason });
  }

  result(batchNumber: number): BatchVerification {
    const checks = BATCH_CHECKS.map((name) => this.#checks.get(name)!);
    const failed = checks.filter((c) => c.status !== "passed").map((c) => c.name);
    return { valid: failed.length === 0, batchNumber, checks, failed };
  }
}

/**
 * Verifies settled batch `batchNumber` from ghostd alone. Throws BATCH_NOT_SETTLED if L1 has not settled
 * it (batch 0 included); every other finding is a check in the result.
 *
 * snarkjs' curve: if none was live before the call, the one the verification started is terminated before
 * returning, so a command can exit; if one was (another user of snarkjs in this process, e.g. an
 * in-process ghostd), it is left to its owner. Calls are meant to run one at a time.
 */
export async function verifySettledBatch(
  l1: GhostdClient,
  batchNumber: number,
  override: BatchOverride = {},
): Promise<BatchVerification> {
  await initProtocol();
  const { lastBatch } = await l1.l1_rollupState();
  if (!Number.isSafeInteger(batchNumber) || batchNumber < 1 || batchNumber > lastBatch) {
    const settled = lastBatch === 0 ? "no batch yet" : `batches 1 to ${lastBatch}`;
    throw new GhostError("BATCH_NOT_SETTLED", `L1 has settled ${settled}, not batch ${batchNumber}`, {
      details: { batchNumber, lastBatch },
    });
  }
  const [batch, previous, genesisJson, served] = await Promise.all([
    l1.l1_getBatch({ batchNumber }),
    batchNumber > 1 ? l1.l1_getBatch({ batchNumber: batchNumber - 1 }) : null,
    l1.l1_genesis(),
    l1.l1_verificationKey(),
  ]);
  if (batch === null) throw new GhostError("BATCH_NOT_SETTLED", `ghostd returned no batch ${batchNumber}`);
  const { rollup } = genesisFromJson(genesisJson);
  const report = new Report();

  const keyHash = verificationKeyHash(served.verificationKey);
  if (keyHash !== rollup.verificationKeyHash)
    report.fail(
      "verificationKey",
      `the key hashes to ${keyHash}, genesis says ${rollup.verificationKeyHash}`,
    );
  else if (served.hash !== keyHash)
    report.fail("verificationKey", `ghostd reports the key's hash as ${served.hash}, it is ${keyHash}`);
  else if (served.circuit !== rollup.circuit)
    report.fail("verificationKey", `ghostd reports circuit "${served.circuit}", genesis "${rollup.circuit}"`);
  else report.pass("verificationKey", `${served.circuit} ${keyHash}`);

  const oldRoot = rootBefore(batchNumber, previous, rollup);
  report.record("oldRoot", oldRoot);

  const newRoot = fieldElement(override.newRoot ?? batch.newRoot);
  if (!(newRoot instanceof Failed) && newRoot !== BigInt(batch.newRoot))
    report.fail(
      "newRoot",
      `L1 settled batch ${batchNumber} with new root ${batch.newRoot}`,
      newRoot.toString(),
    );
  else report.record("newRoot", newRoot);

  const dataHex = override.data ?? batch.data;
  const records = decodeRecords(dataHex, rollup.depth, rollup.batchSize);
  if (records instanceof Failed) report.fail("records", records.reason);
  else {
    const counts = RECORD_TYPES.map(
      (t) => `${records.filter(({ record }) => record.type === t).length} ${t}`,
    );
    report.pass("records", `${records.length} of ${rollup.batchSize} slots: ${counts.join(", ")}`);
  }

  // The running hashes, recomputed from Q[0] over every entry up to the batch's last priority op.
  const priority = records instanceof Failed ? [] : records.filter(({ record }) => isPriorityRecord(record));
  const first = batch.firstQueue;
  const expectedFirst = previous === null ? 0 : previous.firstQueue + previous.priorityOps;
  const entries = await fetchPriorityEntries(l1, first + priority.length);
  const hashes = runningHashes(entries);
  const oldPriorityHash =
    first === expectedFirst
      ? checkedHash(hashes, entries, 0, first)
      : new Failed(`the batch starts at queue entry ${first}, the previous one stopped at ${expectedFirst}`);
  report.record("oldPriorityHash", oldPriorityHash);

  let newPriorityHash: bigint | Failed = new Failed("not computed");
  if (!report.skipped("newPriorityHash", { records })) {
    const wrong = priority.findIndex(({ record }, i) => entries[first + i]?.op.type !== record.type);
    const entry = entries[first + wrong];
    if (wrong >= 0 && entry !== undefined)
      newPriorityHash = new Failed(
        `priority record ${wrong} is a ${priority[wrong]!.record.type}, queue entry ${first + wrong} a ${entry.op.type}`,
      );
    else newPriorityHash = checkedHash(hashes, entries, first, first + priority.length);
    report.record("newPriorityHash", newPriorityHash);
  }

  let dataHash: bigint | Failed = new Failed("not computed");
  if (!report.skipped("dataHash", { records })) {
    dataHash = dataHashOfRecords(
      (records as Decoded).map((r) => r.bytes),
      rollup.batchSize,
    );
    if (dataHex.toLowerCase() !== batch.data)
      report.fail("dataHash", `the data is not what L1 settled in batch ${batchNumber}`, dataHash.toString());
    else report.pass("dataHash", dataHash.toString());
  }

  const inputs = { oldRoot, newRoot, oldPriorityHash, newPriorityHash, dataHash };
  if (report.skipped("publicInputHash", inputs)) {
    report.skip("groth16", "needs publicInputHash, which was not computed");
    return report.result(batchNumber);
  }
  const hash = publicInputHash({
    chainId: rollup.chainId,
    batchNumber,
    feeAccount: batch.feeAccount,
    oldRoot: oldRoot as bigint,
    newRoot: newRoot as bigint,
    oldPriorityHash: oldPriorityHash as bigint,
    newPriorityHash: newPriorityHash as bigint,
    dataHash: dataHash as bigint,
  });
  report.pass("publicInputHash", hash.toString());

  const proof = (override.proof ?? batch.proof) as Groth16Proof;
  const curveWasLive = snarkjsCurveLive();
  try {
    if (await verifyBatchProof(served.verificationKey, { proof, publicSignals: [] }, hash))
      report.pass("groth16", "valid");
    else report.fail("groth16", "the proof does not verify against this public-input hash", "invalid");
  } catch (e) {
    // A verifier that throws has refused the proof (docs/l1.md §4.3 step 7).
    report.fail("groth16", `malformed proof: ${reasonOf(e)}`, "invalid");
  } finally {
    if (!curveWasLive) await terminateSnarkjsCurve();
  }
  return report.result(batchNumber);
}

/** The previous batch's new root, or for batch 1 the root of genesis' L2 accounts. */
function rootBefore(
  batchNumber: number,
  previous: { readonly newRoot: string } | null,
  rollup: Genesis["rollup"],
): bigint | Failed {
  if (batchNumber > 1)
    return previous === null
      ? new Failed(`ghostd returned no batch ${batchNumber - 1}`)
      : BigInt(previous.newRoot);
  try {
    const config = { chainId: rollup.chainId, depth: rollup.depth, batchSize: rollup.batchSize };
    return stateRoot(createGenesis(config, rollup.accounts));
  } catch (e) {
    return new Failed(`genesis' L2 accounts: ${reasonOf(e)}`);
  }
}

function fieldElement(text: string): bigint | Failed {
  let x: bigint;
  try {
    x = BigInt(text);
  } catch {
    return new Failed(`"${text}" is not an integer`);
  }
  return x >= 0n && x < FIELD_MODULUS ? x : new Failed(`${x} is not a field element`);
}

/** The records as ghostd decodes a posted batch (docs/l1.md §4.3 step 5). */
function decodeRecords(hex: string, depth: number, batchSize: number): Decoded | Failed {
  if (!HEX.test(hex)) return new Failed("the data is not 0x hex");
  try {
    return decodeBatchData(fromHex(hex.slice(2)), depth, batchSize);
  } catch (e) {
    return new Failed(reasonOf(e));
  }
}

/** Q[0 … entries.length], each Q[k+1] = nextPriorityHash(Q[k], op k); an op that does not parse ends it. */
function runningHashes(entries: readonly PriorityEntryWire[]): (bigint | Failed)[] {
  const out: (bigint | Failed)[] = [EMPTY_PRIORITY_HASH];
  for (const e of entries) {
    const before = out[out.length - 1]!;
    if (before instanceof Failed) out.push(before);
    else {
      try {
        out.push(nextPriorityHash(before, opFromJson(e.op) as PriorityOp));
      } catch (err) {
        out.push(new Failed(`queue entry ${e.index} does not parse: ${reasonOf(err)}`));
      }
    }
  }
  return out;
}

/** Q[to], once entries from … to − 1 are checked to report the running hash recomputed for them. */
function checkedHash(
  hashes: readonly (bigint | Failed)[],
  entries: readonly PriorityEntryWire[],
  from: number,
  to: number,
): bigint | Failed {
  for (let k = from; k < to; k++) {
    const q = hashes[k + 1];
    if (q === undefined) return new Failed(`ghostd's queue has no entry ${k}`);
    if (q instanceof Failed) return q;
    if (BigInt(entries[k]!.hash) !== q)
      return new Failed(`queue entry ${k}: ghostd reports running hash ${entries[k]!.hash}, recomputed ${q}`);
  }
  return hashes[to] ?? new Failed(`ghostd's queue has no entry ${to - 1}`);
}
