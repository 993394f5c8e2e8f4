/**
 * WebAssembly functions added to ffjavascript's bn128 module (through its `plugins` hook, with the
 * wasmbuilder code builder that generates the module itself) so that a whole batch of affine additions
 * runs inside WebAssembly: called per field operation from JavaScript, the call overhead was about a
 * fifth of the time.
 *
 *   g1b_batchAdd(pTriples, n, pDx, pInv, pNorm) / g2b_batchAdd(...): for each triple (p1, p2, out) of
 *     i32 pointers, out = p1 + p2 in affine coordinates (out may be p1). x1 ≠ x2 is the caller's
 *     promise. pDx, pInv: n field elements of scratch each; pNorm: n Fq elements (G2 only).
 *   f2b_batchInverse(pIn, n, pOut, pNorm): Fq2 inverses through Fq norms, 1/(a+bu) = (a-bu)/(a²+b²).
 */

/* The parts of wasmbuilder's API used here (the package has no types). */
type Code = number[];
interface CodeBuilder {
  getLocal(name: string): Code;
  setLocal(name: string, v: Code): Code;
  i32_const(v: number): Code;
  i32_add(a: Code, b: Code): Code;
  i32_eq(a: Code, b: Code): Code;
  i32_load(addr: Code, offset?: number): Code;
  call(fn: string, ...args: Code[]): Code;
  block(code: Code): Code;
  loop(...code: Code[]): Code;
  br_if(depth: number, cond: Code): Code;
  br(depth: number): Code;
}
interface FunctionBuilder {
  addParam(name: string, type: "i32"): void;
  addLocal(name: string, type: "i32"): void;
  addCode(...code: Code[]): void;
  getCodeBuilder(): CodeBuilder;
}
export interface ModuleBuilder {
  addFunction(name: string): FunctionBuilder;
  exportFunction(name: string): void;
  alloc(bytes: number): number;
}

/** `for (i = 0; i < n; i++) { body; ptr += step for each (ptr, step) }` as wasm code. */
function forEach(c: CodeBuilder, body: Code[], steps: [string, number][]): Code {
  return c.block(
    c.loop(
      c.br_if(1, c.i32_eq(c.getLocal("i"), c.getLocal("n"))),
      ...body,
      ...steps.map(([p, s]) => c.setLocal(p, c.i32_add(c.getLocal(p), c.i32_const(s)))),
      c.setLocal("i", c.i32_add(c.getLocal("i"), c.i32_const(1))),
      c.br(0),
    ),
  );
}

function buildFq2BatchInverse(module: ModuleBuilder): void {
  const f = module.addFunction("f2b_batchInverse");
  for (const p of ["pIn", "n", "pOut", "pNorm"]) f.addParam(p, "i32");
  for (const l of ["i", "a", "r", "m"]) f.addLocal(l, "i32");
  const c = f.getCodeBuilder();
  const t0 = c.i32_const(module.alloc(32));
  const t1 = c.i32_const(module.alloc(32));
  const a = c.getLocal("a");
  const aIm = c.i32_add(c.getLocal("a"), c.i32_const(32));
  const m = c.getLocal("m");
  f.addCode(
    c.setLocal("i", c.i32_const(0)),
    c.setLocal("a", c.getLocal("pIn")),
    c.setLocal("m", c.getLocal("pNorm")),
    forEach(
      c,
      [c.call("f1m_square", a, t0), c.call("f1m_square", aIm, t1), c.call("f1m_add", t0, t1, m)],
      [
        ["a", 64],
        ["m", 32],
      ],
    ),
    c.call(
      "f1m_batchInverse",
      c.getLocal("pNorm"),
      c.i32_const(32),
      c.getLocal("n"),
      c.getLocal("pNorm"),
      c.i32_const(32),
    ),
    c.setLocal("i", c.i32_const(0)),
    c.setLocal("a", c.getLocal("pIn")),
    c.setLocal("r", c.getLocal("pOut")),
    c.setLocal("m", c.getLocal("pNorm")),
    forEach(
      c,
      [
        c.call("f1m_mul", a, m, c.getLocal("r")),
        c.call("f1m_mul", aIm, m, t0),
        c.call("f1m_neg", t0, c.i32_add(c.getLocal("r"), c.i32_const(32))),
      ],
      [
        ["a", 64],
        ["r", 64],
        ["m", 32],
      ],
    ),
  );
  module.exportFunction("f2b_batchInverse");
}

