/**
 * Loads the WASM core: the module is read and compiled once per process (synchronously, so the
 * bridge's hashing API can stay synchronous), and each `instantiateCore()` makes an independent
 * instance with its own linear memory (worker threads each make their own).
 *
 * Views over linear memory are never cached across calls that may grow memory: `view()` rebuilds
 * the DataView whenever the underlying buffer was replaced by `memory.grow`.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GhostError } from "../protocol/errors.js";

/** The exports of assembly/index.ts (all integers: pointers, counts, status codes). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  ioBuffer(bytes: number): number;
  lastErrorIndex(): number;
  poseidonBatch(n: number, count: number, input: number, output: number): number;
  frOp(op: number, a: number, b: number, out: number): number;
  frMulChain(a: number, b: number, iterations: number): number;
  frMulRaw(o: number, a: number, b: number): void;
  eddsaVerify(n: number, msgs: number, sigs: number, keys: number, results: number): number;
  eddsaKeyCache(capacity: number): void;
  eddsaUnpackR8(n: number, sigs: number, out: number, results: number): number;
  publicKeysValid(n: number, keys: number, results: number): number;
}

/** The core's largest I/O buffer (assembly/index.ts IO_MAX). */
export const IO_MAX_BYTES = 2 ** 30;

export const WASM_PATH = fileURLToPath(new URL("../../build/wasm/ghost.wasm", import.meta.url));

let compiled: WebAssembly.Module | undefined;

/** The compiled module (compiled once per process); worker threads instantiate it without recompiling. */
export function compiledCore(): WebAssembly.Module {
  if (compiled === undefined) {
    if (!existsSync(WASM_PATH)) {
      throw new GhostError("WASM_NOT_BUILT", `the WASM core is not built (${WASM_PATH}): run npm run build`);
    }
    compiled = new WebAssembly.Module(readFileSync(WASM_PATH));
  }
  return compiled;
}

function abort(): never {
  throw new GhostError("WASM_ABORT");
}

/** One instance of the core and a view of its memory that survives memory growth. */
export class CoreInstance {
  readonly exports: CoreExports;
  private dataView: DataView;

  constructor(exports: CoreExports) {
    this.exports = exports;
    this.dataView = new DataView(exports.memory.buffer);
  }

  /** A DataView of linear memory, rebuilt if memory grew since the last call. */
  view(): DataView {
    if (this.dataView.buffer !== this.exports.memory.buffer)
      this.dataView = new DataView(this.exports.memory.buffer);
    return this.dataView;
  }

  /**
   * An I/O buffer of at least `bytes` bytes; call view() after it (it may grow memory). Sizes are
   * checked here, before they can wrap modulo 2^32 on their way into the core.
   */
  io(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > IO_MAX_BYTES) {
      throw new GhostError("WASM_BAD_ARGUMENT", `I/O buffer of ${bytes} bytes: expected at most 2^30`);
    }
    const at = this.exports.ioBuffer(bytes);
    if (at === 0)
      throw new GhostError("WASM_BAD_ARGUMENT", `the core refused an I/O buffer of ${bytes} bytes`);
    return at;
  }
}

/** A new, independent instance (its own memory) of the compiled core, or of `module` if given. */
export function instantiateCore(module: WebAssembly.Module = compiledCore()): CoreInstance {
  const instance = new WebAssembly.Instance(module, { env: { abort } });
  return new CoreInstance(instance.exports as unknown as CoreExports);
}

let shared: CoreInstance | undefined;

/** The process-wide instance used by the synchronous helpers (poseidon, field ops). */
export function sharedCore(): CoreInstance {
  shared ??= instantiateCore();
  return shared;
}
