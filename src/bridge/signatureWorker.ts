/**
 * A signature-verification worker thread: its own instance of the WASM core (from the module the
 * parent compiled), verifying the batches SignaturePool sends it with `verifySignatures`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { instantiateCore } from "./core.js";
import { type SignedMessage, verifySignatures } from "./eddsa.js";

interface Job {
  id: number;
  items: SignedMessage[];
}

const { module, keyCache } = workerData as { module: WebAssembly.Module; keyCache: number };
const core = instantiateCore(module);
core.exports.eddsaKeyCache(keyCache);

parentPort!.on("message", ({ id, items }: Job) => {
  try {
    const verdicts = Uint8Array.from(verifySignatures(items, core), Number);
    parentPort!.postMessage({ id, verdicts }, [verdicts.buffer]);
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
