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

export type LagrangeRecipe = Extract<ScalarRecipe, { kind: "lagrange" }>;

/** Values i = start .. start+count-1 of a Lagrange recipe. */
export function lagrangeValues(recipe: LagrangeRecipe, start: number, count: number): bigint[] {
  const { log, factor, tau, offset, stride, truncate } = recipe;
  const n = 1n << BigInt(log);
  const w = rootOfUnity(log);
  const wStep = pow(w, BigInt(stride));
  // L_k(τ) = (τ^n - 1)/n · ω^k / (τ - ω^k) = ((τ^n - 1)/n) / (τ·ω^(-k) - 1): one multiplication per
  // step for τ·ω^(-k), and the constant rides on the batch inversion.
  const zOverN = mul(factor, mul(pow(tau, n) - 1n + R, inv(n)));
  const wInvStep = inv(wStep);
  const first = offset + start * stride;
  const values = new Array<bigint>(count);
  let t = mul(tau, inv(pow(w, BigInt(first))));
  for (let i = 0; i < count; i++) {
    values[i] = t === 0n ? R - 1n : t - 1n;
    t = (t * wInvStep) % R;
  }
  batchInvert(values, zOverN);
  if (truncate) {
    // dropping τ^(n-1) removes its share (1/n)·ω^(-k(n-1))·τ^(n-1) = (1/n)·ω^k·τ^(n-1)
    const tail = mul(factor, mul(inv(n), pow(tau, n - 1n)));
    let wk = pow(w, BigInt(first));
    for (let i = 0; i < count; i++) {
      values[i] = (values[i]! - ((tail * wk) % R) + R) % R;
      wk = (wk * wStep) % R;
    }
  }
  return values;
}

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
      const values = lagrangeValues(recipe, start, count);
      for (let i = 0; i < count; i++) writeLE(view, i * 32, values[i]!);
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
