/**
 * `--mix transfer=90,withdraw=5,batch=5`: the shares of the load test's txs, by weight (they need not add
 * up to 100). `transfer`: single transfers; `withdraw`: single withdrawals to L1; `batch`: transfers sent
 * several at a time, atomically, with `l2_sendTransactions` (a user batch).
 */
import { InvalidArgumentError } from "commander";

export const MIX_KINDS = ["transfer", "withdraw", "batch"] as const;
export type MixKind = (typeof MIX_KINDS)[number];

/** Each kind's share of the txs, 0…1, adding up to 1; `spec` is the option as given. */
export interface TxMix {
  readonly shares: Readonly<Record<MixKind, number>>;
  readonly spec: string;
}

export function parseMix(spec: string): TxMix {
  const weights: Record<MixKind, number> = { transfer: 0, withdraw: 0, batch: 0 };
  for (const part of spec.split(",")) {
    const [kind, value, ...rest] = part.split("=").map((s) => s.trim());
    if (!MIX_KINDS.includes(kind as MixKind) || value === undefined || rest.length > 0) {
      throw new InvalidArgumentError(
        `--mix expects kind=weight pairs of ${MIX_KINDS.join(", ")}, got "${part}"`,
      );
    }
    const weight = Number(value);
    if (value === "" || !Number.isFinite(weight) || weight < 0) {
      throw new InvalidArgumentError(`--mix: "${kind}" expects a non-negative weight, got "${value}"`);
    }
    weights[kind as MixKind] = weight;
  }
  const total = weights.transfer + weights.withdraw + weights.batch;
  if (total <= 0) throw new InvalidArgumentError("--mix: the weights add up to 0");
  return {
    shares: {
      transfer: weights.transfer / total,
      withdraw: weights.withdraw / total,
      batch: weights.batch / total,
    },
    spec,
  };
}
