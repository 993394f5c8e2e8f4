/**
 * Ops staged and signature-checked once by Engine.prepare, then applied in slices by
 * Engine.applyPrepared, with other calls (closeBatch, priority ops) in between.
 *
 * What the engine will apply lives in a table private to this module, keyed by the PreparedOps object:
 * a caller holding one can read its length and nothing else, so it cannot reach or change the staged
 * copies, give one engine's ops to another, or forge a PreparedOps. Each staged op is given to the core
 * at most once: its slot is emptied when it is taken, which also lets its memory go.
 */
import type { Engine } from "./engine.js";
import type { StagedOp } from "./opCodec.js";
import { badArgument, show } from "./validate.js";

interface Prepared {
  readonly engine: Engine;
  /** The staged ops; undefined once taken by applyPrepared. */
  readonly staged: (StagedOp | undefined)[];
}

const PREPARED = new WeakMap<object, Prepared>();

/** Ops made ready by Engine.prepare; only the engine that prepared them can apply them. */
export class PreparedOps {
  /** How many ops were prepared (applied or not). */
  readonly length: number;

  /** Use Engine.prepare. */
  constructor(length: number) {
    this.length = length;
  }
}

/** A frozen PreparedOps for `staged` (taken over: the caller keeps no reference), for `engine` only. */
export function prepareOps(engine: Engine, staged: StagedOp[]): PreparedOps {
  const prepared = Object.freeze(new PreparedOps(staged.length));
  PREPARED.set(prepared, { engine, staged });
  return prepared;
}

/** `x` if it is an integer in [min, max], else WASM_BAD_ARGUMENT naming it. */
function boundArg(x: unknown, min: number, max: number, name: string): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < min || x > max)
    throw badArgument(`"${name}" expected an integer in [${min}, ${max}], got ${show(x)}`);
  return x;
}

/**
 * The staged ops start..end−1 of `prepared`, taken: each is handed out once. Throws WASM_BAD_ARGUMENT,
 * taking nothing, for anything but a PreparedOps of `engine`, a range outside 0 ≤ start ≤ end ≤ length,
 * or a range holding an op already taken.
 */
export function takePrepared(prepared: unknown, engine: Engine, start: unknown, end: unknown): StagedOp[] {
  const p = typeof prepared === "object" && prepared !== null ? PREPARED.get(prepared) : undefined;
  if (p === undefined || p.engine !== engine)
    throw badArgument(`"prepared" expected ops prepared by this engine, got ${show(prepared)}`);
  const length = p.staged.length;
  const to = end === undefined ? length : boundArg(end, 0, length, "end");
  const from = boundArg(start, 0, to, "start");
  const taken = p.staged.slice(from, to);
  const used = taken.indexOf(undefined);
  if (used >= 0) throw badArgument(`"prepared" op ${from + used} was already applied`);
  p.staged.fill(undefined, from, to);
  return taken as StagedOp[];
}
