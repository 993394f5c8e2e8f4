/**
 * L1 addresses (docs/protocol.md §3.3): the 160-bit integer that names an L1 (ML-DSA-65) account inside L2.
 *
 *   l1Address = big-endian integer of the first 20 bytes of SHA3-256("GhostChain/L1Address/v1" ‖ pk)
 *
 * pk is the 1952-byte ML-DSA-65 public key exactly as @noble/post-quantum's `ml_dsa65.keygen` returns it
 * (FIPS 204 encoding). 160 bits leave room for the nonce in the same leaf input and keep ghostd's address
 * space collision-resistant at the 80-bit level.
 */
import { createHash } from "node:crypto";
import { L1_ADDRESS_DOMAIN } from "../constants.js";
import { GhostError } from "../errors.js";

export const ML_DSA65_PUBLIC_KEY_BYTES = 1952;

export function l1AddressOf(mlDsa65PublicKey: Uint8Array): bigint {
  if (mlDsa65PublicKey.length !== ML_DSA65_PUBLIC_KEY_BYTES) {
    throw new GhostError(
      "TX_MALFORMED",
      `"publicKey" expected ${ML_DSA65_PUBLIC_KEY_BYTES} bytes, got ${mlDsa65PublicKey.length}`,
    );
  }
  const digest = createHash("sha3-256").update(L1_ADDRESS_DOMAIN).update(mlDsa65PublicKey).digest();
  return BigInt(`0x${digest.subarray(0, 20).toString("hex")}`);
}

/** 0x + 40 lowercase hex digits: how APIs print an L1 address. */
export function formatL1Address(address: bigint): string {
  return `0x${address.toString(16).padStart(40, "0")}`;
}
