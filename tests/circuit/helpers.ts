/**
 * Shared fixtures for the batch-circuit tests: the test-size circuit (built once through the dev setup and
 * cached) and a funded genesis matching its chain parameters.
 */
import { type ChainConfig, initProtocol, type State } from "../../src/protocol/index.js";
import { BATCH_CIRCUITS, type BuiltBatchCircuit, buildBatchCircuit } from "../../src/prover/index.js";
import { CONFIG as PROTOCOL_CONFIG, genesis as protocolGenesis } from "../protocol/helpers.js";

// Keys, accounts and signed txs are the protocol tests' (same chain id); genesis takes this circuit's size.
export { fundedAccount as account, key, l1, transfer, withdraw } from "../protocol/helpers.js";

await initProtocol();

export const CIRCUIT = BATCH_CIRCUITS.test;
export const CONFIG: ChainConfig = {
  chainId: PROTOCOL_CONFIG.chainId, // the chain the shared fixtures sign for
  depth: CIRCUIT.depth,
  batchSize: CIRCUIT.nSlots,
};

let built: Promise<BuiltBatchCircuit> | undefined;

/** The test circuit's compiled wasm and dev keys (compiled and set up once per cache key). */
export function testCircuit(): Promise<BuiltBatchCircuit> {
  built ??= buildBatchCircuit("test");
  return built;
}

/** Genesis with `n` funded accounts (the protocol fixtures') for the test circuit's chain. */
export function genesis(n = 4): State {
  return protocolGenesis(n, CONFIG);
}
