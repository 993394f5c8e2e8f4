/**
 * What the `ghost` command reads and prints: token names, amounts in whole tokens with 18 decimals
 * ("1.5" GCC = 1.5·10^18 base units), addresses and indices. Pure; a bad value is CLI_USAGE with the flag.
 */
import { GhostError } from "../../protocol/errors.js";

export const TOKEN_NAMES = ["GCC", "SPIRIT", "MANA", "GHOST"] as const;
export type TokenName = (typeof TOKEN_NAMES)[number];

/** Every token has 18 decimals: the development genesis funds 10^6 whole tokens as 10^24 base units. */
export const DECIMALS = 18;
const UNIT = 10n ** BigInt(DECIMALS);

export function usage(message: string): GhostError {
  return new GhostError("CLI_USAGE", message);
}

/** A token by name (any case) or id 0-3. */
export function parseToken(value: string): 0 | 1 | 2 | 3 {
  const byName = TOKEN_NAMES.indexOf(value.toUpperCase() as TokenName);
  if (byName >= 0) return byName as 0 | 1 | 2 | 3;
  if (/^[0-3]$/.test(value)) return Number(value) as 0 | 1 | 2 | 3;
  throw usage(`--token: "${value}" is not one of ${TOKEN_NAMES.join(", ")} (or 0-3)`);
}

/** Whole tokens with up to 18 decimals ("5", "0.25"), or base units with a "wei" suffix ("1000wei"). */
export function parseAmount(value: string, flag = "--amount"): bigint {
  const units = /^(0|[1-9][0-9]*)wei$/.exec(value);
  if (units) return BigInt(units[1]!);
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(value);
  if (!m)
    throw usage(
      `${flag}: "${value}" is not an amount (whole tokens like 5 or 0.25, or base units like 1000wei)`,
    );
  const fraction = m[2] ?? "";
  if (fraction.length > DECIMALS) throw usage(`${flag}: "${value}" has more than ${DECIMALS} decimals`);
  return BigInt(m[1]!) * UNIT + BigInt(fraction.padEnd(DECIMALS, "0"));
}

/** Base units as whole tokens, without trailing zeros: 1500000000000000000n → "1.5". */
export function formatAmount(units: bigint | string): string {
  const v = BigInt(units);
  const sign = v < 0n ? "-" : "";
  const abs = v < 0n ? -v : v;
  const whole = (abs / UNIT).toLocaleString("en-US");
  const fraction = (abs % UNIT).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return `${sign}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** Four balances, one per token, aligned. */
export function formatBalances(balances: readonly (bigint | string)[]): string[] {
  return TOKEN_NAMES.map((name, t) => `${name.padEnd(7)} ${formatAmount(balances[t] ?? 0n)}`);
}

export function parseIndex(value: string, flag: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || Number(value) > 2 ** 32 - 1)
    throw usage(`${flag}: "${value}" is not an account index (0 … 2^32 − 1)`);
  return Number(value);
}

export function parseAddress(value: string, flag: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value))
    throw usage(`${flag}: "${value}" is not an address (0x + 40 hex digits)`);
  return value.toLowerCase();
}

/** A duration in seconds ("90", "1.5"). */
export function parseSeconds(value: string, flag: string): number {
  const n = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !Number.isFinite(n))
    throw usage(`${flag}: "${value}" is not a number of seconds`);
  return n;
}
