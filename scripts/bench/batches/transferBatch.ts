/** A batch full of transfers for the proving benchmarks (`prover`, `provers`). */
import { createGenesis, l2KeyFromSeed, signTx, type Transfer } from "../../../src/protocol/index.js";
import type { BatchCircuit } from "../../../src/prover/index.js";

/** A batch of nSlots transfers among nSlots + 1 funded accounts. */
export function transferBatch(circuit: BatchCircuit) {
  const config = { chainId: 1, depth: circuit.depth, batchSize: circuit.nSlots };
  const keys = Array.from({ length: circuit.nSlots + 1 }, (_, i) => l2KeyFromSeed(`bench-${i}`));
  const pre = createGenesis(
    config,
    keys.map((k, i) => ({
      ax: k.publicKey.ax,
      ay: k.publicKey.ay,
      l1Address: 0xb000n + BigInt(i),
      nonce: 0,
      balances: [10n ** 24n, 10n ** 20n, 0n, 0n],
    })),
  );
  const txs: Transfer[] = Array.from({ length: circuit.nSlots }, (_, i) =>
    signTx(config.chainId, keys[i]!.privateKey, {
      type: "transfer",
      from: i,
      to: i + 1,
      token: (i % 2) as 0 | 1,
      amount: 1_500_000_000n * 10n ** 9n,
      fee: 2n * 10n ** 15n,
      nonce: 0,
    }),
  );
  return { preState: pre, priorityOps: [], txs, batchNumber: 1, feeAccount: circuit.nSlots };
}
