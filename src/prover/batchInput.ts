/**
 * The batch circuit's input (its private witness values and the one public input) for a batch that the
 * reference model accepts. The source is "the batch's ops + the state before it" (BatchWitnessSource), so
 * the WASM engine can feed the same builder once its sealed-batch API exists.
 *
 * Each slot updates leaf A then leaf B (see circuits/batch/slot.circom); the builder steps the reference
 * model one op at a time and reads every Merkle path from the intermediate states, so the circuit's root
 * chain is checked against the model's roots slot by slot.
 */
import { type BabyJub, buildBabyjub } from "circomlibjs";
import type { UnpackedSignature } from "../bridge/index.js";
import {
  amountFloat,
  applyOp,
  closeBatch,
  dataHashOfRecords,
  FIELD_MODULUS,
  feeFloat,
  GhostError,
  merkleProof,
  poseidon,
  publicInputHash,
  setLeaf,
  stateRoot,
  treeRoot,
} from "../protocol/index.js";
import type { Account, L2Tx, Op, PriorityOp, State } from "../protocol/types.js";
import type { BatchCircuit } from "./circuits.js";

/** What the builder needs: the pre-state and the ops of one batch (priority ops first, then L2 txs). */
export interface BatchWitnessSource {
  /** The state before the batch (its priorityHash is the batch's oldPriorityHash). */
  readonly preState: State;
  /** The queue entries the batch consumes, in queue order. */
  readonly priorityOps: readonly PriorityOp[];
  readonly txs: readonly L2Tx[];
  readonly batchNumber: number;
  readonly feeAccount: number;
}

/** A circuit input value: snarkjs and the witness calculator take bigints, arrays and nested arrays. */
export type CircuitInput = Record<string, bigint | bigint[] | bigint[][]>;

export interface BatchWitness {
  readonly input: CircuitInput;
  readonly publicInputHash: bigint;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly dataHash: bigint;
  /** The state after the batch, as the model computes it. */
  readonly postState: State;
}

const EMPTY: Account = { ax: 0n, ay: 0n, l1Address: 0n, nonce: 0, balances: [0n, 0n, 0n, 0n] };

let babyJub: Promise<BabyJub> | undefined;

/** R8 and S of a packed signature (circomlibjs packSignature: compressed R8 ‖ S little-endian). */
async function unpackSignature(sig: Uint8Array): Promise<{ r8x: bigint; r8y: bigint; s: bigint }> {
  babyJub ??= buildBabyjub();
  const bj = await babyJub;
  // A copy: circomlibjs' unpackPoint clears the sign bit in the buffer it is given.
  const r8 = bj.unpackPoint(Uint8Array.from(sig.subarray(0, 32)));
  if (r8 === null) throw new GhostError("TX_BAD_SIGNATURE", "R8 does not decode");
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
  return { r8x: bj.F.toObject(r8[0]), r8y: bj.F.toObject(r8[1]), s };
}

