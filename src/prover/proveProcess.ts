/**
 * The prover child process (forked by createLocalProverQueue): receives a zkey path and a witness, runs
 * snarkjs.groth16.prove, sends back the proof. A separate process rather than a worker thread: ffjavascript's
 * web-worker shim breaks snarkjs inside Node worker threads, and one proof at a time already uses every core.
 */
import * as snarkjs from "snarkjs";

interface ProveRequest {
  id: number;
  zkey: string;
  /** The .wtns bytes (the channel uses structured clone, so they arrive as a Uint8Array). */
  wtns: Uint8Array;
}

process.on("message", async (msg: ProveRequest | { close: true }) => {
  if ("close" in msg) {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    process.exit(0);
  }
  try {
    const t0 = performance.now();
    const { proof, publicSignals } = await snarkjs.groth16.prove(msg.zkey, {
      type: "mem",
      data: msg.wtns,
    } as unknown as string);
    process.send?.({
      id: msg.id,
      ok: true,
      proof,
      publicSignals,
      ms: performance.now() - t0,
      maxRssKiB: process.resourceUsage().maxRSS,
    });
  } catch (e) {
    process.send?.({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
