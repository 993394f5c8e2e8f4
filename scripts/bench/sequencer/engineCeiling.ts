/**
 * The engine alone, for `npm run bench -- sequencer`: the ceiling of soft confirmation on these cores. A
 * WASM engine on the benchmark's genesis applies the same pre-signed transfers the load sends, with the
 * signatures verified first by a 2-worker pool (`applyVerified`), as the signed-with-pool row of
 * `npm run bench -- engine` measures it: the same list applied and discarded round after round on one
 * warm engine. No RPC, no log, no sealing: what is left is the verification and the state transition.
 */
import { createEngine, createSignaturePool } from "../../../src/bridge/index.js";
import { genesisFromJson } from "../../../src/l1/genesis/index.js";
import { MAX_BATCH_SIZE, type Op } from "../../../src/protocol/index.js";
import { type Measurement, measure } from "../harness.js";

export async function engineCeiling(genesisJson: unknown, txs: readonly Op[]): Promise<Measurement> {
  const rollup = genesisFromJson(genesisJson).rollup;
  const engine = await createEngine({
    chainId: rollup.chainId,
    depth: rollup.depth,
    batchSize: MAX_BATCH_SIZE,
    genesis: rollup.accounts,
    feeAccount: 0,
  });
  const pool = createSignaturePool({ workers: 2 });
  try {
    return await measure(
      "engine applyVerified, pool of 2",
      async () => {
        const out = await engine.applyVerified(txs, pool);
        const bad = out.find((x) => !x.ok);
        if (bad !== undefined)
          throw new Error(`the engine refused a benchmark transfer: ${JSON.stringify(bad)}`);
        engine.discard();
      },
      { opsPerCall: txs.length, runs: 5, minRoundMs: 1_000, warmupRounds: 1 },
    );
  } finally {
    await pool.close();
  }
}
