/**
 * The NTT backend on our WebAssembly (assembly/groth16/ntt.ts, built into build/wasm/groth16.wasm with
 * the MSM code): the QAP build, the six transforms, the coset shift and A·B − C run inside one instance
 * over 36-byte elements, and only the zkey's coefficients and the witness go in, the H scalars come out.
 *
 * Twiddles are computed once per domain size per instance. Buffers are taken with nttAlloc and given
 * back in reverse order, which also lets AssemblyScript's stub runtime (a bump allocator) reuse them.
 * Views of linear memory are made after the allocations of a step, since an allocation may grow it.
 */
import { GhostError } from "../../protocol/errors.js";
import type { NttBackend, QapInput } from "./backends.js";
import { instantiateGroth16, loadGroth16Module } from "./groth16Module.js";
import { COEF_BYTES, FR_BYTES, MAX_DOMAIN_POWER } from "./readZkey.js";
import type { StepTimer } from "./stepTimer.js";

/** The exports of assembly/groth16/ntt.ts (pointers are wasm32 addresses; read them with `>>> 0`). */
interface NttExports {
  memory: WebAssembly.Memory;
  nttElementBytes(): number;
  nttAlloc(bytes: number): number;
  nttFree(ptr: number): void;
  nttDomain(power: number): number;
  nttForward(domain: number, a: number): void;
  nttInverse(domain: number, a: number): void;
  nttCosetShift(domain: number, a: number): void;
  nttInverseCoset(domain: number, a: number): void;
  nttJoinAbc(out: number, a: number, b: number, c: number, n: number): void;
  nttLoad(dst: number, src: number, n: number, form: number): number;
  nttStore(dst: number, src: number, n: number, form: number): void;
  nttLoadWitness(dst: number, src: number, n: number): number;
  nttBuildAbc(
    coefs: number,
    nCoefs: number,
    witness: number,
    nVars: number,
    a: number,
    b: number,
    c: number,
    n: number,
  ): number;
}

/** How 32-byte values outside the module are encoded (ntt.ts's NTT_FORM_*). */
export const NttForm = { standard: 0, ffjsMontgomery: 1 } as const;
export type NttForm = (typeof NttForm)[keyof typeof NttForm];

export interface WasmNttOptions {
  /** The compiled module or a path to it (default: build/wasm/groth16.wasm). */
  wasm?: WebAssembly.Module | string;
}

/** The NTT backend, plus single transforms on 32-byte buffers (tests compare them with ffjavascript). */
export class WasmNtt implements NttBackend {
  readonly name = "wasm";
  private readonly x: NttExports;
  private readonly elementBytes: number;
  private readonly domains = new Map<number, number>();

  constructor(instance: WebAssembly.Instance) {
    this.x = instance.exports as unknown as NttExports;
    if (typeof this.x.nttDomain !== "function") {
      throw new GhostError("WASM_NOT_BUILT", "the Groth16 WebAssembly module has no NTT exports");
    }
    this.elementBytes = this.x.nttElementBytes();
  }

