/**
 * Shared fixtures for the batch-circuit tests: the test-size circuit (built once through the dev setup and
 * cached), its R1CS verdict on an input, and a funded genesis matching its chain parameters.
 */
import { type ChainConfig, initProtocol, type State } from "../../src/protocol/index.js";
import {
  BATCH_CIRCUITS,
  type BuiltBatchCircuit,
  buildBatchCircuit,
  type CircuitInput,
  type ConstraintCheck,
  calculateAssignment,
  checkConstraints,
} from "../../src/prover/index.js";
import { type R1cs, readR1cs } from "../../src/prover/setup/index.js";
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

let r1cs: Promise<R1cs> | undefined;

/** The test circuit's constraints, read once per test file (about 0.3 s). */
export function testR1cs(): Promise<R1cs> {
  r1cs ??= testCircuit().then((b) => readR1cs(b.r1cs));
  return r1cs;
}

export interface Verdict {
  readonly check: ConstraintCheck;
  readonly wires: bigint[];
  /** What circom's witness generator asserted and found false on the way, for messages only. */
  readonly failedAssertions: string[];
}

/** The R1CS's verdict on an input: every wire computed through failed assertions, then each constraint. */
export async function judge(input: CircuitInput): Promise<Verdict> {
  const [built, constraints] = [await testCircuit(), await testR1cs()];
  const { wires, failedAssertions } = await calculateAssignment(built.wasm, input);
  return { check: checkConstraints(constraints, wires), wires, failedAssertions };
}

/** Genesis with `n` funded accounts (the protocol fixtures') for the test circuit's chain. */
export function genesis(n = 4): State {
  return protocolGenesis(n, CONFIG);
}
