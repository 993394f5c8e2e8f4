/**
 * The prover child process (forked by createLocalProverQueue): receives a job (a witness, or a circuit
 * input whose witness it computes), proves it with its engine, optionally verifies the proof, sends back
 * the result. The engine (argv[2]) is `wasm`, our Groth16 prover (./groth16/: the WebAssembly NTT and
 * MSMs, H and π_C's private terms on a worker thread while this thread runs the other MSMs), or `snarkjs`
 * (snarkjs.groth16.prove, the reference). A separate process rather than a worker thread: ffjavascript's
 * web-worker shim breaks snarkjs inside Node worker threads, and one proof at a time already uses every
 * core. The wasm engine keeps each proving key parsed between proofs.
 */
import * as snarkjs from "snarkjs";
import { GhostError } from "../protocol/errors.js";
import type { CircuitInput } from "./batchInput.js";
import type { Groth16Zkey, MsmBackend, WasmNttWorker } from "./groth16/index.js";
import type { Groth16Proof } from "./proofJson.js";
import type { ProverEngine } from "./proverQueue.js";
import { toPublicSignals } from "./publicSignals.js";
import { terminateSnarkjsCurve } from "./setup/index.js";
import { calculateWitness } from "./witness.js";

type ProveRequest = {
  id: number;
  zkey: string;
  verify?: { vkey: Record<string, unknown>; publicInputHash: bigint };
} & ({ wtns: Uint8Array } | { wasm: string; input: CircuitInput });

const engine: ProverEngine = process.argv[2] === "snarkjs" ? "snarkjs" : "wasm";

/** The wasm engine, made on its first proof: its module, the NTT worker thread, the MSMs, parsed keys. */
let wasmEngine:
  | Promise<{
      groth16: typeof import("./groth16/index.js");
      ntt: WasmNttWorker;
      msm: MsmBackend;
      zkeys: Map<string, Promise<Groth16Zkey>>;
    }>
  | undefined;

async function proveWithEngine(
  zkeyPath: string,
  wtns: Uint8Array,
): Promise<{ proof: Groth16Proof; publicSignals: string[]; timings?: Record<string, number> }> {
  if (engine === "snarkjs") {
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkeyPath, {
      type: "mem",
      data: wtns,
    } as unknown as string);
    return { proof: proof as unknown as Groth16Proof, publicSignals };
  }
  wasmEngine ??= (async () => {
    const groth16 = await import("./groth16/index.js");
    return {
      groth16,
      ntt: await groth16.createWasmNttWorker(),
      msm: groth16.createWasmMsm(),
      zkeys: new Map(),
    };
  })();
  const { groth16, ntt, msm, zkeys } = await wasmEngine;
  let zkey = zkeys.get(zkeyPath);
  if (zkey === undefined) {
    zkey = groth16.readZkey(zkeyPath);
    zkeys.set(zkeyPath, zkey);
    zkey.catch(() => zkeys.delete(zkeyPath));
  }
  const r = await groth16.proveGroth16(await zkey, wtns, { ntt, msm });
  return { proof: r.proof, publicSignals: r.publicSignals, timings: { ...r.timings } };
}

// The parent gone (closed, or killed with SIGKILL): nothing will read a proof; the curve's worker threads
// would otherwise keep this process alive.
process.on("disconnect", () => process.exit(0));

process.on("message", async (msg: ProveRequest | { close: true }) => {
  if ("close" in msg) {
    await (await wasmEngine)?.ntt.close();
    await terminateSnarkjsCurve();
    process.exit(0);
  }
  try {
    const w0 = performance.now();
    // The channel uses structured clone, so the .wtns bytes arrive as a Uint8Array.
    const wtns = "wtns" in msg ? msg.wtns : await calculateWitness(msg.wasm, msg.input);
    const t0 = performance.now();
    const { proof, publicSignals, timings } = await proveWithEngine(msg.zkey, wtns);
    const ms = performance.now() - t0;
    const verified =
      msg.verify === undefined
        ? undefined
        : await snarkjs.groth16.verify(
            msg.verify.vkey,
            toPublicSignals({ publicInputHash: msg.verify.publicInputHash }),
            proof as unknown as Parameters<typeof snarkjs.groth16.verify>[2],
          );
    process.send?.({
      id: msg.id,
      ok: true,
      proof,
      publicSignals,
      ms,
      witnessMs: t0 - w0,
      ...(timings === undefined ? {} : { timings }),
      ...(verified === undefined ? {} : { verified }),
      maxRssKiB: process.resourceUsage().maxRSS,
    });
  } catch (e) {
    const code = e instanceof GhostError && e.code === "WITNESS_FAILED" ? e.code : undefined;
    process.send?.({ id: msg.id, ok: false, code, message: e instanceof Error ? e.message : String(e) });
  }
});
