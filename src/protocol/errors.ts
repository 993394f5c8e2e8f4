/**
 * The one list of GhostChain error codes, and the error class that carries them.
 *
 * Codes are API: the reference model, the WASM engine (through the bridge), the RPC layers and
 * docs/protocol.md all use exactly these strings. Add a code here, never inline elsewhere; never
 * rename or reuse one. Numeric ids are what the WASM core returns across the boundary (0 is success),
 * so they too are stable.
 */

export const ERROR_CODES = {
  // Field and hash (foundation)
  FIELD_OUT_OF_RANGE: { id: 1, message: "value is not a canonical BN254 scalar field element (0 <= x < p)" },
  POSEIDON_ARITY: { id: 2, message: "Poseidon takes 1 to 16 inputs" },
  // WASM boundary
  WASM_ABORT: { id: 3, message: "the WebAssembly core aborted" },
  WASM_BAD_ARGUMENT: { id: 4, message: "a WebAssembly export received an argument it cannot use" },
  WASM_NOT_BUILT: { id: 5, message: "the WebAssembly core is not built: run npm run build" },
  // L2 operations (docs/protocol.md §Errors): an op rejected with one of these changes nothing
  TX_MALFORMED: { id: 10, message: "the operation is not well formed" },
  TX_BAD_SIGNATURE: { id: 11, message: "the signature does not verify against the sender's public key" },
  TX_NONCE_MISMATCH: { id: 12, message: "the nonce is not the sender's current nonce" },
  TX_NONCE_EXHAUSTED: { id: 13, message: "the sender's nonce has reached its maximum" },
  TX_INSUFFICIENT_BALANCE: { id: 14, message: "the balance does not cover the amount and the fee" },
  TX_UNKNOWN_ACCOUNT: { id: 15, message: "no account exists at this index" },
  TX_UNKNOWN_TOKEN: { id: 16, message: "the token id is not one of GCC, SPIRIT, MANA, GHOST (0-3)" },
  TX_AMOUNT_RANGE: { id: 17, message: "the amount is outside its bit width" },
  TX_AMOUNT_NOT_REPRESENTABLE: { id: 18, message: "the amount has no exact compact (float36) encoding" },
  TX_FEE_NOT_REPRESENTABLE: { id: 19, message: "the fee has no exact compact (float16) encoding" },
  TX_SELF_TRANSFER: { id: 20, message: "a transfer's sender and recipient are the same account" },
  TX_BALANCE_OVERFLOW: { id: 21, message: "a credited balance would leave its bit width" },
  TX_BAD_PUBKEY: { id: 22, message: "the public key is not a prime-order Baby Jubjub point" },
  // L1 priority operations: these are reasons a priority op was processed as a no-op
  PRIORITY_TREE_FULL: { id: 23, message: "the account tree has no free index left" },
  PRIORITY_NOT_OWNER: { id: 24, message: "the forced exit's requester is not the account's L1 owner" },
  // Batches
  BATCH_FULL: { id: 30, message: "the batch holds more operations than its fixed size" },
  BATCH_WRONG_CHAIN: { id: 31, message: "the batch is for another chain id" },
  BATCH_WRONG_NUMBER: { id: 32, message: "the batch number is not the next one" },
  BATCH_UNKNOWN_FEE_ACCOUNT: { id: 33, message: "the fee account does not exist" },
  BATCH_PRIORITY_UNAVAILABLE: {
    id: 34,
    message: "the batch consumes more priority operations than the queue holds",
  },
  BATCH_FEE_OVERFLOW: { id: 35, message: "crediting the collected fees would overflow the fee account" },
  // Data availability
  DA_MALFORMED: { id: 40, message: "the published batch data cannot be decoded" },
  DA_MISMATCH: { id: 41, message: "the published batch data does not match the state transition" },
  // Chain parameters and genesis
  GENESIS_INVALID: { id: 50, message: "the chain parameters or genesis accounts are invalid" },
  // Trusted setup (development keys and ceremony files)
  SETUP_CIRCUIT_TOO_BIG: { id: 60, message: "the circuit needs a larger power of tau than is available" },
  SETUP_BAD_FILE: { id: 61, message: "a setup input file is missing or not in the expected format" },
  SETUP_WORKER_FAILED: { id: 62, message: "a setup worker process failed" },
  SETUP_COMPILE_FAILED: { id: 63, message: "the circom compiler failed on the circuit" },
  // Proving (batch circuit witness, prover processes, verification)
  WITNESS_FAILED: { id: 70, message: "the batch circuit rejected the witness (a constraint does not hold)" },
  PROOF_INVALID: { id: 71, message: "the proof does not verify against the public input" },
  PROVER_FAILED: { id: 72, message: "the prover process failed" },
  // L1 transactions and the mempool (docs/l1.md §3.3)
  L1_WRONG_CHAIN: { id: 80, message: "the transaction is for another L1 chain id" },
  L1_UNKNOWN_KEY: { id: 81, message: "the sender's public key is neither carried nor known" },
  L1_KEY_MISMATCH: { id: 82, message: "the carried public key does not belong to the sender's address" },
  L1_BAD_SIGNATURE: { id: 83, message: "the ML-DSA-65 signature does not verify" },
  L1_NONCE_REPLAY: { id: 84, message: "the nonce has already been used" },
  L1_TX_KNOWN: { id: 85, message: "the transaction is already waiting in the mempool" },
  L1_FEE_TOO_LOW: { id: 86, message: "the fee is below the chain's minimum fee" },
  L1_INSUFFICIENT_BALANCE: { id: 87, message: "the balance does not cover the amount and the fee" },
  L1_MEMPOOL_FULL: { id: 88, message: "the mempool is full" },
  L1_SENDER_LIMIT: { id: 89, message: "the sender has too many transactions waiting" },
  // The rollup module on L1 (docs/l1.md §4)
  ROLLUP_EXODUS: { id: 90, message: "the rollup is in exodus mode" },
  ROLLUP_NOT_SEQUENCER: { id: 91, message: "only the sequencer may do this" },
  ROLLUP_UNBONDED: { id: 92, message: "the sequencer's bond is below the minimum" },
  ROLLUP_BOND_INSUFFICIENT: { id: 93, message: "the bond is smaller than the amount to unbond" },
  ROLLUP_NOT_EXODUS: { id: 94, message: "the rollup is not in exodus mode" },
  ROLLUP_BAD_MERKLE_PROOF: {
    id: 95,
    message: "the account proof does not verify against the last settled root",
  },
  ROLLUP_ALREADY_WITHDRAWN: { id: 96, message: "this account has already withdrawn in exodus" },
  ROLLUP_NOT_REFUNDABLE: {
    id: 97,
    message: "the priority operation is not a refundable deposit of the sender",
  },
  ROLLUP_ALREADY_REFUNDED: { id: 98, message: "the deposit has already been refunded" },
  // L1 signatures (ML-DSA-65, src/l1/crypto/)
  L1_KEY_MALFORMED: { id: 100, message: "an ML-DSA-65 seed or key has the wrong type or length" },
  L1_VERIFY_POOL_FAILED: {
    id: 101,
    message: "an ML-DSA-65 verification worker failed or the pool is closed",
  },
  // RPC (src/rpc, src/client; docs/rpc.md): the JSON-RPC layer's own failures
  RPC_PARSE_ERROR: { id: 110, message: "the request is not valid JSON" },
  RPC_INVALID_REQUEST: { id: 111, message: "the request is not a valid JSON-RPC 2.0 request" },
  RPC_METHOD_NOT_FOUND: { id: 112, message: "the method does not exist" },
  RPC_INVALID_PARAMS: { id: 113, message: "the params do not match the method's schema" },
  RPC_INTERNAL: { id: 114, message: "internal error" },
  RPC_LIMIT_EXCEEDED: {
    id: 115,
    message: "a server limit was exceeded (size, batch, connections, subscriptions, rate)",
  },
  RPC_TIMEOUT: { id: 116, message: "the request timed out" },
  RPC_CONNECTION_CLOSED: { id: 117, message: "the connection closed before the request was answered" },
  RPC_BAD_RESPONSE: {
    id: 118,
    message: "the response is not a valid JSON-RPC response or does not match the method's schema",
  },
  // L1 blocks (docs/l1.md §5)
  L1_BLOCK_INVALID: {
    id: 119,
    message: "the block cannot be applied as given (header, transactions or roots)",
  },
  // The L2 sequencer (docs/sequencer.md): why it refused to take a tx; nothing was applied
  L2_MEMPOOL_FULL: { id: 120, message: "the sequencer's mempool is full: retry later" },
  L2_NONCE_QUEUE_FULL: {
    id: 121,
    message: "too many txs with future nonces wait for this account: send the missing nonce first",
  },
  L2_NONCE_GAP: { id: 122, message: "the tx waited too long for the missing earlier nonce and was dropped" },
  L2_TX_KNOWN: { id: 123, message: "this tx (same signed message) is already known to the sequencer" },
  L2_BACKLOG_FULL: {
    id: 124,
    message:
      "the sequencer's backlog exceeds its cap (unproven batches' estimated proving time, or txs not yet sealed): retry once it catches up",
  },
  L2_SHUTTING_DOWN: { id: 125, message: "the sequencer is stopping or has stopped taking txs" },
  // The `ghost` command and its keystore
  KEYSTORE_BAD_PASSPHRASE: { id: 126, message: "the passphrase does not decrypt this keystore entry" },
  KEYSTORE_MALFORMED: { id: 127, message: "the keystore entry is not a valid GhostChain keystore file" },
  KEYSTORE_KEY_EXISTS: { id: 128, message: "the keystore already holds a key of this name" },
  KEYSTORE_KEY_NOT_FOUND: { id: 129, message: "the keystore holds no key of this name" },
  KEYSTORE_PASSPHRASE_REQUIRED: {
    id: 130,
    message: "a passphrase is needed: set GHOST_PASSPHRASE, give --passphrase-file, or run on a terminal",
  },
  CLI_USAGE: { id: 131, message: "the command's arguments are not valid" },
  BATCH_NOT_SETTLED: { id: 132, message: "L1 holds no settled batch of this number" },
  // The distributed prover queue (Redis) and its workers
  ARTIFACT_NOT_FOUND: { id: 133, message: "no circuit artifact with this content hash is served here" },
  ARTIFACT_HASH_MISMATCH: {
    id: 134,
    message: "the downloaded artifact does not hash to the requested sha256",
  },
  PROVER_JOB_INVALID: { id: 135, message: "a prover job or its result is not in the expected form" },
  PROVER_TIMEOUT: { id: 136, message: "the prover took longer than the job timeout" },
  PROVER_QUEUE_UNAVAILABLE: { id: 137, message: "the prover queue's Redis server cannot be reached" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

const BY_ID = new Map<number, ErrorCode>(
  (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [ERROR_CODES[code].id, code]),
);
// Ids cross the WASM boundary and the wire: two codes sharing one would be read back as the wrong code.
if (BY_ID.size !== Object.keys(ERROR_CODES).length) throw new Error("ERROR_CODES: two codes share an id");

/** The code behind a numeric id returned by the WASM core. */
export function errorCodeFromId(id: number): ErrorCode {
  const code = BY_ID.get(id);
  if (code === undefined) throw new GhostError("WASM_BAD_ARGUMENT", `unknown error id ${id}`);
  return code;
}

export interface GhostErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Every error GhostChain throws on purpose: a stable `code`, a short message and optional details. */
export class GhostError extends Error {
  override readonly name = "GhostError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, options: GhostErrorOptions = {}) {
    super(message ?? ERROR_CODES[code].message, options.cause === undefined ? {} : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

export function isGhostError(e: unknown, code?: ErrorCode): e is GhostError {
  return e instanceof GhostError && (code === undefined || e.code === code);
}
