/** The engine's WASM exports (assembly/state/engine.ts), as the bridge calls them. */
export interface EngineExports {
  memory: WebAssembly.Memory;
  ioBuffer(bytes: number): number;
  stateSignatureVerifier(): number;
  stateInit(depth: number, chainId: number, batchSize: number, checkSignatures: number): number;
  stateLoadAccounts(input: number, count: number): number;
  /** Index of the first non-canonical record (or, with keys = 1, invalid key), else −1. */
  stateCheckAccounts(input: number, count: number, keys: number): number;
  stateCheckpoint(out: number): number;
  stateRevert(input: number): number;
  stateBuildTree(): number;
  stateSetCounters(batch: number, priorities: number, qHash: number): number;
  stateSetFeeAccount(index: number): number;
  stateApply(count: number, ops: number, receipts: number): number;
  stateSealSize(): number;
  stateSeal(out: number): number;
  stateClose(out: number): number;
  /** 1 once a batch was closed by stateClose (the tree no longer matches the accounts), else 0. */
  stateTreeStale(): number;
  stateDiscard(): void;
  stateAccount(index: number, out: number): number;
  stateProof(index: number, out: number): number;
  stateRoot(out: number): number;
  stateAccountCount(): number;
  stateBatchNumber(): number;
  statePriorityCount(): number;
  statePriorityHash(out: number): void;
  statePendingFees(out: number): void;
  stateOpenOps(): number;
  stateNodeCount(level: number): number;
  stateCopyAccounts(start: number, count: number, out: number): number;
  stateCopyNodes(level: number, start: number, count: number, out: number): number;
  stateLoadNodes(level: number, start: number, count: number, input: number): number;
}
