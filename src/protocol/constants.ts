/**
 * Protocol constants: field, bit widths, token ids, type ids and domain tags (docs/protocol.md §1–§2).
 *
 * Every width here is used identically by the reference model, the WASM engine and the circuit; a value
 * outside its width is rejected, never wrapped.
 */

/** BN254 scalar field modulus: every hash input and output is an element of this field. */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Balances and amounts: 126 bits, the widest for which two balances pack into one field element (252 < 253). */
export const BALANCE_BITS = 126;
/** Nonces: 32 bits; a tx may not carry nonce 2^32 - 1, so the incremented nonce always fits. */
export const NONCE_BITS = 32;
/** Account indexes in signed messages, JSON and the priority queue: 32 bits (tree depth is at most 32). */
export const INDEX_BITS = 32;
export const CHAIN_ID_BITS = 32;
export const BATCH_NUMBER_BITS = 32;
/** L1 addresses: 160 bits (see keys/l1Address.ts). */
export const L1_ADDRESS_BITS = 160;
export const TOKEN_BITS = 2;
export const TYPE_BITS = 2;

/** Compact amounts (DA and signed message): 31-bit mantissa, 5-bit decimal exponent. */
export const AMOUNT_FLOAT = { mantissaBits: 31, exponentBits: 5 } as const;
/** Compact fees: 11-bit mantissa, 5-bit decimal exponent. */
export const FEE_FLOAT = { mantissaBits: 11, exponentBits: 5 } as const;

/** Tree depth in index bits: even (a 4-ary tree has depth/2 levels), from 2 to 32. */
export const MIN_TREE_DEPTH = 2;
export const MAX_TREE_DEPTH = 32;

/**
 * Largest batch size (ops per batch, padding included): 2^13. A batch is proven by one Groth16 circuit
 * of about 19,800 constraints per slot at depth 20 (docs/circuit.md), and the largest public powers of
 * tau hold 2^28 constraints: 8,192 slots need 162M, 16,384 would need 325M. The bound also keeps every
 * count derived from it (data-hash slots, witness bytes) far from 32-bit wrap-around.
 */
export const MAX_BATCH_SIZE = 2 ** 13;

/** Token ids: the four native tokens. Fees are always paid in GCC. */
export const TOKENS = { GCC: 0, SPIRIT: 1, MANA: 2, GHOST: 3 } as const;
export type TokenId = 0 | 1 | 2 | 3;
export const TOKEN_COUNT = 4;
export const FEE_TOKEN: TokenId = TOKENS.GCC;

/** Operation type ids, as packed into the priority queue, signed messages and DA tags. Noop has none. */
export const OP_TYPE = { deposit: 0, forcedExit: 1, transfer: 2, withdraw: 3 } as const;

/** Big-endian integer of an ASCII string: how every domain tag is turned into a field element. */
export function asciiTag(s: string): bigint {
  let x = 0n;
  for (const ch of s) x = (x << 8n) | BigInt(ch.charCodeAt(0));
  return x;
}

/** First input of every L2 tx's signed-message hash, so a tx signature means nothing in any other context. */
export const TX_DOMAIN = asciiTag("GhostChain/tx/v1");
/** Prefix of the SHA3-256 input that derives an L1 address from an ML-DSA-65 public key. */
export const L1_ADDRESS_DOMAIN = "GhostChain/L1Address/v1";
/** Prefix of the seed hash that derives a deterministic L2 private key. */
export const L2_KEY_DOMAIN = "GhostChain/L2Key/v1";
