/**
 * Fixtures for the L1 core tests: a genesis on the development keys at the test circuit's size (depth 4,
 * batch size 2) with funded L2 accounts, a chain driver that applies blocks one after another, and
 * shortcuts for transactions. Signatures are not the core's concern: transactions carry a dummy one.
 */

import { expect } from "vitest";
import {
  applyBlock,
  type BlockHeader,
  type BlockResult,
  buildGenesis,
  type ChainParams,
  type ChainState,
  developmentGenesis,
  devKey,
  formatAddress,
  type Genesis,
  genesisFromJson,
  type L1KeyPair,
  type L1Tx,
  SIGNATURE_BYTES,
  type SignedTx,
  toHex,
  type VerifyProof,
} from "../../src/l1/index.js";
import { type Account, initProtocol, l2KeyFromSeed, type TokenId } from "../../src/protocol/index.js";

await initProtocol();

export const TOKEN_NAMES = ["GCC", "SPIRIT", "MANA", "GHOST"] as const;
export const SEQ = devKey("sequencer");
export const ALICE = devKey("account-0");
export const BOB = devKey("account-1");
export const CAROL = devKey("account-2");
export const FEE = 1000n;
export const START = 1767225600000;

/** L2 key of genesis account i (i ≥ 1; account 0 is the sequencer's fee account). */
export function l2Key(i: number) {
  return l2KeyFromSeed(`l1-test-l2-${i}`);
}

/** L2 genesis accounts: the fee account, then accounts 1, 2 owned by Alice and Bob, funded. */
export function l2Accounts(): Account[] {
  const fee = l2KeyFromSeed("sequencer").publicKey;
  const owned = (i: number, owner: L1KeyPair): Account => ({
    ...l2Key(i).publicKey,
    l1Address: owner.address,
    nonce: 0,
    balances: [5000n, 600n, 70n, 8n],
  });
  return [
    { ...fee, l1Address: SEQ.address, nonce: 0, balances: [0n, 0n, 0n, 0n] },
    owned(1, ALICE),
    owned(2, BOB),
  ];
}

export interface GenesisOptions {
  verificationKey?: Record<string, unknown>;
  priorityDeadlineSeconds?: number;
}

export function genesisJson(o: GenesisOptions = {}): Record<string, unknown> {
  const json = developmentGenesis({
    verificationKey: o.verificationKey ?? { protocol: "groth16", curve: "bn128", nPublic: 1 },
    circuit: "test",
    accounts: 3,
  });
  const rollup = json.rollup as Record<string, unknown>;
  rollup.accounts = l2Accounts().map((a) => ({
    ax: a.ax.toString(),
    ay: a.ay.toString(),
    l1Address: formatAddress(a.l1Address),
    nonce: a.nonce,
    balances: a.balances.map(String),
  }));
  if (o.priorityDeadlineSeconds !== undefined) rollup.priorityDeadlineSeconds = o.priorityDeadlineSeconds;
  return json;
}

export function testGenesis(o: GenesisOptions = {}): Genesis {
  return genesisFromJson(genesisJson(o));
}

/** A transaction with the key attached (when the sender's key is not yet known) and a dummy signature. */
export function signed(tx: L1Tx, key: L1KeyPair | null = null): SignedTx {
  return { tx, publicKey: key === null ? null : key.publicKey, signature: new Uint8Array(SIGNATURE_BYTES) };
}

export const fakeVerifier =
  (ok = true): VerifyProof =>
  async () =>
    ok;

/** A chain from genesis, applying blocks one after another at increasing timestamps. */
export class Chain {
  readonly state: ChainState;
  readonly params: ChainParams;
  head: BlockHeader;
  readonly blocks: { header: BlockHeader; txs: readonly SignedTx[] }[] = [];
  verifyProof: VerifyProof;
  readonly genesis: Genesis;

  constructor(genesis: Genesis = testGenesis(), verifyProof: VerifyProof = fakeVerifier()) {
    const g = buildGenesis(genesis);
    this.genesis = genesis;
    this.state = g.state;
    this.params = g.params;
    this.head = g.header;
    this.verifyProof = verifyProof;
  }

  /** Next nonce of an address. */
  nonce(address: bigint): bigint {
    return this.state.account(address).nonce;
  }

  /** Produces a block at `head + dt` ms with these txs. */
  async block(txs: readonly SignedTx[], dt = 1000): Promise<BlockResult> {
    const r = await applyBlock(
      this.state,
      { parent: this.head, timestamp: this.head.timestamp + dt, txs },
      { params: this.params, deps: { verifyProof: this.verifyProof } },
    );
    this.head = r.header;
    this.blocks.push({ header: r.header, txs: r.txs });
    return r;
  }

  /** One tx in its own block; returns its receipt. */
  async tx(tx: L1Tx, key: L1KeyPair | null = null, dt = 1000) {
    const r = await this.block([signed(tx, key)], dt);
    if (r.receipts.length !== 1) throw new Error(`tx dropped: ${r.dropped.map((d) => d.code).join(",")}`);
    return r.receipts[0]!;
  }

  /** The common fields of the next tx of `from`. */
  common(from: L1KeyPair, fee = FEE) {
    return { chainId: this.params.chainId, from: from.address, nonce: this.nonce(from.address), fee };
  }

  balance(who: bigint, token: TokenId): bigint {
    return this.state.account(who).balances[token];
  }
}

/** The state's entries except the sender's account and the rollup record (nonce, fee, burned). */
export function snapshotBeyondFee(c: Chain, sender: bigint): Map<string, string> {
  const skip = new Set([
    toHex(Uint8Array.of(0x61, ...Buffer.from(sender.toString(16).padStart(40, "0"), "hex"))),
    "72",
  ]);
  return new Map(
    c.state
      .entries()
      .filter(([k]) => !skip.has(toHex(k)))
      .map(([k, v]) => [toHex(k), toHex(v)]),
  );
}

/** Runs a tx expected to fail with `code`: only the sender's nonce and GCC fee (and burned) change. */
export async function expectFailure(c: Chain, tx: Parameters<Chain["tx"]>[0], code: string) {
  const before = snapshotBeyondFee(c, tx.from);
  const acct = c.state.account(tx.from);
  const rollup = c.state.rollup();
  const receipt = await c.tx(tx);
  expect(receipt.status).toBe("failed");
  expect(receipt.code).toBe(code);
  expect(receipt.events).toEqual([]);
  expect(snapshotBeyondFee(c, tx.from)).toEqual(before);
  const after = c.state.account(tx.from);
  expect(after.nonce).toBe(acct.nonce + 1n);
  expect(after.balances).toEqual([acct.balances[0] - tx.fee, ...acct.balances.slice(1)]);
  expect(c.state.rollup()).toEqual({ ...rollup, burned: rollup.burned + tx.fee });
}

/** The GhostChain code `f` throws with, or undefined when it does not throw. */
export function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
