/**
 * Settlement on ghostd (docs/sequencer.md §Settlement): each proven batch, in order, becomes one
 * commitBatch transaction signed with the sequencer's ML-DSA-65 key. The signed JSON is stored before
 * it is first sent and resent byte for byte until a receipt says what happened, so a restart or a lost
 * answer never makes a second, different commit. "Batch k already settled with this root" counts as
 * settled; PROOF_INVALID, exodus or any other refusal of a well-formed commit stops settlement for good,
 * and chain info says why. ghostd being unreachable only delays it.
 */
import type { GhostdClient } from "../../client/index.js";
import type { MlDsa } from "../../l1/crypto/index.js";
import type { L1KeyPair } from "../../l1/keys/index.js";
import { formatAddress, type L1Tx, type SignedTx, signedBytes, txHash, txToJson } from "../../l1/tx/index.js";
import { type GhostError, isGhostError } from "../../protocol/index.js";
import type { Groth16Proof } from "../../prover/index.js";
import type { StoredCommit } from "./sequencerStore.js";

export interface CommitRequest {
  readonly batchNumber: number;
  readonly feeAccount: number;
  readonly newRoot: bigint;
  readonly proof: Groth16Proof;
  readonly data: Uint8Array;
}

export type SettleOutcome =
  | { readonly settled: true; readonly l1Block: number; readonly commitTxHash?: string }
  | { readonly settled: false; readonly stop: string };

export interface SettlementOptions {
  readonly l1: GhostdClient;
  readonly key: L1KeyPair;
  readonly mlDsa: MlDsa;
  readonly l1ChainId: number;
  /** The commit's L1 fee in GCC (genesis' minFee). */
  readonly fee: bigint;
  readonly loadCommit: (n: number) => Promise<StoredCommit | undefined>;
  readonly saveCommit: (n: number, c: StoredCommit) => Promise<void>;
  /** Receipt polling period (ms); also the pause after ghostd could not be reached. */
  readonly pollMs?: number;
  /** Resend the stored commit when no receipt came for this long (ms). */
  readonly resendMs?: number;
  readonly onReachable: (reachable: boolean) => void;
  readonly stopped: () => boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Codes ghostd answers when the same commit is already in its mempool or chain: wait for the receipt. */
const ALREADY_SENT = new Set(["L1_TX_KNOWN", "L1_NONCE_REPLAY"]);

/** A failure to reach ghostd (as opposed to an answer from it). */
function unreachable(e: unknown): boolean {
  return (
    !isGhostError(e) ||
    e.code === "RPC_CONNECTION_CLOSED" ||
    e.code === "RPC_TIMEOUT" ||
    e.code === "RPC_BAD_RESPONSE" ||
    e.code === "RPC_INTERNAL"
  );
}

export class Settlement {
  private readonly o: SettlementOptions;
  private readonly address: string;

  constructor(o: SettlementOptions) {
    this.o = o;
    this.address = formatAddress(o.key.address);
  }

  /** Settles batch `c.batchNumber`: resolves with its L1 block, or with why settlement must stop. */
  async settle(c: CommitRequest): Promise<SettleOutcome> {
    for (;;) {
      if (this.o.stopped()) return { settled: false, stop: "the sequencer is stopping" };
      try {
        const outcome = await this.attempt(c);
        this.o.onReachable(true);
        if (outcome !== undefined) return outcome;
      } catch (e) {
        if (!unreachable(e)) throw e;
        this.o.onReachable(false);
        await sleep(this.o.pollMs ?? 200);
      }
    }
  }

  /** One send-and-wait; undefined to try again (the commit was re-signed, or no receipt came in time). */
  private async attempt(c: CommitRequest): Promise<SettleOutcome | undefined> {
    const { l1 } = this.o;
    const rollup = await l1.l1_rollupState();
    if (rollup.exodus) return { settled: false, stop: "ROLLUP_EXODUS: the rollup is in exodus" };
    if (rollup.lastBatch >= c.batchNumber) return this.alreadySettled(c);
    const commit = (await this.o.loadCommit(c.batchNumber)) ?? (await this.sign(c));
    try {
      await l1.l1_sendTransaction({ tx: commit.tx as { type: string } });
    } catch (e) {
      if (!(isGhostError(e) && ALREADY_SENT.has(e.code))) {
        if (unreachable(e)) throw e;
        return {
          settled: false,
          stop: `${(e as GhostError).code}: ghostd refused the commit of batch ${c.batchNumber}`,
        };
      }
    }
    const deadline = Date.now() + (this.o.resendMs ?? 10_000);
    while (Date.now() < deadline) {
      const receipt = await l1.l1_getReceipt({ txHash: commit.txHash });
      if (receipt !== null) {
        if (receipt.status === "ok")
          return { settled: true, l1Block: receipt.block, commitTxHash: commit.txHash };
        if (receipt.code === "BATCH_WRONG_NUMBER") return this.alreadySettled(c);
        return {
          settled: false,
          stop: `${receipt.code ?? "failed"}: ghostd's receipt for batch ${c.batchNumber} (L1 block ${receipt.block})`,
        };
      }
      const account = await l1.l1_getAccount({ address: this.address });
      if (BigInt(account.nonce) > BigInt(commit.nonce)) {
        // The nonce went to another transaction of this key: this commit can never land. Sign anew.
        const again = await l1.l1_getReceipt({ txHash: commit.txHash });
        if (again === null) {
          await this.sign(c);
          return undefined;
        }
        continue;
      }
      await sleep(this.o.pollMs ?? 200);
    }
    return undefined;
  }

  /** ghostd already has batch k: settled if its root is ours; a different root stops settlement. */
  private async alreadySettled(c: CommitRequest): Promise<SettleOutcome> {
    const b = await this.o.l1.l1_getBatch({ batchNumber: c.batchNumber });
    if (b !== null && BigInt(b.newRoot) === c.newRoot) {
      const commit = await this.o.loadCommit(c.batchNumber);
      return {
        settled: true,
        l1Block: b.block,
        ...(commit === undefined ? {} : { commitTxHash: commit.txHash }),
      };
    }
    return {
      settled: false,
      stop: `DA_MISMATCH: ghostd settled batch ${c.batchNumber} with another root than this sequencer's`,
    };
  }

  /** Signs the commit with the key's next nonce and stores it before it is ever sent. */
  private async sign(c: CommitRequest): Promise<StoredCommit> {
    const account = await this.o.l1.l1_getAccount({ address: this.address });
    const tx: L1Tx = {
      type: "commitBatch",
      chainId: this.o.l1ChainId,
      from: this.o.key.address,
      nonce: BigInt(account.nonce),
      fee: this.o.fee,
      batchNumber: c.batchNumber,
      feeAccount: c.feeAccount,
      newRoot: c.newRoot,
      proof: c.proof,
      data: c.data,
    };
    const signed: SignedTx = {
      tx,
      publicKey: account.keyRegistered ? null : this.o.key.publicKey,
      signature: this.o.mlDsa.sign(this.o.key.secretKey, signedBytes(tx)),
    };
    const commit: StoredCommit = {
      tx: txToJson(signed),
      txHash: `0x${Buffer.from(txHash(tx)).toString("hex")}`,
      nonce: tx.nonce.toString(),
    };
    await this.o.saveCommit(c.batchNumber, commit);
    return commit;
  }
}
