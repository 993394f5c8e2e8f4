/**
 * Generates two-lane SIMD Montgomery arithmetic: the same algorithms as montgomery.ts (9 × 29-bit
 * limbs, deferred carries, CIOS multiplication, SOS squaring and dot products), computed for two
 * independent elements ("lanes" A and B) at once. Batched Poseidon hashes two tuples per pass with it.
 *
 * Why this shape: WebAssembly SIMD has no 64-bit multiply that maps to one machine instruction, but
 * `i64x2.extmul_low_i32x4_u` is x86's pmuludq (plus an unpack of each operand in V8's lowering): two
 * 32×32→64-bit products per instruction. Each product then accumulates in a u64 lane exactly as in
 * the scalar code, so every bound of limbs.ts holds lane by lane.
 *
 * Pair layout in linear memory (72 bytes): limb i of both lanes side by side, so one 8-byte load
 * (`v128.load64_zero`) yields the narrow operand [Aᵢ, Bᵢ, 0, 0] that extmul_low consumes:
 *
 *   0      4      8      12     16            64     68     72
 *   | A₀   | B₀   | A₁   | B₁   | …          | A₈   | B₈   |
 *
 * Constants shared by both lanes (round constants, matrix rows, p) stay in the scalar 36-byte
 * layout and are read with `v128.load32_splat`: no second copy of any table.
 */
import { LIMB_BITS, LIMB_COUNT, montgomeryParams, toLimbs } from "./limbs.js";
import { DOT_TERMS_PER_CHUNK, type ReductionShape, reductionShape } from "./montgomery.js";

const N = LIMB_COUNT;
const W = LIMB_BITS;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** How an operand is read: a two-lane pair, or one element shared by both lanes. */
type Operand = "pair" | "shared";

/** Narrow operand (i32 lanes 0 and 1) for extmul: limb i of the value at `ptr`. */
function narrow(kind: Operand, ptr: string, i: number): string {
  return kind === "pair" ? `v128.load64_zero(${ptr}, ${8 * i})` : `v128.load32_splat(${ptr}, ${4 * i})`;
}

/** Wide operand (one u64 per lane): limb i of the value at `ptr`, for adding into a column. */
function wide(kind: Operand, ptr: string, i: number): string {
  return kind === "pair"
    ? `v128.load32x2_u(${ptr}, ${8 * i})`
    : `v128.and(v128.load32_splat(${ptr}, ${4 * i}), MASK2)`;
}

const P = (j: number) => `v128.load32_splat(P_PTR, ${4 * j})`;

/** Lines computing q (wide) and qq (narrow) from the wide column `m`, then the carry of m + q·p₀. */
function reductionStep(shape: ReductionShape, m: string, carry: string): string[] {
  const q =
    shape.muShift > 0
      ? `v128.and(i64x2.sub(i64x2.shl(${m}, ${shape.muShift}), ${m}), MASK2)`
      : `v128.and(i32x4.mul(${m}, i32x4.splat(<i32>MU)), MASK2)`;
  const mPlus =
    shape.p0Shift > 0
      ? `i64x2.add(i64x2.add(${m}, q), i64x2.shl(q, ${shape.p0Shift}))`
      : `i64x2.add(${m}, mul(qq, ${P(0)}))`;
  return [
    `  q = ${q};`,
    // pmuludq reads i32 lanes 0 and 2 after V8's unpack: move each lane's q to lanes 0 and 1.
    "  qq = i32x4.shuffle(q, q, 0, 2, 0, 2);",
    `  ${carry} = i64x2.shr_u(${mPlus}, ${W});`,
  ];
}

/** Carry-propagates wide columns into 9 limbs per lane, stored as a pair at `o`. */
function normaliseAndStore(cols: string[], out: string): string[] {
  const L: string[] = [`  let carry: v128 = ${cols[0]};`];
  for (let i = 0; i < N; i++) {
    if (i > 0) L.push(`  carry = i64x2.add(${cols[i]}, i64x2.shr_u(carry, ${W}));`);
    const limb = i === N - 1 ? "carry" : "v128.and(carry, MASK2)";
    L.push(`  v = ${limb};`);
    // The low 32 bits of both u64 lanes, side by side: one 8-byte store.
    L.push(`  v128.store64_lane(${out}, i32x4.shuffle(v, v, 0, 2, 0, 2), 0, ${8 * i});`);
  }
  return L;
}

/**
 * CIOS multiplication o = a·b·R⁻¹ (+ z), a a pair, b a pair or shared, the optional addend z a pair
 * or shared added as z·R before the final carries (so o = a·b/R + z with no separate addition).
 * All loads precede all stores, and z's limb i is read before limb i of o is written: o may alias
 * a, b or z.
 */
