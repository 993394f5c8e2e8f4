/**
 * The one-line hint printed under an error's code: what to do next. Codes without a hint here print their
 * message from the error list (src/protocol/errors.ts), which already says what went wrong.
 */
import type { ErrorCode } from "../../protocol/errors.js";

export const HINTS: Partial<Record<ErrorCode, string>> = {
  RPC_CONNECTION_CLOSED: "is the node running? `npm run devnet` starts one; --l1 and --l2 say where to look",
  RPC_TIMEOUT: "the node did not answer in time: is it overloaded or stopped?",
  RPC_LIMIT_EXCEEDED: "slow down: the node limits requests per connection",
  CLI_USAGE: "see `ghost <command> --help`",
  KEYSTORE_BAD_PASSPHRASE: "check the passphrase (GHOST_PASSPHRASE, --passphrase-file, or the prompt)",
  KEYSTORE_KEY_NOT_FOUND: "`ghost keys list` shows the keystore's names; dev keys are --from dev:account-0 …",
  KEYSTORE_KEY_EXISTS: "choose another name, or remove the old file from the keystore directory",
  KEYSTORE_MALFORMED: "the file was edited or is not a GhostChain keystore file",
  KEYSTORE_PASSPHRASE_REQUIRED: "set GHOST_PASSPHRASE, give --passphrase-file, or run on a terminal",
  BATCH_NOT_SETTLED: "`ghost status` shows the last settled batch",
  TX_NONCE_MISMATCH: "another tx from this account is in flight: retry once it is sequenced",
  TX_INSUFFICIENT_BALANCE: "`ghost l2 account` shows the soft-confirmed balances",
  TX_AMOUNT_NOT_REPRESENTABLE: "L2 amounts keep about 9 significant digits (float36): round the amount",
  TX_FEE_NOT_REPRESENTABLE: "L2 fees keep about 3 significant digits (float16): round the fee",
  TX_BAD_SIGNATURE: "the key does not belong to this L2 account: check --from and --account",
  TX_UNKNOWN_ACCOUNT: "no L2 account at this index yet: a deposit creates one",
  L1_INSUFFICIENT_BALANCE: "`ghost l1 balance` shows what the account holds",
  L1_FEE_TOO_LOW: "raise --fee to at least the chain's minimum (`ghost status`)",
  L2_BACKLOG_FULL: "the sequencer is waiting for its prover: retry in a while",
  L2_MEMPOOL_FULL: "the sequencer is busy: retry in a moment",
  ROLLUP_NOT_EXODUS: "exodus starts only when a priority operation passes its deadline unprocessed",
  ROLLUP_ALREADY_WITHDRAWN: "this account's exodus withdrawal was already paid",
  PROOF_INVALID: "the proof does not verify against the data: do not trust this batch",
  PROVER_QUEUE_UNAVAILABLE: "is redis-server running and reachable at --redis (redis://host:port[/db])?",
  ARTIFACT_NOT_FOUND:
    "the sequencer serves only its own circuit's artifacts: check --queue, --artifacts and the sequencer's --artifacts-url",
  ARTIFACT_HASH_MISMATCH:
    "the server sent other bytes than the job names: check --artifacts (a proxy, a stale mirror)",
};
