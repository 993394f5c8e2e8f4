/** L1 transactions (docs/l1.md §3): types, the binary form (signed bytes, hash, envelope) and the JSON form. */

/** The zod building blocks of the JSON form, for other L1 schemas (genesis, key files). */
export * as jsonFields from "./jsonFields.js";
export { formatAddress } from "./jsonFields.js";
export { BASE_FIELD_MODULUS, proofElements, proofFromElements, readProof, writeProof } from "./proofBytes.js";
export { decodeEnvelope, decodeSignedBytes, encodeEnvelope, signedBytes, TX_TAG, txHash } from "./txBytes.js";
export { txFromJson, txSchemas, txToJson } from "./txJson.js";
export type {
  BondTx,
  CommitBatchTx,
  DepositTx,
  ExodusWithdrawTx,
  ForcedExitTx,
  L1Tx,
  RefundTx,
  SignedTx,
  TransferTx,
  TxCommon,
  TxType,
  UnbondTx,
} from "./types.js";
export { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, TX_TYPE } from "./types.js";
