/**
 * A signature-verification worker thread: its own instance of the WASM core (from the module the
 * parent compiled), answering SignaturePool's jobs: verifying signed messages (`verifySignatures`),
 * verifying messages given by their Poseidon preimages (hashed here first), and hashing tuples.
 */
import { parentPort, workerData } from "node:worker_threads";
import { instantiateCore } from "./core.js";
import { type SignedMessage, verifySignatures } from "./eddsa.js";
import { poseidonBatch } from "./poseidon.js";
import type { PoolJob } from "./signaturePool.js";

const { module, keyCache } = workerData as { module: WebAssembly.Module; keyCache: number };
const core = instantiateCore(module);
core.exports.eddsaKeyCache(keyCache);

function verdictsOf(items: readonly SignedMessage[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(verifySignatures(items, core), Number);
}

parentPort!.on("message", (job: PoolJob & { id: number }) => {
  try {
    if (job.kind === "hash") {
      parentPort!.postMessage({ id: job.id, hashes: poseidonBatch(job.tuples, core) });
      return;
    }
    let items: readonly SignedMessage[];
    if (job.kind === "verify") items = job.items;
    else {
      const msgs = poseidonBatch(
        job.items.map((i) => i.preimage),
        core,
      );
      items = job.items.map((i, k) => ({ msg: msgs[k]!, signature: i.signature, publicKey: i.publicKey }));
    }
    const verdicts = verdictsOf(items);
    parentPort!.postMessage({ id: job.id, verdicts }, [verdicts.buffer]);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
