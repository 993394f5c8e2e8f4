/**
 * Creating deposits on one thread: each one checks its new key (prime-order subgroup, not the identity:
 * docs/protocol.md §3.4) in the WASM core, creates the account, hashes its leaf and advances the queue
 * hash. One long-lived engine applies the same deposits round after round (each round discarded), as a
 * sequencer would apply a queue; the model's applyOp, which checks keys with circomlibjs, for scale.
 */
import { createEngine } from "../../../src/bridge/index.js";
import {
  applyOp,
  createGenesis,
  l2KeyFromSeed,
  type Op,
  type State,
  type TokenId,
} from "../../../src/protocol/index.js";

export interface CreateDepositsResult {
  readonly count: number;
  /** Median wall time of one round of `count` deposits (ms), and its CPU time. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly modelPerSec: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchCreateDeposits(
  count: number,
  rounds: number,
  modelCount: number,
): Promise<CreateDepositsResult> {
  // Distinct keys: nothing about one deposit's key check can be reused by the next.
  const ops: Op[] = Array.from({ length: count }, (_, i) => {
    const { ax, ay } = l2KeyFromSeed(`bench-deposit-${i}`).publicKey;
    return {
      type: "deposit",
      to: null,
      token: (i % 4) as TokenId,
      amount: BigInt(1000 + i),
      ax,
      ay,
      l1Address: BigInt(i + 1),
    };
  });
  const config = { chainId: 1, depth: 16, batchSize: count };
  const engine = await createEngine({ ...config, checkSignatures: false });
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const out = engine.apply(ops);
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (!out.every((o) => o.ok && o.receipt.status === "applied"))
      throw new Error("a deposit was not applied");
    engine.discard();
    // Round 0 warms up the JIT and the WASM tiers.
    if (r > 0) {
      walls.push(wall);
      cpus.push((used.user + used.system) / 1000);
    }
  }
  let model: State = createGenesis(config);
  const started = performance.now();
  for (const op of ops.slice(0, modelCount)) {
    const r = applyOp(model, op);
    if (!r.ok) throw new Error(`the model rejected a deposit: ${r.code}`);
    model = r.state;
  }
  const modelPerSec = modelCount / ((performance.now() - started) / 1000);
  return { count, wallMs: median(walls), cpuMs: median(cpus), modelPerSec };
}
