/**
 * Struct layouts for the JS⇄WASM boundary: a struct is a list of named fields of fixed byte width,
 * placed in order at their natural alignment. The same definition generates the AssemblyScript offset
 * constants (scripts/build/gen/stateLayout.ts) and drives the TypeScript codec (codec.ts), so the two
 * sides of the boundary cannot disagree about where a field lives.
 *
 * Integers are little-endian. `u256` holds a 256-bit integer (a canonical field element, an L1 address,
 * or an amount before its range check); `u128` a balance; `bytes` an opaque byte string.
 */

export type FieldKind = "u32" | "u128" | "u256" | "bytes";

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** Bytes, for `bytes` fields only. */
  readonly bytes?: number;
  /** Consecutive elements of this field (an array); 1 if omitted. */
  readonly count?: number;
}

export interface FieldLayout {
  readonly name: string;
  readonly kind: FieldKind;
  readonly offset: number;
  /** Bytes of one element. */
  readonly size: number;
  readonly count: number;
}

export interface StructLayout<N extends string = string> {
  readonly name: string;
  /** Total bytes, a multiple of 8 so arrays of the struct keep 64-bit fields aligned. */
  readonly size: number;
  readonly fields: { readonly [K in N]: FieldLayout };
  /** Fields in offset order, for generators and diagrams. */
  readonly ordered: readonly FieldLayout[];
}

const SIZE: Record<Exclude<FieldKind, "bytes">, number> = { u32: 4, u128: 16, u256: 32 };
const ALIGN: Record<FieldKind, number> = { u32: 4, u128: 8, u256: 8, bytes: 1 };

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export function defineStruct<const F extends readonly FieldSpec[]>(
  name: string,
  specs: F,
): StructLayout<F[number]["name"]> {
  let offset = 0;
  const ordered: FieldLayout[] = [];
  for (const spec of specs) {
    const size = spec.kind === "bytes" ? (spec.bytes ?? 0) : SIZE[spec.kind];
    if (size <= 0) throw new Error(`${name}.${spec.name}: a bytes field needs a positive size`);
    offset = alignUp(offset, ALIGN[spec.kind]);
    const count = spec.count ?? 1;
    ordered.push({ name: spec.name, kind: spec.kind, offset, size, count });
    offset += size * count;
  }
  const fields = Object.fromEntries(ordered.map((f) => [f.name, f])) as {
    [K in F[number]["name"]]: FieldLayout;
  };
  return { name, size: alignUp(offset, 8), fields, ordered };
}

/** An offset diagram of a struct, as drawn in the generated AssemblyScript header. */
export function drawStruct(s: StructLayout): string {
  const rows = s.ordered.map((f) => {
    const end = f.offset + f.size * f.count;
    const type = f.kind === "bytes" ? `bytes${f.size}` : f.kind;
    const shape = f.count > 1 ? `${type}[${f.count}]` : type;
    return ` *   ${String(f.offset).padStart(4)} .. ${String(end).padEnd(4)} ${f.name.padEnd(16)} ${shape}`;
  });
  return [` * ${s.name} (${s.size} bytes)`, ...rows].join("\n");
}
