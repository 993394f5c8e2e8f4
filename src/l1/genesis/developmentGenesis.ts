/**
 * The development genesis (docs/l1.md §6.1), written by ghostd on first start when no genesis is given:
 * the local dev setup's verification key, the validator and sequencer on the public development keys
 * (§2), the sequencer bonded and funded in GCC, the L2 fee account at index 0 owned by the sequencer
 * with the L2 key of seed "sequencer" (P§3.4), and an L2 account for each funded L1 account `account-i`
 * at index i + 1, with the L2 key of seed "account-i". Every value here is public: never for value.
 */
import { l2KeyFromSeed } from "../../protocol/index.js";
import type { VerificationKey } from "../../prover/index.js";
import { BATCH_CIRCUITS, type BatchCircuitName } from "../../prover/index.js";
import { to0x } from "../encoding/index.js";
import { devKey } from "../keys/index.js";
import { formatAddress } from "../tx/index.js";
import { verificationKeyHash } from "./verificationKeyHash.js";

export interface DevelopmentGenesisOptions {
  readonly verificationKey: VerificationKey;
  /** Gives the rollup's depth and batch size. */
  readonly circuit: BatchCircuitName;
  readonly chainId?: number;
  readonly rollupChainId?: number;
  readonly timestamp?: number;
  /** Funded accounts `account-0` … `account-(n-1)` (default 4). */
  readonly accounts?: number;
}

const TOKEN = 10n ** 18n;
const FUNDS = [1_000_000n * TOKEN, 1_000_000n * TOKEN, 1_000_000n * TOKEN, 1_000_000n * TOKEN].map(String);
const L2_FUNDS = [1_000n * TOKEN, 1_000n * TOKEN, 1_000n * TOKEN, 1_000n * TOKEN].map(String);

/** The genesis JSON (as ghostd writes it); parse it with genesisFromJson. */
export function developmentGenesis(o: DevelopmentGenesisOptions): Record<string, unknown> {
  const circuit = BATCH_CIRCUITS[o.circuit];
  const validator = devKey("validator");
  const sequencer = devKey("sequencer");
  const fee = l2KeyFromSeed("sequencer").publicKey;
  const accounts = Array.from({ length: o.accounts ?? 4 }, (_, i) => devKey(`account-${i}`));
  return {
    chainId: o.chainId ?? 1337,
    timestamp: o.timestamp ?? 1767225600000,
    minFee: "1000",
    validator: { address: formatAddress(validator.address), publicKey: to0x(validator.publicKey) },
    alloc: [
      { address: formatAddress(sequencer.address), publicKey: to0x(sequencer.publicKey), balances: FUNDS },
      ...accounts.map((k) => ({
        address: formatAddress(k.address),
        publicKey: to0x(k.publicKey),
        balances: FUNDS,
      })),
    ],
    rollup: {
      chainId: o.rollupChainId ?? 7,
      depth: circuit.depth,
      batchSize: circuit.nSlots,
      circuit: circuit.name,
      verificationKey: o.verificationKey,
      verificationKeyHash: verificationKeyHash(o.verificationKey),
      priorityDeadlineSeconds: 3600,
      sequencer: formatAddress(sequencer.address),
      minBond: (1000n * TOKEN).toString(),
      bond: (1000n * TOKEN).toString(),
      unbondDelaySeconds: 600,
      // Index 0: the sequencer's fee account; then one L2 account per funded L1 account, owned by it and
      // keyed by the L2 key of the same seed name, its balances held in escrow (no proof needed to fund them).
      accounts: [
        {
          ax: fee.ax.toString(),
          ay: fee.ay.toString(),
          l1Address: formatAddress(sequencer.address),
          nonce: 0,
          balances: ["0", "0", "0", "0"],
        },
        ...accounts.map((k, i) => {
          const l2 = l2KeyFromSeed(`account-${i}`).publicKey;
          return {
            ax: l2.ax.toString(),
            ay: l2.ay.toString(),
            l1Address: formatAddress(k.address),
            nonce: 0,
            balances: L2_FUNDS,
          };
        }),
      ],
    },
  };
}
