/**
 * Generic GhostChain RPC client: transports (HTTP, WebSocket) and `createRpcClient`, which turns a node's
 * method table into typed functions. Node-specific clients (ghostd, the sequencer) live beside this and
 * pass their own tables.
 */
export { createRpcClient, type MethodFunction, type RpcClient } from "./createRpcClient.js";
export {
  type ExodusWithdrawal,
  type ExodusWithdrawOptions,
  type ExodusWithdrawPlan,
  exodusWithdrawFields,
} from "./exodusWithdrawFields.js";
export {
  createGhostdClient,
  createL1Signer,
  type GhostdClient,
  type L1Signer,
  type UnsignedL1Tx,
} from "./ghostd.js";
export {
  createGhostplaneClient,
  createL2Wallet,
  type GhostplaneClient,
  type GhostplaneClientOptions,
  type L2Wallet,
  type L2WalletClient,
  type L2WalletOptions,
  type SequencedTx,
  type UnsignedL2Tx,
} from "./ghostplane.js";
export {
  DEFAULT_SCRYPT_N,
  decryptKey,
  type EncryptOptions,
  encryptKey,
  formatKeystoreFile,
  generateKeySecrets,
  KEYSTORE_TYPE,
  type KeySecrets,
  type Keystore,
  type KeystoreEntry,
  type KeystoreFile,
  type KeystorePublic,
  openKeystore,
  parseKeystoreFile,
  type UnlockedKey,
} from "./keystore.js";
export {
  type RollupStateWire,
  rebuildSettledL2State,
  type SettledBatch,
  type SettledL2State,
} from "./rebuildSettledL2State.js";
export { createTransport, type TransportOptions } from "./transport/createTransport.js";
export { type HttpTransportOptions, httpTransport } from "./transport/http.js";
export type { RequestOptions, Subscription, Transport } from "./transport/types.js";
export { type WsTransportOptions, wsTransport } from "./transport/ws.js";
export {
  BATCH_CHECKS,
  type BatchCheck,
  type BatchCheckName,
  type BatchOverride,
  type BatchVerification,
  verifySettledBatch,
} from "./verifySettledBatch.js";