/** A value as a canonical field element (the circuit sees every input modulo p). */
function fe(x: bigint): bigint {
  return ((x % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;
}

/**
 * The leaf of an account as the circuit computes it: the protocol's accountLeaf for any valid account, and
 * for out-of-width fields (only ever built by tests that forge invalid transitions) the same packing taken
 * modulo p instead of an error. Empty leaf: 0.
 */
export function circuitLeaf(a: Account | undefined): bigint {
  if (a === undefined) return 0n;
  const [b0, b1, b2, b3] = a.balances;
  return poseidon([
    fe(a.ax),
    fe(a.ay),
    fe(a.l1Address + (BigInt(a.nonce) << 160n)),
    fe(b0 + (b1 << 126n)),
    fe(b2 + (b3 << 126n)),
  ]);
}

/** One op's transition: the model's applyOp by default; tests substitute forged transitions. */
export type ApplyOp = (state: State, op: Op) => { state: State; da: Uint8Array };

function modelApply(state: State, op: Op): { state: State; da: Uint8Array } {
  const r = applyOp(state, op);
  if (!r.ok) throw new GhostError(r.code, `the model rejects the batch: ${r.message}`);
  return { state: r.state, da: r.receipt.da };
}

/** Slot field names, in the circuit's order (circuits/batch/batch.circom). */
const SLOT_SCALARS = [
  "isDeposit",
  "isForcedExit",
  "isTransfer",
  "isWithdraw",
  "token",
  "amount",
  "create",
  "account",
  "l1Address",
  "newAx",
  "newAy",
  "treeFull",
  "amountM",
  "amountE",
  "feeM",
  "feeE",
  "sigR8x",
  "sigR8y",
  "sigS",
  "aIndex",
  "aExists",
  "aAx",
  "aAy",
  "aL1Address",
  "aNonce",
  "bIndex",
  "bExists",
  "bAx",
  "bAy",
  "bL1Address",
  "bNonce",
] as const;
type SlotScalar = (typeof SLOT_SCALARS)[number];

export interface SlotInput {
  scalars: Record<SlotScalar, bigint>;
  aBalances: bigint[];
  aSiblings: bigint[];
  bBalances: bigint[];
  bSiblings: bigint[];
}

/** Which leaves a slot touches (A, then B) and the creating deposit's tree-full flag. */
function slotAccounts(state: State, op: Op): { a: number; b: number; treeFull: boolean } {
  const size = 2 ** state.config.depth;
  switch (op.type) {
    case "transfer":
      return { a: op.from, b: op.to, treeFull: false };
    case "withdraw":
      return { a: op.from, b: 0, treeFull: false };
    case "forcedExit":
      return { a: op.account < size ? op.account : 0, b: 0, treeFull: false };
    case "deposit":
      if (op.to !== null) return { a: op.to < size ? op.to : 0, b: 0, treeFull: false };
      if (state.nextIndex >= size) return { a: 0, b: size - 1, treeFull: true };
      return { a: state.nextIndex, b: Math.max(state.nextIndex - 1, 0), treeFull: false };
    case "noop":
      return { a: 0, b: 0, treeFull: false };
  }
}

/** One of a slot's two leaves: its index, the account there (undefined: empty) and its Merkle path. */
export interface SlotLeaf {
  readonly index: number;
  readonly account: Account | undefined;
  readonly siblings: readonly bigint[];
}

/**
 * A slot's input from its op, its two leaves (A as before the op, B as after A's write) and the tree-full
 * flag. `signature`: an L2 tx's signature already unpacked (the engine path unpacks a batch's in the WASM
 * core); unpacked here with circomlibjs when absent.
 */
export async function slotFromParts(
  op: Op,
  a: SlotLeaf,
  b: SlotLeaf,
  treeFull: boolean,
  signature?: UnpackedSignature,
): Promise<SlotInput> {
  const A = a.account ?? EMPTY;
  const B = b.account ?? EMPTY;
  const s: Record<SlotScalar, bigint> = Object.fromEntries(SLOT_SCALARS.map((k) => [k, 0n])) as Record<
    SlotScalar,
    bigint
  >;
  Object.assign(s, {
    aIndex: BigInt(a.index),
    aExists: a.account === undefined ? 0n : 1n,
    aAx: A.ax,
    aAy: A.ay,
    aL1Address: A.l1Address,
    aNonce: BigInt(A.nonce),
    bIndex: BigInt(b.index),
    bExists: b.account === undefined ? 0n : 1n,
    bAx: B.ax,
    bAy: B.ay,
    bL1Address: B.l1Address,
    bNonce: BigInt(B.nonce),
    treeFull: treeFull ? 1n : 0n,
  });
  if (op.type === "deposit") {
    Object.assign(s, {
      isDeposit: 1n,
      token: BigInt(op.token),
      amount: op.amount,
      create: op.to === null ? 1n : 0n,
      account: BigInt(op.to ?? 0),
      l1Address: op.l1Address,
      newAx: op.ax,
      newAy: op.ay,
    });
  } else if (op.type === "forcedExit") {
    Object.assign(s, {
      isForcedExit: 1n,
      token: BigInt(op.token),
      account: BigInt(op.account),
      l1Address: op.requester,
    });
  } else if (op.type === "transfer" || op.type === "withdraw") {
    const amountF = amountFloat(op.amount);
    const feeF = feeFloat(op.fee);
    const sig = signature ?? (await unpackSignature(op.signature));
    Object.assign(s, {
      isTransfer: op.type === "transfer" ? 1n : 0n,
      isWithdraw: op.type === "withdraw" ? 1n : 0n,
      token: BigInt(op.token),
      amount: op.amount,
      amountM: amountF & ((1n << 31n) - 1n),
      amountE: amountF >> 31n,
      feeM: feeF & ((1n << 11n) - 1n),
      feeE: feeF >> 11n,
      sigR8x: sig.r8x,
      sigR8y: sig.r8y,
      sigS: sig.s,
    });
  }
  return {
    scalars: s,
    aBalances: [...A.balances],
    aSiblings: [...a.siblings],
    bBalances: [...B.balances],
    bSiblings: [...b.siblings],
  };
}

async function slotInput(
  state: State,
  op: Op,
  apply: ApplyOp,
): Promise<{ slot: SlotInput; next: State; da: Uint8Array }> {
  const r = apply(state, op);
  const depth = state.config.depth;
  const { a, b, treeFull } = slotAccounts(state, op);
  const aOld = state.accounts.get(a);
  const aNew = r.state.accounts.get(a);
  const aProof = merkleProof(state.nodes, depth, a);
  const mid = setLeaf(state.nodes, depth, a, circuitLeaf(aNew));
  const bOld = b === a ? aNew : state.accounts.get(b);
  const bProof = merkleProof(mid, depth, b);
  const after = setLeaf(mid, depth, b, circuitLeaf(r.state.accounts.get(b)));
  if (treeRoot(after, depth) !== stateRoot(r.state)) {
    throw new Error(`batch input: slot leaves ${a}, ${b} do not account for the model's root`);
  }
  const slot = await slotFromParts(
    op,
    { index: a, account: aOld, siblings: aProof.siblings },
    { index: b, account: bOld, siblings: bProof.siblings },
    treeFull,
  );
  return { slot, next: r.state, da: r.da };
}

/** The batch-level values of a circuit input (every slot's and the fee account's are added to them). */
export interface BatchHeaderInput {
  readonly publicInputHash: bigint;
  readonly chainId: number;
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly oldRoot: bigint;
  readonly oldPriorityHash: bigint;
}

/** The circuit input from its header, its slots in order and the fee account (leaf and path after the last op). */
export function assembleBatchInput(
  header: BatchHeaderInput,
  slots: readonly SlotInput[],
  fee: { account: Account; siblings: readonly bigint[] },
): CircuitInput {
  const input: CircuitInput = {
    publicInputHash: header.publicInputHash,
    chainId: BigInt(header.chainId),
    batchNumber: BigInt(header.batchNumber),
    feeAccount: BigInt(header.feeAccount),
    oldRoot: header.oldRoot,
    oldPriorityHash: header.oldPriorityHash,
  };
  for (const k of SLOT_SCALARS) input[k] = slots.map((s) => fe(s.scalars[k]));
  input.aBalances = slots.map((s) => s.aBalances.map(fe));
  input.aSiblings = slots.map((s) => s.aSiblings);
  input.bBalances = slots.map((s) => s.bBalances.map(fe));
  input.bSiblings = slots.map((s) => s.bSiblings);
  Object.assign(input, {
    feeAx: fee.account.ax,
    feeAy: fee.account.ay,
    feeL1Address: fee.account.l1Address,
    feeNonce: BigInt(fee.account.nonce),
    feeBalances: [...fee.account.balances],
    feeSiblings: [...fee.siblings],
  });
  return input;
}

/**
 * The circuit input for `source` on `circuit`. Throws the model's GhostError code if the model rejects the
 * batch: the builder produces inputs for valid batches. `options.apply` replaces the model's transition
 * (the mutation tests forge transitions the model rejects, to show the circuit rejects them too).
 */
export async function buildBatchInput(
  circuit: BatchCircuit,
  source: BatchWitnessSource,
  options: { apply?: ApplyOp } = {},
): Promise<BatchWitness> {
  const pre = source.preState;
  const { chainId, depth, batchSize } = pre.config;
  if (depth !== circuit.depth || batchSize !== circuit.nSlots) {
    throw new GhostError(
      "GENESIS_INVALID",
      `chain (depth ${depth}, batchSize ${batchSize}) does not match circuit ${circuit.name} (depth ${circuit.depth}, ${circuit.nSlots} slots)`,
    );
  }
  if (source.batchNumber !== pre.batchNumber + 1) {
    throw new GhostError(
      "BATCH_WRONG_NUMBER",
      `batch ${source.batchNumber}, expected ${pre.batchNumber + 1}`,
    );
  }
  const ops: Op[] = [...source.priorityOps, ...source.txs];
  if (ops.length > batchSize)
    throw new GhostError("BATCH_FULL", `${ops.length} ops, batch size ${batchSize}`);
  while (ops.length < batchSize) ops.push({ type: "noop" });

  let state: State = { ...pre, pendingFees: 0n };
  const slots: SlotInput[] = [];
  const records: Uint8Array[] = [];
  for (const op of ops) {
    const { slot, next, da } = await slotInput(state, op, options.apply ?? modelApply);
    slots.push(slot);
    if (da.length > 0) records.push(da);
    state = next;
  }

  const fee = state.accounts.get(source.feeAccount);
  if (fee === undefined) throw new GhostError("BATCH_UNKNOWN_FEE_ACCOUNT", `no account ${source.feeAccount}`);
  const feeProof = merkleProof(state.nodes, depth, source.feeAccount);
  const closed = closeBatch(state, source.feeAccount);
  if ("ok" in closed) throw new GhostError(closed.code, closed.message);

  const oldRoot = stateRoot(pre);
  const newRoot = stateRoot(closed);
  const dataHash = dataHashOfRecords(records, batchSize);
  const hash = publicInputHash({
    chainId,
    batchNumber: source.batchNumber,
    feeAccount: source.feeAccount,
    oldRoot,
    newRoot,
    oldPriorityHash: pre.priorityHash,
    newPriorityHash: closed.priorityHash,
    dataHash,
  });

  const input = assembleBatchInput(
    {
      publicInputHash: hash,
      chainId,
      batchNumber: source.batchNumber,
      feeAccount: source.feeAccount,
      oldRoot,
      oldPriorityHash: pre.priorityHash,
    },
    slots,
    { account: fee, siblings: feeProof.siblings },
  );
  return {
    input,
    publicInputHash: hash,
    oldRoot,
    newRoot,
    dataHash,
    postState: { ...closed, batchNumber: source.batchNumber },
  };
}
