/**
 * The genesis state and block (docs/l1.md §6): L1 allocations and their keys, the rollup record (the L2
 * genesis root from the model, L2 balances in escrow, the sequencer's bond), the owners of the L2 genesis
 * accounts, and block 0 (no parent, no transactions, no signature). Every condition of §6 is checked here:
 * the L2 genesis (P§5.1), keys that hash to their addresses, the verification key's hash, and each
 * token's supply below 2^128.
 */
import {
  createGenesis,
  GhostError,
  isGhostError,
  l1AddressOf,
  stateRoot as l2StateRoot,
  TOKEN_COUNT,
} from "../../protocol/index.js";
import { type BlockHeader, blockHash, type ChainParams, receiptRoot, txRoot } from "../chain/index.js";
import { ChainState } from "../state/index.js";
import { formatAddress } from "../tx/index.js";
import type { Genesis } from "./genesisJson.js";
import { verificationKeyHash } from "./verificationKeyHash.js";

export interface GenesisResult {
  readonly params: ChainParams;
  readonly state: ChainState;
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  /** The L2 genesis root: the rollup's lastRoot at batch 0. */
  readonly l2Root: bigint;
}

function invalid(message: string, cause?: unknown): GhostError {
  return new GhostError("GENESIS_INVALID", `genesis: ${message}`, cause === undefined ? {} : { cause });
}

export function chainParams(g: Genesis): ChainParams {
  const r = g.rollup;
  return {
    chainId: g.chainId,
    minFee: g.minFee,
    validator: g.validator.address,
    rollup: {
      chainId: r.chainId,
      depth: r.depth,
      batchSize: r.batchSize,
      priorityDeadlineSeconds: r.priorityDeadlineSeconds,
      sequencer: r.sequencer,
      minBond: r.minBond,
      unbondDelaySeconds: r.unbondDelaySeconds,
    },
  };
}

export function buildGenesis(g: Genesis): GenesisResult {
  let l2Root: bigint;
  try {
    l2Root = l2StateRoot(
      createGenesis(
        { chainId: g.rollup.chainId, depth: g.rollup.depth, batchSize: g.rollup.batchSize },
        g.rollup.accounts,
      ),
    );
  } catch (e) {
    throw isGhostError(e) ? invalid(`rollup: ${e.message}`, e) : e;
  }
  let vkHash: string;
  try {
    vkHash = verificationKeyHash(g.rollup.verificationKey);
  } catch (e) {
    // Hashing recurses into the key: one nested beyond the stack (or cyclic) has no hash.
    throw invalid('"rollup.verificationKey" cannot be hashed', e);
  }
  if (vkHash !== g.rollup.verificationKeyHash) {
    throw invalid('"rollup.verificationKeyHash" is not the hash of the verification key');
  }
  if (l1AddressOf(g.validator.publicKey) !== g.validator.address)
    throw invalid('"validator.publicKey" is not the address\'s');

  const supply = [0n, 0n, 0n, 0n];
  const escrow: [bigint, bigint, bigint, bigint] = [0n, 0n, 0n, 0n];
  for (const a of g.rollup.accounts) for (let t = 0; t < TOKEN_COUNT; t++) escrow[t]! += a.balances[t]!;
  const state = new ChainState();
  const seen = new Set<bigint>();
  g.alloc.forEach((a, i) => {
    if (seen.has(a.address)) throw invalid(`"alloc.${i}" ${formatAddress(a.address)} is allocated twice`);
    seen.add(a.address);
    if (a.publicKey !== undefined) {
      if (l1AddressOf(a.publicKey) !== a.address)
        throw invalid(`"alloc.${i}.publicKey" is not the address's`);
      state.putPublicKey(a.address, a.publicKey);
    }
    state.putAccount(a.address, { nonce: 0n, balances: a.balances });
    for (let t = 0; t < TOKEN_COUNT; t++) supply[t]! += a.balances[t]!;
  });
  for (let t = 0; t < TOKEN_COUNT; t++) supply[t]! += escrow[t]!;
  supply[1]! += g.rollup.bond;
  supply.forEach((s, t) => {
    if (s >> 128n !== 0n) throw invalid(`the supply of token ${t} reaches 2^128`);
  });
  g.rollup.accounts.forEach((a, i) => {
    state.putOwner(i, a.l1Address);
  });
  state.putRollup({
    lastBatch: 0,
    lastRoot: l2Root,
    queueLength: 0,
    consumed: 0,
    exodus: false,
    escrow,
    burned: 0n,
    bond: g.rollup.bond,
  });
  const header: BlockHeader = {
    chainId: g.chainId,
    height: 0,
    parentHash: new Uint8Array(32),
    timestamp: g.timestamp,
    txRoot: txRoot([]),
    receiptRoot: receiptRoot([]),
    stateRoot: state.root(),
    proposer: g.validator.address,
  };
  return { params: chainParams(g), state, header, hash: blockHash(header), l2Root };
}
