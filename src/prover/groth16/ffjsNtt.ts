/**
 * The H polynomial the way snarkjs 0.7's groth16.prove computes it (groth16_prove.js: buildABC1, then
 * Fr.ifft / Fr.batchApplyKey / Fr.fft per polynomial, then joinABC), on ffjavascript's curve: the
 * reference our WebAssembly NTT (./nttWasm.ts) must reproduce byte for byte.
 *
 * ffjavascript's Fr works on 32-byte Montgomery elements. The zkey's coefficients are stored as
 * c·2^512 mod r, so their Montgomery product with a standard-form witness value is c·w in Montgomery
 * form; C = A·B on the domain (the zkey omits C's coefficients).
 */
import type { BnCurve } from "ffjavascript";
import type { NttBackend, QapInput } from "./backends.js";
import { COEF_BYTES, FR_BYTES } from "./readZkey.js";
import type { StepTimer } from "./stepTimer.js";

export function createFfjsNtt(curve: BnCurve): NttBackend {
  const Fr = curve.Fr;
  const n8 = FR_BYTES;

  /** Entries were range-checked by parseZkey. */
  function buildAbc(input: QapInput): Uint8Array[] {
    const n = 2 ** input.power;
    const a = new Uint8Array(n * n8);
    const b = new Uint8Array(n * n8);
    const c = new Uint8Array(n * n8);
    const out = [a, b];
    const view = new DataView(input.coefs.buffer, input.coefs.byteOffset, input.coefs.byteLength);
    for (let i = 0; i < input.nCoefs; i++) {
      const at = i * COEF_BYTES;
      const m = view.getUint32(at, true);
      const k = view.getUint32(at + 4, true);
      const s = view.getUint32(at + 8, true);
      const target = out[m]!;
      const coef = input.coefs.subarray(at + 12, at + 12 + n8);
      const w = input.witness.subarray(s * n8, s * n8 + n8);
      target.set(Fr.add(target.subarray(k * n8, k * n8 + n8), Fr.mul(coef, w)), k * n8);
    }
    for (let i = 0; i < n; i++) {
      c.set(Fr.mul(a.subarray(i * n8, i * n8 + n8), b.subarray(i * n8, i * n8 + n8)), i * n8);
    }
    return [a, b, c];
  }

  return {
    name: "ffjavascript",
    async computeH(input: QapInput, timer: StepTimer): Promise<Uint8Array> {
      const [a, b, c] = await timer.time("build ABC", () => buildAbc(input));
      // ω_{2n}: the odd coset snarkjs evaluates on (Fr.shift only when the domain is 2^28, out of range here).
      const inc = Fr.w[input.power + 1]!;
      const one = Fr.e(1);
      const odd: Uint8Array[] = [];
      for (const [name, x] of [
        ["A", a!],
        ["B", b!],
        ["C", c!],
      ] as const) {
        const coeffs = await timer.time(`ifft ${name}`, () => Fr.ifft(x));
        const shifted = await timer.time(`coset ${name}`, () => Fr.batchApplyKey(coeffs, one, inc));
        odd.push(await timer.time(`fft ${name}`, () => Fr.fft(shifted)));
      }
      return timer.time("join ABC", async () => {
        const [ao, bo, co] = odd as [Uint8Array, Uint8Array, Uint8Array];
        const n = ao.length / n8;
        const h = new Uint8Array(n * n8);
        for (let i = 0; i < n; i++) {
          const at = i * n8;
          const ab = Fr.mul(ao.subarray(at, at + n8), bo.subarray(at, at + n8));
          h.set(Fr.sub(ab, co.subarray(at, at + n8)), at);
        }
        return Fr.batchFromMontgomery(h);
      });
    },
  };
}
