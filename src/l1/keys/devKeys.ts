/**
 * Publicly known development keys (docs/l1.md §2): seed = SHA3-256("GhostChain/devkey/v1" ‖ name), key pair
 * = ML-DSA-65 KeyGen_internal(seed) as noble's `ml_dsa65.keygen(seed)`. Names: `validator`, `sequencer`,
 * `account-0`, `account-1`, …. Anyone can derive them: never for value.
 */
import { l1AddressOf } from "../../protocol/index.js";
import { mlDsaKeygen } from "../crypto/index.js";
import { ascii, sha3 } from "../encoding/index.js";

export const DEV_KEY_TAG = "GhostChain/devkey/v1";

/** An L1 key pair with its seed and address. */
export interface L1KeyPair {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly address: bigint;
}

export function devKeySeed(name: string): Uint8Array {
  return sha3(ascii(DEV_KEY_TAG), new Uint8Array(Buffer.from(name, "utf8")));
}

export function keyPairFromSeed(seed: Uint8Array): L1KeyPair {
  const { publicKey, secretKey } = mlDsaKeygen(seed);
  return { seed: Uint8Array.from(seed), publicKey, secretKey, address: l1AddressOf(publicKey) };
}

const cache = new Map<string, L1KeyPair>();

/** The development key of `name` (cached: key generation costs a few milliseconds). */
export function devKey(name: string): L1KeyPair {
  let k = cache.get(name);
  if (k === undefined) {
    k = keyPairFromSeed(devKeySeed(name));
    cache.set(name, k);
  }
  return k;
}