function buildBatchAdd(module: ModuleBuilder, name: string, field: "f1m" | "f2m", fs: number): void {
  const f = module.addFunction(name);
  for (const p of ["pTriples", "n", "pDx", "pInv", "pNorm"]) f.addParam(p, "i32");
  for (const l of ["i", "t", "d", "p1", "p2", "out"]) f.addLocal(l, "i32");
  const c = f.getCodeBuilder();
  const lam = c.i32_const(module.alloc(fs));
  const x3 = c.i32_const(module.alloc(fs));
  const tmp = c.i32_const(module.alloc(fs));
  const w = c.i32_const(module.alloc(fs));
  const op = (o: string) => `${field}_${o}`;
  const p1 = c.getLocal("p1");
  const p2 = c.getLocal("p2");
  const y = (p: Code) => c.i32_add(p, c.i32_const(fs));
  const loadTriple = [
    c.setLocal("p1", c.i32_load(c.getLocal("t"), 0)),
    c.setLocal("p2", c.i32_load(c.getLocal("t"), 4)),
    c.setLocal("out", c.i32_load(c.getLocal("t"), 8)),
  ];
  const inverse =
    field === "f1m"
      ? c.call(
          "f1m_batchInverse",
          c.getLocal("pDx"),
          c.i32_const(fs),
          c.getLocal("n"),
          c.getLocal("pInv"),
          c.i32_const(fs),
        )
      : c.call(
          "f2b_batchInverse",
          c.getLocal("pDx"),
          c.getLocal("n"),
          c.getLocal("pInv"),
          c.getLocal("pNorm"),
        );
  // Fq's copy is the big-integer copy, exported under the field's name.
  const copy = field === "f1m" ? "int_copy" : "f2m_copy";
  f.addCode(
    // dx_i = x2 - x1
    c.setLocal("i", c.i32_const(0)),
    c.setLocal("t", c.getLocal("pTriples")),
    c.setLocal("d", c.getLocal("pDx")),
    forEach(
      c,
      [...loadTriple, c.call(op("sub"), p2, p1, c.getLocal("d"))],
      [
        ["t", 12],
        ["d", fs],
      ],
    ),
    inverse,
    c.setLocal("i", c.i32_const(0)),
    c.setLocal("t", c.getLocal("pTriples")),
    c.setLocal("d", c.getLocal("pInv")),
    forEach(
      c,
      [
        ...loadTriple,
        c.call(op("sub"), y(p2), y(p1), tmp),
        c.call(op("mul"), tmp, c.getLocal("d"), lam), // λ = (y2 - y1)/(x2 - x1)
        c.call(op("square"), lam, x3),
        c.call(op("sub"), x3, p1, x3),
        c.call(op("sub"), x3, p2, x3), // x3 = λ² - x1 - x2
        c.call(op("sub"), p1, x3, tmp),
        c.call(op("mul"), lam, tmp, w), // products never alias their inputs
        c.call(op("sub"), w, y(p1), y(c.getLocal("out"))), // y3 = λ(x1 - x3) - y1
        c.call(copy, x3, c.getLocal("out")),
      ],
      [
        ["t", 12],
        ["d", fs],
      ],
    ),
  );
  module.exportFunction(name);
}

/** The `plugins` argument of ffjavascript's buildBn128. */
export function batchAddPlugin(module: ModuleBuilder): void {
  buildFq2BatchInverse(module);
  buildBatchAdd(module, "g1b_batchAdd", "f1m", 32);
  buildBatchAdd(module, "g2b_batchAdd", "f2m", 64);
}
