/**
 * Generates fully unrolled Montgomery arithmetic for one prime field in AssemblyScript
 * (see limbs.ts for why 9 × 29-bit limbs). The output is straight-line code over u64 locals: a
 * multiplication is 81 + 81 limb products with no carry handling until the end, a squaring computes
 * each cross product once, and a dot product accumulates several full products before a single
 * reduction. Element layout in linear memory: 9 little-endian u32 limbs (36 bytes), each < 2^29.
 */
import { isQuadraticResidue, modPow } from "../../../src/protocol/modular/index.js";
import { LIMB_BITS, LIMB_COUNT, limbList, montgomeryParams, toLimbs } from "./limbs.js";

const N = LIMB_COUNT;
const W = LIMB_BITS;
/** Products that may be summed into one u64 column before carries must be propagated. */
export const DOT_TERMS_PER_CHUNK = 6;

function leBytes(x: bigint, length: number): number[] {
  return Array.from({ length }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** log2(x) when x is a power of two, else −1. */
function exactLog2(x: bigint): number {
  return x > 0n && (x & (x - 1n)) === 0n ? x.toString(2).length - 1 : -1;
}

/**
 * How the generated code forms q = (m·μ) mod 2^W and m + q·p₀. For BN254 Fr, p ≡ 1 + 2^28 (mod 2^29)
 * (its 2-adicity is 28), so μ = 2^28 − 1 and p₀ = 2^28 + 1: both products become a shift and an
 * add or subtract, which takes two of the 18 multiplications per limb step off the multiplier port
 * (the bottleneck of this code). Other moduli get plain multiplications.
 */
export interface ReductionShape {
  /** s with μ = 2^s − 1, or −1 when μ has no such form. */
  muShift: number;
  /** s with p₀ = 2^s + 1, or −1 when p₀ has no such form. */
  p0Shift: number;
  /** Expression for q from the column expression `m` (an identifier). */
  q(m: string): string;
  /** Expression for m + q·p₀ (exactly divisible by 2^W). */
  mPlusQP0(m: string, q: string): string;
}

export function reductionShape(mu: bigint, p0: bigint): ReductionShape {
  const muShift = exactLog2(mu + 1n);
  const p0Shift = exactLog2(p0 - 1n);
  return {
    muShift,
    p0Shift,
    q: (m) => (muShift > 0 ? `((${m} << ${muShift}) - ${m}) & MASK` : `(${m} * MU) & MASK`),
    mPlusQP0: (m, q) => (p0Shift > 0 ? `${m} + ${q} + (${q} << ${p0Shift})` : `${m} + ${q} * P0`),
  };
}

function loadLimbs(prefix: string, ptr: string): string[] {
  return range(N).map((i) => `  const ${prefix}${i}: u64 = <u64>load<u32>(${ptr}, ${i * 4});`);
}

/** Carry-propagates columns `col0..` (each an unnormalised u64) into 9 limbs stored at `o`. */
function normaliseAndStore(cols: string[], out: string): string[] {
  const lines: string[] = [];
  lines.push(`  let carry: u64 = ${cols[0]};`);
  for (let i = 0; i < N; i++) {
    if (i > 0) lines.push(`  carry = ${cols[i]} + (carry >> ${W});`);
    if (i === N - 1) lines.push(`  store<u32>(${out}, <u32>carry, ${i * 4});`);
    else lines.push(`  store<u32>(${out}, <u32>(carry & MASK), ${i * 4});`);
  }
  return lines;
}

/** CIOS Montgomery multiplication with deferred carries: o = a·b·R⁻¹, result < 2p when a·b < R·p. */
function genMul(shape: ReductionShape): string {
  const L: string[] = [];
  L.push("/** o = a·b·R⁻¹ mod p (result < 2p when a·b < p·R; o may alias a or b). */");
  L.push("export function mulMont(o: usize, a: usize, b: usize): void {");
  L.push(...loadLimbs("a", "a"), ...loadLimbs("b", "b"));
  L.push(
    `  let ${range(N - 1)
      .map((j) => `t${j}: u64 = 0`)
      .join(", ")};`,
  );
  L.push("  let q: u64, m: u64;");
  for (let i = 0; i < N; i++) {
    L.push(`  // limb ${i} of a: t = (t + a${i}·b + q·p) / 2^${W}`);
    L.push(`  m = t0 + a${i} * b0;`);
    L.push(`  q = ${shape.q("m")};`);
    L.push(`  m = (${shape.mPlusQP0("m", "q")}) >> ${W};`);
    for (let j = 0; j < N - 1; j++) {
      const prev = j + 1 < N - 1 ? `t${j + 1} + ` : "";
      const carry = j === 0 ? " + m" : "";
      L.push(`  t${j} = ${prev}a${i} * b${j + 1} + q * P${j + 1}${carry};`);
    }
  }
  L.push(...normaliseAndStore([...range(N - 1).map((j) => `t${j}`), "0"], "o"));
  L.push("}");
  return L.join("\n");
}

/**
 * Montgomery reduction of product columns col0..col16 held in locals `x0..x16`:
 * for each low limb, add q·p so it becomes a multiple of 2^29, and carry it up.
 */
function genReduceColumns(L: string[], shape: ReductionShape): void {
  L.push("  let q: u64;");
  for (let i = 0; i < N; i++) {
    L.push(`  q = ${shape.q(`x${i}`)};`);
    L.push(`  x${i + 1} += ((${shape.mPlusQP0(`x${i}`, "q")}) >> ${W}) + q * P1;`);
    for (let j = 2; j < N; j++) L.push(`  x${i + j} += q * P${j};`);
  }
  L.push(
    ...normaliseAndStore(
      range(N).map((i) => `x${i + N}`),
      "o",
    ),
  );
}

function genSqr(shape: ReductionShape): string {
  const L: string[] = [];
  L.push("/** o = a²·R⁻¹ mod p: each cross product computed once, then one reduction. */");
  L.push("export function sqrMont(o: usize, a: usize): void {");
  L.push(...loadLimbs("a", "a"));
  L.push(
    `  ${range(N - 1)
      .map((i) => `const d${i}: u64 = a${i} << 1;`)
      .join(" ")}`,
  );
  for (let k = 0; k < 2 * N; k++) {
    const terms: string[] = [];
    for (let i = 0; i < N; i++) {
      const j = k - i;
      if (j < i || j >= N) continue;
      terms.push(i === j ? `a${i} * a${i}` : `d${i} * a${j}`);
    }
    L.push(`  let x${k}: u64 = ${terms.length > 0 ? terms.join(" + ") : "0"};`);
  }
  genReduceColumns(L, shape);
  L.push("}");
  return L.join("\n");
}

function genDot(shape: ReductionShape): string {
  const L: string[] = [];
  L.push("/**");
  L.push(" * o = (Σₖ c[k]·x[k])·R⁻¹ mod p over n consecutive elements of c and of x: the products are");
  L.push(` * summed unreduced (carries propagated every ${DOT_TERMS_PER_CHUNK} terms) and reduced once.`);
  L.push(" * Result < 2p whenever n·max(c)·max(x) < p·R. o must not alias c or x.");
  L.push(" */");
  L.push("export function dotMont(o: usize, c: usize, x: usize, n: i32): void {");
  L.push(
    `  let ${range(2 * N)
      .map((k) => `x${k}: u64 = 0`)
      .join(", ")};`,
  );
  L.push("  for (let k = 0; k < n; k++) {");
  L.push(...loadLimbs("a", "c").map((l) => `  ${l}`));
  L.push(...loadLimbs("b", "x").map((l) => `  ${l}`));
  for (let k = 0; k < 2 * N - 1; k++) {
    const terms: string[] = [];
    for (let i = 0; i < N; i++) {
      const j = k - i;
      if (j >= 0 && j < N) terms.push(`a${i} * b${j}`);
    }
    L.push(`    x${k} += ${terms.join(" + ")};`);
  }
  L.push(`    c += ${N * 4};`);
  L.push(`    x += ${N * 4};`);
  // Not after the last term: the reduction adds at most 9 products per column (63 in all, see limbs.ts).
  L.push(`    if ((k + 1) % ${DOT_TERMS_PER_CHUNK} == 0 && k + 1 < n) {`);
  for (let k = 0; k < 2 * N - 1; k++) {
    L.push(`      x${k + 1} += x${k} >> ${W}; x${k} &= MASK;`);
  }
  L.push("    }");
  L.push("  }");
  genReduceColumns(L, shape);
  L.push("}");
  return L.join("\n");
}

/**
 * One unrolled operation followed by one conditional subtraction of m (the limb vector named by `m`):
 * "add" s = a + b, "sub" s = a − b + m, "reduce" s = a; then o = s − m when s ≥ m, else s, chosen
 * without a branch from the final borrow. With a, b < m the result is < m: m = 2p keeps the lazy
 * "< 2p" invariant, m = p gives the canonical representative.
 */
function genAddSub(name: string, doc: string, op: "add" | "sub" | "reduce", m: string): string {
  const L: string[] = [];
  L.push(`/** ${doc} */`);
  L.push(
    op === "reduce"
      ? `export function ${name}(o: usize, a: usize): void {`
      : `export function ${name}(o: usize, a: usize, b: usize): void {`,
  );
  if (op !== "reduce") L.push("  let c: i64 = 0;");
  for (let i = 0; i < N; i++) {
    const a = `<i64>load<u32>(a, ${i * 4})`;
    const b = `<i64>load<u32>(b, ${i * 4})`;
    const mi = `${m}${i}`;
    if (op === "reduce") {
      // The input's limbs are already below 2^29: no carry pass before the subtraction.
      L.push(`  const s${i}: i64 = ${a};`);
      continue;
    }
    const expr = op === "add" ? `${a} + ${b}` : `${a} - ${b} + ${mi}`;
    L.push(`  c += ${expr}; const s${i}: i64 = c & MASK_I; c >>= ${W};`);
  }
  L.push("  let d: i64 = 0;");
  for (let i = 0; i < N; i++) {
    L.push(`  d += s${i} - ${m}${i}; const d${i}: i64 = d & MASK_I; d >>= ${W};`);
  }
  L.push("  // d is −1 when the result was below m (keep s), 0 otherwise (take s − m).");
  L.push("  const keep = d != 0;");
  for (let i = 0; i < N; i++) L.push(`  store<u32>(o, <u32>select<i64>(s${i}, d${i}, keep), ${i * 4});`);
  L.push("}");
  return L.join("\n");
}

/** One carry pass, no reduction: a + b, or a + 2p − b (never negative for b < 2p). */
function genLazy(name: string, doc: string, op: "add" | "sub"): string {
  const L: string[] = [
    `/** ${doc} */`,
    `export function ${name}(o: usize, a: usize, b: usize): void {`,
    "  let c: i64 = 0;",
  ];
  for (let i = 0; i < N; i++) {
    const a = `<i64>load<u32>(a, ${i * 4})`;
    const b = `<i64>load<u32>(b, ${i * 4})`;
    L.push(`  c += ${op === "add" ? `${a} + ${b}` : `${a} - ${b} + P2I${i}`};`);
    L.push(`  store<u32>(o, <u32>(c & MASK_I), ${i * 4}); c >>= ${W};`);
  }
  L.push("}");
  return L.join("\n");
}

/**
 * Unrolled modular addition, subtraction and reductions for the field's lazy "< 2p" invariant: the
 * loops of a hand-written version cost as much as a third of a multiplication, and elliptic-curve
 * formulas use several of them per multiplication.
 */
function genLinear(p: bigint): string {
  const pl = toLimbs(p);
  const p2 = toLimbs(2n * p);
  const out: string[] = [];
  out.push(`const MASK_I: i64 = 0x${((1n << BigInt(W)) - 1n).toString(16)};`);
  out.push(...pl.map((l, i) => `const PI${i}: i64 = 0x${l.toString(16)};`));
  out.push(...p2.map((l, i) => `const P2I${i}: i64 = 0x${l.toString(16)};`));
  out.push("");
  out.push(genAddSub("addMod", "o = a + b mod p, inputs and output < 2p.", "add", "P2I"));
  out.push("");
  out.push(genAddSub("subMod", "o = a − b mod p, inputs and output < 2p.", "sub", "P2I"));
  out.push("");
  out.push(genAddSub("canonical", "The canonical representative (< p) of a value < 2p.", "reduce", "PI"));
  out.push("");
  out.push(
    genLazy("addLazy", "o = a + b without reduction (for operands of a multiplication: < 8p).", "add"),
  );
  out.push("");
  out.push(
    genLazy("subLazy", "o = a + 2p − b without reduction (b < 2p; for operands of a multiplication).", "sub"),
  );
  out.push("");
  return out.join("\n");
}

export interface MontgomeryOptions {
  /** Also emit unrolled addMod / subMod / canonical (the curve code's field, not Fr's). */
  linear?: boolean;
}

/** The generated AssemblyScript module for the field with modulus `p`. */
export function generateMontgomery(p: bigint, fieldName: string, options: MontgomeryOptions = {}): string {
  const params = montgomeryParams(p);
  const pl = toLimbs(p);
  const shape = reductionShape(params.mu, pl[0]!);
  const out: string[] = [];
  out.push(`// @generated by scripts/build/gen/montgomery.ts for ${fieldName}: do not edit.`);
  out.push(`// p = ${p}`);
  out.push("");
  out.push(`export const LIMBS: i32 = ${N};`);
  out.push(`export const LIMB_BITS: i32 = ${W};`);
  out.push(`/** Bytes of one element in linear memory (${N} u32 limbs). */`);
  out.push(`export const ELEMENT_BYTES: i32 = ${N * 4};`);
  out.push(`export const MASK: u64 = 0x${((1n << BigInt(W)) - 1n).toString(16)};`);
  out.push(`/** -p⁻¹ mod 2^${W} */`);
  out.push(`export const MU: u64 = ${params.mu};`);
  pl.forEach((l, i) => {
    out.push(`export const P${i}: u64 = 0x${l.toString(16)};`);
  });
  out.push("/** p, 2p, R mod p (Montgomery 1) and R² mod p as limb vectors. */");
  out.push(`export const P_PTR: usize = memory.data<u32>([${limbList(p)}]);`);
  out.push(`export const TWO_P_PTR: usize = memory.data<u32>([${limbList(2n * p)}]);`);
  out.push(`export const ONE_PTR: usize = memory.data<u32>([${limbList(params.one)}]);`);
  out.push(`export const R2_PTR: usize = memory.data<u32>([${limbList(params.r2)}]);`);
  out.push("/** p − 2 as 32 little-endian bytes: the exponent of Fermat inversion. */");
  out.push(`export const P_MINUS_2_LE: usize = memory.data<u8>([${leBytes(p - 2n, 32).join(", ")}]);`);
  // Square roots (Tonelli–Shanks): p − 1 = 2^s · t with t odd, z the least quadratic non-residue.
  let s = 0;
  let t = p - 1n;
  while ((t & 1n) === 0n) {
    t >>= 1n;
    s++;
  }
  let z = 2n;
  while (isQuadraticResidue(z, p)) z++;
  out.push(`/** Two-adicity of p − 1 (p − 1 = 2^s · t, t odd). */`);
  out.push(`export const TWO_ADICITY: i32 = ${s};`);
  out.push(`/** (t − 1) / 2 as 32 little-endian bytes. */`);
  out.push(
    `export const T_MINUS_1_HALF_LE: usize = memory.data<u8>([${leBytes((t - 1n) / 2n, 32).join(", ")}]);`,
  );
  out.push(
    `/** z^t for the least non-residue z = ${z}: a primitive 2^s-th root of unity, Montgomery form. */`,
  );
  out.push(
    `export const ROOT_OF_UNITY_PTR: usize = memory.data<u32>([${limbList(params.toMontgomery(modPow(z, t, p)))}]);`,
  );
  out.push(
    `/** (p − 1) / 2 as limbs: canonical values above it are "negative" (circomlib's sign convention). */`,
  );
  out.push(`export const HALF_P_PTR: usize = memory.data<u32>([${limbList((p - 1n) / 2n)}]);`);
  out.push("");
  out.push(genMul(shape));
  out.push("");
  out.push(genSqr(shape));
  out.push("");
  out.push(genDot(shape));
  out.push("");
  if (options.linear) out.push(genLinear(p));
  return out.join("\n");
}
