/**
 * The batch circuit's input from the WASM engine's sealed batch: the same input as buildBatchInput
 * derives by stepping the reference model, read instead from what the engine recorded while sealing
 * (src/bridge/engine: every leaf write with the account before it and its siblings, and the leaves each
 * op only reads). This is the sequencer's path: no model replay, so the cost is the circuit's, not the
 * model's.
 *
 * Slot leaves (circuits/batch/slot.circom): A is an op's first write or its "a" read; B its second
 * write or its "b" read; Noop slots use the padding read (leaf 0 after the last op); the fee account's
 * leaf and path are those of the fee-credit write that closes the batch.
 */
import { type LeafRead, type LeafWrite, type SealedBatch, unpackSignatures } from "../bridge/index.js";
import { GhostError, type L2Tx, type Op } from "../protocol/index.js";
import {
  assembleBatchInput,
  type BatchWitness,
  type SlotInput,
  type SlotLeaf,
  slotFromParts,
} from "./batchInput.js";
import type { BatchCircuit } from "./circuits.js";

/** The circuit input and the batch values it commits to (the model's post-state is not known here). */
export type EngineBatchWitness = Omit<BatchWitness, "postState">;

function fromWrite(w: LeafWrite): SlotLeaf {
  return { index: w.index, account: w.before ?? undefined, siblings: w.siblings };
}

function fromRead(r: LeafRead): SlotLeaf {
  return { index: r.index, account: r.account ?? undefined, siblings: r.siblings };
}

/**
 * The circuit input for a batch the engine sealed. `ops` are the batch's ops as applied, in order
 * (priority ops first); every one of them must have been accepted by the engine.
 */
export async function buildBatchInputFromSealed(
  circuit: BatchCircuit,
  chainId: number,
  ops: readonly Op[],
  sealed: SealedBatch,
): Promise<EngineBatchWitness> {
  if (ops.length > circuit.nSlots) {
    throw new GhostError(
      "BATCH_FULL",
      `${ops.length} ops, circuit ${circuit.name} has ${circuit.nSlots} slots`,
    );
  }
  if (sealed.opRoots.length !== ops.length) {
    throw new GhostError(
      "WITNESS_FAILED",
      `the sealed batch has ${sealed.opRoots.length} ops, not ${ops.length}`,
    );
  }
  const writes = (k: number) => sealed.writes.filter((w) => w.op === k);
  const read = (k: number, slot: LeafRead["slot"]) => sealed.reads.find((r) => r.op === k && r.slot === slot);
  const padding = sealed.reads.find((r) => r.slot === "padding");
  const leaf = (k: number, nth: 0 | 1): SlotLeaf => {
    const w = writes(k)[nth];
    if (w !== undefined) return fromWrite(w);
    const r = read(k, nth === 0 ? "a" : "b");
    if (r === undefined)
      throw new GhostError(
        "WITNESS_FAILED",
        `op ${k}: the sealed batch has no leaf for slot ${nth === 0 ? "A" : "B"}`,
      );
    return fromRead(r);
  };
  // Every L2 tx's R8, decompressed in one call into the WASM core.
  const l2 = ops.flatMap((op, k) => (op.type === "transfer" || op.type === "withdraw" ? [k] : []));
  const unpacked = unpackSignatures(l2.map((k) => (ops[k] as L2Tx).signature));
  const signatureOf = new Map(l2.map((k, j) => [k, unpacked[j]] as const));
  const slots: SlotInput[] = [];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    // A creating deposit that writes nothing found the tree full (the only way it can be a no-op).
    const treeFull = op.type === "deposit" && op.to === null && writes(k).length === 0;
    const signature = signatureOf.get(k);
    if (signature === null) throw new GhostError("TX_BAD_SIGNATURE", `op ${k}: R8 does not decode`);
    slots.push(await slotFromParts(op, leaf(k, 0), leaf(k, 1), treeFull, signature));
  }
  if (ops.length < circuit.nSlots) {
    if (padding === undefined) throw new GhostError("WITNESS_FAILED", "the sealed batch has no padding read");
    const noop = await slotFromParts({ type: "noop" }, fromRead(padding), fromRead(padding), false);
    while (slots.length < circuit.nSlots) slots.push(noop);
  }
  const feeWrite = writes(ops.length)[0];
  if (feeWrite?.before == null) throw new GhostError("WITNESS_FAILED", "the sealed batch has no fee credit");
  const input = assembleBatchInput(
    {
      publicInputHash: sealed.publicInputHash,
      chainId,
      batchNumber: sealed.batchNumber,
      feeAccount: sealed.feeAccount,
      oldRoot: sealed.oldRoot,
      oldPriorityHash: sealed.oldPriorityHash,
    },
    slots,
    { account: feeWrite.before, siblings: feeWrite.siblings },
  );
  return {
    input,
    publicInputHash: sealed.publicInputHash,
    oldRoot: sealed.oldRoot,
    newRoot: sealed.newRoot,
    dataHash: sealed.dataHash,
  };
}
