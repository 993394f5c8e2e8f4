/**
 * Witness generation with the circom-generated witness calculator (`<name>_js/witness_calculator.js` next to
 * the circuit's .wasm). A failed constraint or assertion surfaces as WITNESS_FAILED: this is where an invalid
 * batch (bad signature, overdraft, wrong sibling, ...) stops, before any proving time is spent. To judge an
 * input by the R1CS instead, ./assignment.ts computes every wire through failed assertions.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GhostError } from "../protocol/errors.js";
import type { CircuitInput } from "./batchInput.js";

interface WitnessCalculator {
  calculateWTNSBin(input: CircuitInput, sanityCheck: number): Promise<Uint8Array>;
}
type Builder = (code: Buffer, options?: Record<string, unknown>) => Promise<WitnessCalculator>;

const require = createRequire(import.meta.url);

/**
 * Loads circom's CommonJS `witness_calculator.js`. It sits in a generated folder inside this ESM package,
 * where Node would read a `.js` file as ESM, so it is evaluated as the CommonJS module it is.
 */
function loadBuilder(file: string): Builder {
  const module = { exports: {} as unknown };
  new Function("module", "exports", "require", readFileSync(file, "utf8"))(module, module.exports, require);
  return module.exports as Builder;
}

const calculators = new Map<string, Promise<WitnessCalculator>>();

/** One witness calculator instance per .wasm file, reused across witnesses. */
function calculator(wasm: string): Promise<WitnessCalculator> {
  let c = calculators.get(wasm);
  if (c === undefined) {
    const builder = loadBuilder(join(dirname(wasm), "witness_calculator.js"));
    c = builder(readFileSync(wasm));
    calculators.set(wasm, c);
  }
  return c;
}

/** The last witness started on each calculator: calls are chained, since one instance is not re-entrant. */
const running = new Map<string, Promise<unknown>>();

/**
 * The witness in snarkjs' .wtns format, in memory. Concurrent calls for one circuit run one after the
 * other: the calculator's WebAssembly instance holds one witness at a time and interleaved calls would mix
 * their signals.
 */
export async function calculateWitness(wasm: string, input: CircuitInput): Promise<Uint8Array> {
  const wc = await calculator(wasm);
  const previous = running.get(wasm) ?? Promise.resolve();
  const result = previous.then(() => wc.calculateWTNSBin(input, 0));
  running.set(
    wasm,
    result.catch(() => undefined),
  );
  try {
    return await result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The calculator reports the failing template and line, e.g. "Assert Failed. Error in template Slot_…".
    throw new GhostError("WITNESS_FAILED", message.split("\n")[0], { cause: e });
  }
}