function genMul(name: string, doc: string, shape: ReductionShape, b: Operand, z?: Operand): string {
  const L: string[] = [`/** ${doc} */`];
  L.push(`export function ${name}(o: usize, a: usize, b: usize${z ? ", z: usize" : ""}): void {`);
  L.push(
    `  let ${range(N - 1)
      .map((j) => `t${j}: v128`)
      .join(", ")};`,
  );
  L.push("  let ai: v128, m: v128, q: v128, qq: v128, v: v128;");
  for (let i = 0; i < N; i++) {
    L.push(`  // limb ${i} of a: t = (t + a${i}·b + q·p) / 2^${W}`);
    L.push(`  ai = ${narrow("pair", "a", i)};`);
    L.push(`  m = ${i === 0 ? "" : "i64x2.add(t0, "}mul(ai, ${narrow(b, "b", 0)})${i === 0 ? "" : ")"};`);
    L.push(...reductionStep(shape, "m", "m"));
    for (let j = 0; j < N - 1; j++) {
      const terms = [`mul(ai, ${narrow(b, "b", j + 1)})`, `mul(qq, ${P(j + 1)})`];
      if (i > 0 && j + 1 < N - 1) terms.unshift(`t${j + 1}`);
      if (j === 0) terms.push("m");
      L.push(`  t${j} = ${sum(terms)};`);
    }
  }
  const cols = [...range(N - 1).map((j) => `t${j}`), "i64x2.splat(0)"].map((c, i) =>
    z ? `i64x2.add(${c}, ${wide(z, "z", i)})` : c,
  );
  L.push(...normaliseAndStore(cols, "o"));
  L.push("}");
  return L.join("\n");
}

function sum(terms: string[]): string {
  return terms.reduce((acc, t) => `i64x2.add(${acc}, ${t})`);
}

/** Montgomery reduction of wide columns x0..x17, written to `o` (see montgomery.ts). */
function genReduceColumns(L: string[], shape: ReductionShape): void {
  L.push("  let q: v128, qq: v128, cy: v128, v: v128;");
  for (let i = 0; i < N; i++) {
    L.push(...reductionStep(shape, `x${i}`, "cy"));
    L.push(`  x${i + 1} = i64x2.add(i64x2.add(x${i + 1}, cy), mul(qq, ${P(1)}));`);
    for (let j = 2; j < N; j++) L.push(`  x${i + j} = i64x2.add(x${i + j}, mul(qq, ${P(j)}));`);
  }
  L.push(
    ...normaliseAndStore(
      range(N).map((i) => `x${i + N}`),
      "o",
    ),
  );
}

function genSqr(shape: ReductionShape): string {
  const L: string[] = ["/** o = a²·R⁻¹ for a pair: each cross product once, then one reduction. */"];
  L.push("export function sqrX2(o: usize, a: usize): void {");
  for (let i = 0; i < N; i++) L.push(`  const a${i} = ${narrow("pair", "a", i)};`);
  // Limbs < 2^29, so doubling within the u32 lanes cannot overflow.
  for (let i = 0; i < N - 1; i++) L.push(`  const d${i} = i32x4.shl(a${i}, 1);`);
  for (let k = 0; k < 2 * N; k++) {
    const terms: string[] = [];
    for (let i = 0; i < N; i++) {
      const j = k - i;
      if (j < i || j >= N) continue;
      terms.push(i === j ? `mul(a${i}, a${i})` : `mul(d${i}, a${j})`);
    }
    L.push(`  let x${k}: v128 = ${terms.length > 0 ? sum(terms) : "i64x2.splat(0)"};`);
  }
  genReduceColumns(L, shape);
  L.push("}");
  return L.join("\n");
}

