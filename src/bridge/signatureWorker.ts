/**
 * A signature-verification worker thread: its own instance of the WASM core (from the module the
 * parent compiled), verifying packed batches sent by SignaturePool. Message format: see
 * signaturePool.ts (`packItems`).
 */
import { parentPort, workerData } from "node:worker_threads";
import { instantiateCore } from "./core.js";
import { throwCoreStatus } from "./status.js";

interface Job {
  id: number;
  n: number;
  /** n × (32-byte msg ‖ 64-byte signature ‖ 64-byte key), as packed by the pool. */
  packed: ArrayBuffer;
}

const { module, keyCache } = workerData as { module: WebAssembly.Module; keyCache: number };
const core = instantiateCore(module);
core.exports.eddsaKeyCache(keyCache);

const ITEM = 160;

parentPort!.on("message", ({ id, n, packed }: Job) => {
  try {
    const src = new Uint8Array(packed);
    const msgs = core.io(n * (ITEM + 1));
    const sigs = msgs + n * 32;
    const keys = sigs + n * 64;
    const results = keys + n * 64;
    const mem = new Uint8Array(core.view().buffer);
    for (let i = 0; i < n; i++) {
      const at = i * ITEM;
      mem.set(src.subarray(at, at + 32), msgs + i * 32);
      mem.set(src.subarray(at + 32, at + 96), sigs + i * 64);
      mem.set(src.subarray(at + 96, at + 160), keys + i * 64);
    }
    throwCoreStatus(core, core.exports.eddsaVerify(n, msgs, sigs, keys, results));
    const verdicts = new Uint8Array(core.view().buffer, results, n).slice();
    parentPort!.postMessage({ id, verdicts }, [verdicts.buffer]);
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