  private bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.x.memory.buffer, ptr, length);
  }

  private alloc(bytes: number): number {
    const ptr = this.x.nttAlloc(bytes) >>> 0;
    if (ptr === 0) throw new GhostError("WASM_BAD_ARGUMENT", `cannot allocate ${bytes} bytes`);
    return ptr;
  }

  private domain(power: number): number {
    if (!Number.isInteger(power) || power < 1 || power > MAX_DOMAIN_POWER) {
      throw new GhostError(
        "WASM_BAD_ARGUMENT",
        `"power" expected an integer in 1..${MAX_DOMAIN_POWER}, got ${power}`,
      );
    }
    let d = this.domains.get(power);
    if (d === undefined) {
      d = this.x.nttDomain(power) >>> 0;
      this.domains.set(power, d);
    }
    return d;
  }

  /** Runs `steps` on buffers allocated for the call, freed afterwards in reverse order. */
  private withBuffers<T>(sizes: number[], steps: (ptrs: number[]) => T): T {
    const ptrs: number[] = [];
    try {
      for (const size of sizes) ptrs.push(this.alloc(size));
      return steps(ptrs);
    } finally {
      for (let i = ptrs.length - 1; i >= 0; i--) this.x.nttFree(ptrs[i]!);
    }
  }

  private count(values: Uint8Array): { n: number; power: number } {
    const n = values.length / FR_BYTES;
    const power = Math.log2(n);
    if (!Number.isInteger(power)) {
      throw new GhostError("WASM_BAD_ARGUMENT", `expected 2^k 32-byte values, got ${values.length} bytes`);
    }
    return { n, power };
  }

  /** One operation on a whole buffer: load, `op` on the elements, store (same form in and out). */
  private map(values: Uint8Array, form: NttForm, op: (domain: number, a: number) => void): Uint8Array {
    const { n, power } = this.count(values);
    const domain = this.domain(power);
    return this.withBuffers([n * FR_BYTES, n * this.elementBytes], ([io, a]) => {
      this.bytes(io!, n * FR_BYTES).set(values);
      this.x.nttLoad(a!, io!, n, form);
      op(domain, a!);
      this.x.nttStore(io!, a!, n, form);
      return this.bytes(io!, n * FR_BYTES).slice();
    });
  }

  /** X_k = Σ_j x_j ω^{jk}, as ffjavascript's Fr.fft. */
  fft(values: Uint8Array, form: NttForm): Uint8Array {
    return this.map(values, form, (d, a) => this.x.nttForward(d, a));
  }

  /** The inverse, divided by n, as ffjavascript's Fr.ifft. */
  ifft(values: Uint8Array, form: NttForm): Uint8Array {
    return this.map(values, form, (d, a) => this.x.nttInverse(d, a));
  }

  /** x_i · ω_{2n}^i, as ffjavascript's Fr.batchApplyKey(x, 1, Fr.w[log n + 1]). */
  cosetShift(values: Uint8Array, form: NttForm): Uint8Array {
    return this.map(values, form, (d, a) => this.x.nttCosetShift(d, a));
  }

  async computeH(input: QapInput, timer: StepTimer): Promise<Uint8Array> {
    const n = 2 ** input.power;
    const domain = await timer.time("twiddles", () => this.domain(input.power));
    const e = this.elementBytes;
    const sizes = [
      input.nCoefs * COEF_BYTES || 1,
      input.nVars * FR_BYTES,
      input.nVars * e,
      n * e,
      n * e,
      n * e,
    ];
    return this.withBuffers(sizes, ([coefs, rawWitness, witness, a, b, c]) => {
      // Synchronous inside: nothing else may allocate in the instance while these buffers are live.
      const time = <T>(step: string, fn: () => T): T => {
        const t0 = performance.now();
        const r = fn();
        timer.steps.push({ step, ms: performance.now() - t0 });
        return r;
      };
      time("build ABC", () => {
        this.bytes(coefs!, input.nCoefs * COEF_BYTES).set(input.coefs);
        this.bytes(rawWitness!, input.nVars * FR_BYTES).set(input.witness);
        const bad = this.x.nttLoadWitness(witness!, rawWitness!, input.nVars);
        if (bad !== 0) throw new GhostError("WITNESS_FAILED", `witness value ${bad - 1} is not below r`);
        const badCoef = this.x.nttBuildAbc(coefs!, input.nCoefs, witness!, input.nVars, a!, b!, c!, n);
        if (badCoef !== 0)
          throw new GhostError("SETUP_BAD_FILE", `zkey coefficient ${badCoef - 1} is out of range`);
      });
      for (const [name, x] of [
        ["A", a!],
        ["B", b!],
        ["C", c!],
      ] as const) {
        // The coset shift rides on the inverse's division by n (one table of g^i / n): no step of its own.
        time(`ifft ${name}`, () => this.x.nttInverseCoset(domain, x));
        time(`fft ${name}`, () => this.x.nttForward(domain, x));
      }
      return time("join ABC", () => {
        this.x.nttJoinAbc(a!, a!, b!, c!, n);
        // In place: output i (32 bytes at 32i) never reaches input i + 1 (36 bytes at 36i + 36), and
        // nttStore reads each element before writing its bytes.
        this.x.nttStore(a!, a!, n, NttForm.standard);
        return this.bytes(a!, n * FR_BYTES).slice();
      });
    });
  }
}

/** The Groth16 WebAssembly module, compiled (or as given). WASM_NOT_BUILT when the file is missing. */
/** A new instance of a compiled Groth16 module, as an NTT backend on the calling thread. */
export function instantiateWasmNtt(module: WebAssembly.Module): WasmNtt {
  return new WasmNtt(instantiateGroth16(module));
}

/** A new instance of the Groth16 WebAssembly module with its NTT ready (build/wasm/groth16.wasm by default). */
export async function createWasmNtt(options: WasmNttOptions = {}): Promise<WasmNtt> {
  return instantiateWasmNtt(loadGroth16Module(options.wasm));
}
