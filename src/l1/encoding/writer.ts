/**
 * The L1 binary writer (docs/l1.md §1): fixed-width big-endian integers, concatenated with no padding. A
 * value outside its width is refused (TX_MALFORMED naming the field), never wrapped: encoding a transaction
 * is therefore also its width validation.
 */
import { FIELD_MODULUS, GhostError } from "../../protocol/index.js";
import { bigIntToBytes, concatBytes } from "./bytes.js";

/** The width of `addr`: an L1 address is 160 bits (P§3.3). */
export const ADDRESS_BYTES = 20;

function describe(v: bigint | number): string {
  const s = String(v);
  return s.length > 40 ? `a ${BigInt(v).toString(2).length}-bit integer` : s;
}

export class Writer {
  private readonly parts: Uint8Array[] = [];

  /** An unsigned integer of `bytes` bytes. Numbers must be safe integers. */
  uint(value: bigint | number, bytes: number, name: string): this {
    const ok =
      typeof value === "bigint"
        ? value >= 0n && value >> BigInt(8 * bytes) === 0n
        : Number.isSafeInteger(value) && value >= 0 && BigInt(value) >> BigInt(8 * bytes) === 0n;
    if (!ok) {
      throw new GhostError(
        "TX_MALFORMED",
        `"${name}" expected integer below 2^${8 * bytes}, got ${describe(value)}`,
        {
          details: { path: [name] },
        },
      );
    }
    this.parts.push(bigIntToBytes(BigInt(value), bytes));
    return this;
  }

  u8(v: number, name: string): this {
    return this.uint(v, 1, name);
  }
  u16(v: number, name: string): this {
    return this.uint(v, 2, name);
  }
  u32(v: number, name: string): this {
    return this.uint(v, 4, name);
  }
  u64(v: bigint | number, name: string): this {
    return this.uint(v, 8, name);
  }
  u128(v: bigint, name: string): this {
    return this.uint(v, 16, name);
  }
  addr(v: bigint, name: string): this {
    return this.uint(v, ADDRESS_BYTES, name);
  }
  /** 32 bytes; with `modulus`, a field element below it (the BN254 scalar field by default for `field`). */
  b32(v: bigint, name: string, modulus?: bigint): this {
    if (modulus !== undefined && v >= modulus) {
      throw new GhostError("TX_MALFORMED", `"${name}" expected a field element below its modulus`, {
        details: { path: [name] },
      });
    }
    return this.uint(v, 32, name);
  }
  field(v: bigint, name: string): this {
    return this.b32(v, name, FIELD_MODULUS);
  }
  /** Raw bytes of a fixed, known length. */
  raw(b: Uint8Array, length: number, name: string): this {
    if (b.length !== length) {
      throw new GhostError("TX_MALFORMED", `"${name}" expected ${length} bytes, got ${b.length}`, {
        details: { path: [name] },
      });
    }
    this.parts.push(b);
    return this;
  }
  /** `bytes`: a u32 length, then the bytes. */
  bytes(b: Uint8Array, name: string): this {
    this.u32(b.length, name);
    this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    return concatBytes(this.parts);
  }
}
