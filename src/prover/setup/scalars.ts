/**
 * Recipes for the scalars of a run of consecutive points, computed where the points are computed (in
 * each worker process), so that only a few secrets cross the process boundary, not millions of scalars.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { batchInvert, inv, mul, pow, R, rootOfUnity, writeLE } from "./field.js";

export type ScalarRecipe =
  /** factor · x^i */
  | { kind: "powers"; factor: bigint; x: bigint }
  /**
   * factor · L_k(τ) for k = offset + i·stride, L_k the Lagrange basis of the 2^log domain. With
   * `truncate`, the basis built from τ^0..τ^(n-2) only (the last power set to zero), which is what
   * snarkjs' `prepare phase2` stores for the power one above the ceremony's.
   */
  | {
      kind: "lagrange";
      log: number;
      factor: bigint;
      tau: bigint;
      offset: number;
      stride: number;
      truncate: boolean;
    }
  /** Precomputed 32-byte little-endian scalars stored in a file by the parent. */
  | { kind: "file"; path: string };

/** Scalars i = start .. start+count-1 of a recipe, 32 bytes each, little-endian, normal form. */
export function computeScalars(recipe: ScalarRecipe, start: number, count: number): Uint8Array {
  const out = new Uint8Array(count * 32);
  const view = new DataView(out.buffer);
  switch (recipe.kind) {
    case "powers": {
      let v = mul(recipe.factor, pow(recipe.x, BigInt(start)));
      for (let i = 0; i < count; i++) {
        writeLE(view, i * 32, v);
        v = (v * recipe.x) % R;
      }
      return out;
    }
    case "lagrange": {
      const { log, factor, tau, offset, stride, truncate } = recipe;
      const n = 1n << BigInt(log);
      const w = rootOfUnity(log);
      const wStep = pow(w, BigInt(stride));
      // L_k(τ) = (τ^n - 1)/n · ω^k / (τ - ω^k)
      const zOverN = mul(factor, mul(pow(tau, n) - 1n + R, inv(n)));
      const tail = truncate ? mul(factor, mul(inv(n), pow(tau, n - 1n))) : 0n;
      const wk = new Array<bigint>(count);
      const den = new Array<bigint>(count);
      let x = pow(w, BigInt(offset + start * stride));
      for (let i = 0; i < count; i++) {
        wk[i] = x;
        den[i] = (tau - x + R) % R;
        x = (x * wStep) % R;
      }
      batchInvert(den);
      for (let i = 0; i < count; i++) {
        let v = (((zOverN * wk[i]!) % R) * den[i]!) % R;
        // dropping τ^(n-1) removes its share (1/n)·ω^(-k(n-1))·τ^(n-1) = (1/n)·ω^k·τ^(n-1)
        if (truncate) v = (v - ((tail * wk[i]!) % R) + R) % R;
        writeLE(view, i * 32, v);
      }
      return out;
    }
    case "file": {
      const fd = openSync(recipe.path, "r");
      try {
        readSync(fd, out, 0, out.length, start * 32);
      } finally {
        closeSync(fd);
      }
      return out;
    }
  }
}
