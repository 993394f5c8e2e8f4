/**
 * The full assignment of a circuit's wires for any input, valid or not: circom's witness .wasm run with its
 * assertions made non-fatal (./skipAssertions.ts). The prover uses `calculateWitness` (./witness.ts), which
 * stops at the first failed assertion; this one is for judging an input by the R1CS itself
 * (./checkConstraints.ts): a rule the compiler dropped from the constraints, but whose assertion the
 * generator still checks, shows up as an input every constraint accepts.
 *
 * It drives the wasm's exports the way the generated witness_calculator.js does (inputs by the FNV-1a hash
 * of their names, field elements through the shared 32-bit-limb buffer), but with its own runtime imports:
 * `printErrorMessage` records each failed assertion instead of buffering it for a throw.
 */
import { readFileSync } from "node:fs";
import { GhostError } from "../protocol/errors.js";
import type { CircuitInput } from "./batchInput.js";
import { skipAssertions } from "./skipAssertions.js";

export interface Assignment {
  /** Every wire, numbered as in the .r1cs and the .wtns (wire 0 is the constant 1). */
  readonly wires: bigint[];
  /** The generator's failed assertions in the order met, e.g. "Error in template Num2Bits_2 line: 38". */
  readonly failedAssertions: string[];
}

interface WitnessExports {
  init(sanityCheck: number): void;
  getFieldNumLen32(): number;
  getRawPrime(): void;
  readSharedRWMemory(i: number): number;
  writeSharedRWMemory(i: number, v: number): void;
  getInputSignalSize(hMsb: number, hLsb: number): number;
  setInputSignal(hMsb: number, hLsb: number, i: number): void;
  getInputSize(): number;
  getWitnessSize(): number;
  getWitness(i: number): void;
  getMessageChar(): number;
}

/** circom's runtime error codes (witness_calculator.js), for the failures that still abort. */
const RUNTIME_ERRORS: Record<number, string> = {
  1: "Signal not found",
  2: "Too many signals set",
  3: "Signal already set",
  4: "Assert Failed",
  5: "Not enough memory",
  6: "Input signal array access exceeds the size",
  7: "Out of bounds array access",
};

interface Runner {
  readonly wasm: WitnessExports;
  /** Where printErrorMessage appends; reset by each run. */
  messages: string[];
}

function message(wasm: WitnessExports): string {
  let s = "";
  for (let c = wasm.getMessageChar(); c !== 0; c = wasm.getMessageChar()) s += String.fromCharCode(c);
  return s;
}

async function instantiate(path: string): Promise<Runner> {
  const { code } = skipAssertions(readFileSync(path));
  const module = await WebAssembly.compile(code);
  const runner = { messages: [] as string[] } as { wasm: WitnessExports; messages: string[] };
  const instance = await WebAssembly.instantiate(module, {
    runtime: {
      exceptionHandler(c: number) {
        const why = RUNTIME_ERRORS[c] ?? `error ${c}`;
        throw new GhostError("WITNESS_FAILED", [why, ...runner.messages].join("\n"));
      },
      printErrorMessage() {
        runner.messages.push(message(runner.wasm));
      },
      writeBufferMessage() {
        message(runner.wasm); // circuit `log()` output: consumed, not printed
      },
      showSharedRWMemory() {},
    },
  });
  runner.wasm = instance.exports as unknown as WitnessExports;
  return runner;
}

const runners = new Map<string, Promise<Runner>>();

/** 64-bit FNV-1a of a signal name, split as the wasm's input map keys it. */
function fnv(name: string): [number, number] {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) {
    h ^= BigInt(name.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return [Number(h >> 32n), Number(h & 0xffffffffn)];
}

function flat(v: bigint | bigint[] | bigint[][]): bigint[] {
  return Array.isArray(v) ? v.flat() : [v];
}

/**
 * Every wire's value for `input`, computed through all failed assertions, which are listed. Fails with
 * WITNESS_FAILED only when the computation itself cannot go on (an unknown or missing input, an
 * out-of-bounds access). Synchronous once the module is loaded, so calls never interleave on the one
 * instance kept per .wasm file.
 */
export async function calculateAssignment(wasmPath: string, input: CircuitInput): Promise<Assignment> {
  let r = runners.get(wasmPath);
  if (r === undefined) {
    r = instantiate(wasmPath);
    runners.set(wasmPath, r);
  }
  const runner = await r;
  const w = runner.wasm;
  runner.messages = [];
  w.init(0);
  const n32 = w.getFieldNumLen32();
  w.getRawPrime();
  let prime = 0n;
  for (let j = n32 - 1; j >= 0; j--) prime = (prime << 32n) | BigInt(w.readSharedRWMemory(j) >>> 0);

  let set = 0;
  for (const [name, value] of Object.entries(input)) {
    const [hi, lo] = fnv(name);
    const values = flat(value);
    const size = w.getInputSignalSize(hi, lo);
    if (size < 0) throw new GhostError("WITNESS_FAILED", `input signal ${name} not found`);
    if (values.length !== size) {
      throw new GhostError("WITNESS_FAILED", `input signal ${name}: ${values.length} values for ${size}`);
    }
    for (let i = 0; i < size; i++) {
      let x = ((values[i]! % prime) + prime) % prime;
      for (let j = 0; j < n32; j++) {
        w.writeSharedRWMemory(j, Number(x & 0xffffffffn));
        x >>= 32n;
      }
      w.setInputSignal(hi, lo, i); // the last input runs the whole circuit
      set++;
    }
  }
  if (set < w.getInputSize()) {
    throw new GhostError("WITNESS_FAILED", `only ${set} of ${w.getInputSize()} input signals set`);
  }

  const wires = new Array<bigint>(w.getWitnessSize());
  for (let i = 0; i < wires.length; i++) {
    w.getWitness(i);
    let x = 0n;
    for (let j = n32 - 1; j >= 0; j--) x = (x << 32n) | BigInt(w.readSharedRWMemory(j) >>> 0);
    wires[i] = x;
  }
  return { wires, failedAssertions: runner.messages };
}
