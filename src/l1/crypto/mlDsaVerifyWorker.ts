/**
 * An ML-DSA-65 verification worker thread: its own liboqs instance, verifying the packed batches
 * MlDsaVerifyPool sends it. Layout of a batch (one transferred buffer, items back to back):
 *
 *   item i:  publicKey (1952 bytes) ‖ signature (3309 bytes) ‖ message (messageLengths[i] bytes)
 *
 * It says `{ ready: true }` once liboqs is loaded. A failure of liboqs is left uncaught: the worker
 * exits and the pool fails this worker's pending batches and starts a new one.
 */
import { parentPort } from "node:worker_threads";
import { createMlDsa, ML_DSA65_PUBLIC_KEY_BYTES, ML_DSA65_SIGNATURE_BYTES } from "./mlDsa.js";

export interface VerifyJob {
  id: number;
  packed: ArrayBuffer;
  messageLengths: Uint32Array;
}

export interface VerifyReply {
  id: number;
  verdicts: Uint8Array;
}

const port = parentPort!;
const mlDsa = await createMlDsa();

port.on("message", ({ id, packed, messageLengths }: VerifyJob) => {
  const all = new Uint8Array(packed);
  const verdicts = new Uint8Array(messageLengths.length);
  let at = 0;
  for (let i = 0; i < messageLengths.length; i++) {
    const signatureAt = at + ML_DSA65_PUBLIC_KEY_BYTES;
    const messageAt = signatureAt + ML_DSA65_SIGNATURE_BYTES;
    const end = messageAt + messageLengths[i]!;
    const publicKey = all.subarray(at, signatureAt);
    const signature = all.subarray(signatureAt, messageAt);
    const message = all.subarray(messageAt, end);
    verdicts[i] = mlDsa.verify(publicKey, message, signature) ? 1 : 0;
    at = end;
  }
  port.postMessage({ id, verdicts } satisfies VerifyReply, [verdicts.buffer]);
});
port.postMessage({ ready: true });
