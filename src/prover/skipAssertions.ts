/**
 * A copy of a circom-generated witness .wasm in which a failed assertion no longer stops the computation.
 *
 * circom compiles every `===`, `<==` check and `assert` of a template into
 *
 *     if (!Fr_isTrue(cond)) { buildBufferMessage(id, line); printErrorMessage(); return 4; }
 *
 * and every caller returns a nonzero code unchanged, up to `setInputSignal`, which hands it to the
 * runtime's `exceptionHandler`. By then the rest of the circuit was never computed, so an
 * `exceptionHandler` that merely records the failure cannot give the full assignment. This module turns
 * each such `i32.const 4; return` into three `nop`s (same length, so no offset in the module moves): the
 * failure is still reported through `printErrorMessage`, and the template carries on computing its
 * wires. Other failures (a signal set twice, an out-of-bounds access, memory) still return their codes.
 */
import { GhostError } from "../protocol/errors.js";

const SECTION_IMPORT = 2;
const SECTION_CODE = 10;
const OP_CALL = 0x10;
const OP_I32_CONST = 0x41;
const OP_RETURN = 0x0f;
const OP_END = 0x0b;
const OP_NOP = 0x01;
/** circom's code for "Assert Failed" (the generated witness_calculator.js maps 4 to that message). */
const ASSERT_FAILED = 4;

function bad(why: string): GhostError {
  return new GhostError("WITNESS_FAILED", `unexpected witness wasm: ${why}`);
}

/** A cursor over the module's bytes reading unsigned LEB128 integers and names. */
class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.pos++];
      if (b === undefined) throw bad("truncated");
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  name(): string {
    const n = this.u32();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + n)).toString("utf8");
    this.pos += n;
    return s;
  }

  /** Skips a table or memory limits record. */
  limits(): void {
    const flags = this.bytes[this.pos++]!;
    this.u32();
    if (flags & 1) this.u32();
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** The function index of the `runtime.printErrorMessage` import (imported functions come first). */
function printErrorMessageIndex(r: Reader, end: number): number {
  let funcs = 0;
  const count = r.u32();
  for (let i = 0; i < count && r.pos < end; i++) {
    const module = r.name();
    const field = r.name();
    const kind = r.bytes[r.pos++];
    if (kind === 0) {
      if (module === "runtime" && field === "printErrorMessage") return funcs;
      r.u32();
      funcs++;
    } else if (kind === 1) {
      r.pos++; // reference type
      r.limits();
    } else if (kind === 2) r.limits();
    else if (kind === 3)
      r.pos += 2; // value type, mutability
    else throw bad(`import kind ${kind}`);
  }
  throw bad("no runtime.printErrorMessage import");
}

/**
 * The patched module and the number of assertion sites patched. Only the exact sequence circom emits
 * after an assertion's message is touched (`call printErrorMessage; i32.const 4; return; end`), and only
 * inside function bodies.
 */
export function skipAssertions(code: Uint8Array): { code: Uint8Array<ArrayBuffer>; sites: number } {
  const out = Uint8Array.from(code);
  const r = new Reader(out, 8); // magic and version
  let pem: number[] | undefined;
  let sites = 0;
  while (r.pos < out.length) {
    const id = out[r.pos++];
    const size = r.u32();
    const end = r.pos + size;
    if (id === SECTION_IMPORT) pem = leb(printErrorMessageIndex(r, end));
    else if (id === SECTION_CODE) {
      if (pem === undefined) throw bad("no imports before the code");
      const tail = [OP_CALL, ...pem, OP_I32_CONST, ASSERT_FAILED, OP_RETURN, OP_END];
      const bodies = r.u32();
      for (let f = 0; f < bodies; f++) {
        const bodyEnd = r.u32() + r.pos;
        for (let i = r.pos; i + tail.length <= bodyEnd; i++) {
          if (out[i] !== OP_CALL || !tail.every((b, k) => out[i + k] === b)) continue;
          const at = i + 1 + pem.length;
          out.fill(OP_NOP, at, at + 3); // i32.const 4; return → nop nop nop
          sites++;
        }
        r.pos = bodyEnd;
      }
    }
    r.pos = end;
  }
  if (sites === 0) throw bad("no assertion sites found");
  return { code: out, sites };
}
