/**
 * The boundary's one layout definition: the AssemblyScript offsets the engine was compiled with
 * (assembly/state/generated/layout.ts) must be exactly those of src/bridge/layout/structs.ts, and the
 * codec must round-trip every field at its offset.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { readAccount, writeAccount } from "../../src/bridge/engine/accountCodec.js";
import { ACCOUNT, STRUCTS } from "../../src/bridge/layout/index.js";
import type { Account } from "../../src/protocol/index.js";

const generated = readFileSync(
  fileURLToPath(new URL("../../assembly/state/generated/layout.ts", import.meta.url)),
  "utf8",
);

function constant(name: string): number | undefined {
  const m = new RegExp(`export const ${name}: usize = (\\d+);`).exec(generated);
  return m === null ? undefined : Number(m[1]);
}

describe("struct layouts", () => {
  test("the generated AssemblyScript offsets are the TypeScript layout's", () => {
    for (const s of STRUCTS) {
      expect(constant(`${s.name}_BYTES`), s.name).toBe(s.size);
      for (const f of s.ordered) {
        const name = `${s.name}_${f.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
        expect(constant(name), name).toBe(f.offset);
      }
    }
  });

  test("fields never overlap and keep their natural alignment", () => {
    for (const s of STRUCTS) {
      let end = 0;
      for (const f of s.ordered) {
        expect(f.offset, `${s.name}.${f.name}`).toBeGreaterThanOrEqual(end);
        if (f.kind !== "bytes") expect(f.offset % (f.kind === "u32" ? 4 : 8)).toBe(0);
        end = f.offset + f.size * f.count;
      }
      expect(s.size).toBeGreaterThanOrEqual(end);
      expect(s.size % 8).toBe(0);
    }
  });

  test("an account round-trips through its record, widest values included", () => {
    const a: Account = {
      ax: (1n << 254n) - 3n,
      ay: 12345n,
      l1Address: (1n << 160n) - 1n,
      nonce: 2 ** 32 - 2,
      balances: [(1n << 126n) - 1n, 0n, 1n << 64n, (1n << 64n) - 1n],
    };
    const view = new DataView(new ArrayBuffer(ACCOUNT.size + 16));
    writeAccount(view, 8, a);
    expect(readAccount(view, 8)).toEqual(a);
  });
});
