/**
 * The batch's one public input (docs/protocol.md §8): everything the L1 needs, in one Poseidon(6).
 *
 *   header = chainId(32) | batchNumber(32) | feeAccount(32)
 *   publicInputHash = Poseidon(header, oldRoot, newRoot, oldPriorityHash, newPriorityHash, dataHash)
 *
 * ghostd knows the chain id, the batch number, the last verified root and the queue's running hashes; it
 * takes feeAccount, newRoot and the data from the posted batch and recomputes dataHash from the bytes.
 */

import { packBits } from "../bits/index.js";
import { BATCH_NUMBER_BITS, CHAIN_ID_BITS, INDEX_BITS } from "../constants.js";
import { poseidon } from "../crypto/index.js";

export interface PublicInputs {
  readonly chainId: number;
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly oldPriorityHash: bigint;
  readonly newPriorityHash: bigint;
  readonly dataHash: bigint;
}

export function batchHeader(p: Pick<PublicInputs, "chainId" | "batchNumber" | "feeAccount">): bigint {
  return packBits([
    [BigInt(p.chainId), CHAIN_ID_BITS],
    [BigInt(p.batchNumber), BATCH_NUMBER_BITS],
    [BigInt(p.feeAccount), INDEX_BITS],
  ]);
}

export function publicInputHash(p: PublicInputs): bigint {
  return poseidon([batchHeader(p), p.oldRoot, p.newRoot, p.oldPriorityHash, p.newPriorityHash, p.dataHash]);
}
