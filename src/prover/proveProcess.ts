/**
 * The prover child process (forked by createLocalProverQueue): receives a job (a witness, or a circuit
 * input whose witness it computes), runs snarkjs.groth16.prove, optionally verifies the proof, sends back
 * the result. A separate process rather than a worker thread: ffjavascript's web-worker shim breaks
 * snarkjs inside Node worker threads, and one proof at a time already uses every core.
 */
import * as snarkjs from "snarkjs";
import { GhostError } from "../protocol/errors.js";
import type { CircuitInput } from "./batchInput.js";
import { toPublicSignals } from "./publicSignals.js";
import { calculateWitness } from "./witness.js";

type ProveRequest = {
  id: number;
  zkey: string;
  verify?: { vkey: Record<string, unknown>; publicInputHash: bigint };
} & ({ wtns: Uint8Array } | { wasm: string; input: CircuitInput });

// The parent gone (closed, or killed with SIGKILL): nothing will read a proof; the curve's worker threads
// would otherwise keep this process alive.
process.on("disconnect", () => process.exit(0));

process.on("message", async (msg: ProveRequest | { close: true }) => {
  if ("close" in msg) {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    process.exit(0);
  }
  try {
    const w0 = performance.now();
    // The channel uses structured clone, so the .wtns bytes arrive as a Uint8Array.
    const wtns = "wtns" in msg ? msg.wtns : await calculateWitness(msg.wasm, msg.input);
    const t0 = performance.now();
    const { proof, publicSignals } = await snarkjs.groth16.prove(msg.zkey, {
      type: "mem",
      data: wtns,
    } as unknown as string);
    const ms = performance.now() - t0;
    const verified =
      msg.verify === undefined
        ? undefined
        : await snarkjs.groth16.verify(
            msg.verify.vkey,
            toPublicSignals({ publicInputHash: msg.verify.publicInputHash }),
            proof,
          );
    process.send?.({
      id: msg.id,
      ok: true,
      proof,
      publicSignals,
      ms,
      witnessMs: t0 - w0,
      ...(verified === undefined ? {} : { verified }),
      maxRssKiB: process.resourceUsage().maxRSS,
    });
  } catch (e) {
    const code = e instanceof GhostError && e.code === "WITNESS_FAILED" ? e.code : undefined;
    process.send?.({ id: msg.id, ok: false, code, message: e instanceof Error ? e.message : String(e) });
  }
});
