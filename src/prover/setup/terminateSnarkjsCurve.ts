/**
 * snarkjs caches one multi-threaded bn128 curve (ffjavascript's `globalThis.curve_bn128`) whose worker
 * threads keep a process alive; a process or test suite that is done with snarkjs ends them here.
 */
export async function terminateSnarkjsCurve(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();
}