function genDot(shape: ReductionShape): string {
  const L: string[] = [];
  L.push("/**");
  L.push(" * o = (Σₖ c[k]·x[k])·R⁻¹ for shared constants c (n consecutive 36-byte elements) and pairs x");
  L.push(` * (n consecutive pairs): one reduction, carries propagated every ${DOT_TERMS_PER_CHUNK} terms`);
  L.push(" * (except after the last). o must not alias x.");
  L.push(" */");
  L.push("export function dotX2(o: usize, c: usize, x: usize, n: i32): void {");
  L.push(
    `  let ${range(2 * N)
      .map((k) => `x${k}: v128 = i64x2.splat(0)`)
      .join(", ")};`,
  );
  L.push("  for (let k = 0; k < n; k++) {");
  for (let i = 0; i < N; i++) L.push(`    const c${i} = ${narrow("shared", "c", i)};`);
  for (let i = 0; i < N; i++) L.push(`    const y${i} = ${narrow("pair", "x", i)};`);
  for (let k = 0; k < 2 * N - 1; k++) {
    const terms: string[] = [`x${k}`];
    for (let i = 0; i < N; i++) {
      const j = k - i;
      if (j >= 0 && j < N) terms.push(`mul(c${i}, y${j})`);
    }
    L.push(`    x${k} = ${sum(terms)};`);
  }
  L.push(`    c += ${N * 4};`);
  L.push(`    x += ${N * 8};`);
  L.push(`    if ((k + 1) % ${DOT_TERMS_PER_CHUNK} == 0 && k + 1 < n) {`);
  for (let k = 0; k < 2 * N - 1; k++) {
    L.push(
      `      x${k + 1} = i64x2.add(x${k + 1}, i64x2.shr_u(x${k}, ${W})); x${k} = v128.and(x${k}, MASK2);`,
    );
  }
  L.push("    }");
  L.push("  }");
  genReduceColumns(L, shape);
  L.push("}");
  return L.join("\n");
}

/**
 * o = a − 2p where that is ≥ 0, else a, in each lane independently (brings values < 4p below 2p):
 * a − 2p with signed borrows in the u32 lanes, then a per-lane select on the final borrow, no
 * branches. Straight-line so that the limbs of a and of a − 2p stay in registers until the select.
 */
function genReduce2p(): string {
  const L: string[] = ["/** Both lanes of a pair from below 4p to below 2p (o may alias a). */"];
  L.push("export function reduce2pX2(o: usize, a: usize): void {");
  L.push("  const mask = i32x4.splat(<i32>MASK);");
  L.push("  let d: v128;");
  for (let i = 0; i < N; i++) {
    L.push(`  const a${i} = ${narrow("pair", "a", i)};`);
    const diff = `i32x4.sub(a${i}, v128.load32_splat(TWO_P_PTR, ${4 * i}))`;
    L.push(`  d = ${i === 0 ? diff : `i32x4.add(${diff}, i32x4.shr_s(d, ${W}))`};`);
    L.push(`  const d${i} = v128.and(d, mask);`);
  }
  L.push("  // −1 in a lane where a < 2p (keep a), 0 where a ≥ 2p (take a − 2p).");
  L.push(`  const keep = i32x4.shr_s(d, ${W});`);
  for (let i = 0; i < N; i++)
    L.push(`  v128.store64_lane(o, v128.bitselect(a${i}, d${i}, keep), 0, ${8 * i});`);
  L.push("}");
  return L.join("\n");
}

/** The generated two-lane module for the field with modulus `p` (the scalar module is ./frMontgomery). */
export function generateMontgomeryX2(p: bigint, fieldName: string): string {
  const params = montgomeryParams(p);
  const shape = reductionShape(params.mu, toLimbs(p)[0]!);
  const out: string[] = [];
  out.push(`// @generated by scripts/build/gen/montgomeryX2.ts for ${fieldName}: do not edit.`);
  out.push("// Two-lane pairs: limb i of lanes A and B at byte 8i and 8i + 4 (72 bytes per pair).");
  out.push("");
  out.push('import { MASK, MU, P_PTR, TWO_P_PTR } from "./frMontgomery";');
  out.push("");
  out.push(`/** Bytes of one pair of elements (${N} × two u32 limbs). */`);
  out.push(`export const PAIR_BYTES: i32 = ${N * 8};`);
  out.push("/** The limb mask in both u64 lanes. */");
  out.push("const MASK2: v128 = i64x2.splat(MASK);");
  out.push("");
  out.push("/** Both lanes' 32×32→64-bit products: i32 lanes 0 and 1 of x times those of y. */");
  out.push("@inline function mul(x: v128, y: v128): v128 {");
  out.push("  return i64x2.extmul_low_i32x4_u(x, y);");
  out.push("}");
  out.push("");
  out.push(genMul("mulX2", "o = a·b·R⁻¹ for pairs a, b (o may alias a or b).", shape, "pair"));
  out.push("");
  out.push(
    genMul(
      "mulAddSharedX2",
      "o = a·b·R⁻¹ + z for pairs a, b and a shared z (result < 2p + z; o may alias a or b).",
      shape,
      "pair",
      "shared",
    ),
  );
  out.push("");
  out.push(
    genMul(
      "mulSharedAddX2",
      "o = a·b·R⁻¹ + z for a pair a, a shared b and a pair z (result < 2p + z; o may alias a or z).",
      shape,
      "shared",
      "pair",
    ),
  );
  out.push("");
  out.push(genSqr(shape));
  out.push("");
  out.push(genDot(shape));
  out.push("");
  out.push(genReduce2p());
  out.push("");
  return out.join("\n");
}
