/**
 * L2 keys: 32-byte EdDSA private keys as circomlibjs takes them, and their Baby Jubjub public keys.
 * Deterministic keys (tests, vectors, devnet prefunded accounts) are SHA-256("GhostChain/L2Key/v1" ‖ seed).
 */
import { createHash, randomBytes } from "node:crypto";
import { L2_KEY_DOMAIN } from "../constants.js";
import { type PublicKey, publicKeyOf } from "../crypto/index.js";

export interface L2Key {
  readonly privateKey: Uint8Array;
  readonly publicKey: PublicKey;
}

export function l2KeyFromPrivate(privateKey: Uint8Array): L2Key {
  return { privateKey: Uint8Array.from(privateKey), publicKey: publicKeyOf(privateKey) };
}

/** The private key of a seed: pure hashing, usable before `initProtocol()`. */
export function l2PrivateKeyFromSeed(seed: string | Uint8Array): Uint8Array {
  return createHash("sha256").update(L2_KEY_DOMAIN).update(seed).digest();
}

/** The same seed always gives the same key. */
export function l2KeyFromSeed(seed: string | Uint8Array): L2Key {
  return l2KeyFromPrivate(l2PrivateKeyFromSeed(seed));
}

/** A fresh random key. */
export function generateL2Key(): L2Key {
  return l2KeyFromPrivate(randomBytes(32));
}
