/**
 * The L1 binary reader (docs/l1.md §1): the inverse of Writer. A short input, trailing bytes or a field
 * element at or above its modulus throw a GhostError with the code the caller chose (TX_MALFORMED for
 * transactions; state entries are only ever read back from what this code wrote).
 */
import { type ErrorCode, FIELD_MODULUS, GhostError } from "../../protocol/index.js";
import { bytesToBigInt } from "./bytes.js";
import { ADDRESS_BYTES } from "./writer.js";

export class Reader {
  private at = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly code: ErrorCode = "TX_MALFORMED",
  ) {}

  fail(message: string, name?: string): never {
    throw new GhostError(this.code, name === undefined ? message : `"${name}" ${message}`, {
      details: { offset: this.at, ...(name === undefined ? {} : { path: [name] }) },
    });
  }

  take(n: number, name: string): Uint8Array {
    if (this.at + n > this.data.length)
      this.fail(`expected ${n} bytes at offset ${this.at}, input too short`, name);
    const out = this.data.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  uint(bytes: number, name: string): bigint {
    return bytesToBigInt(this.take(bytes, name));
  }
  /** A width of at most 6 bytes read as a number. */
  num(bytes: number, name: string): number {
    return Number(this.uint(bytes, name));
  }
  u8(name: string): number {
    return this.num(1, name);
  }
  u16(name: string): number {
    return this.num(2, name);
  }
  u32(name: string): number {
    return this.num(4, name);
  }
  u64(name: string): bigint {
    return this.uint(8, name);
  }
  u128(name: string): bigint {
    return this.uint(16, name);
  }
  addr(name: string): bigint {
    return this.uint(ADDRESS_BYTES, name);
  }
  b32(name: string, modulus?: bigint): bigint {
    const v = this.uint(32, name);
    if (modulus !== undefined && v >= modulus) this.fail("expected a field element below its modulus", name);
    return v;
  }
  field(name: string): bigint {
    return this.b32(name, FIELD_MODULUS);
  }
  bytes(name: string): Uint8Array {
    const n = this.u32(name);
    return this.take(n, name);
  }
  /** A flag byte that must be 0 or 1. */
  bool(name: string): boolean {
    const v = this.u8(name);
    if (v > 1) this.fail(`expected 0 or 1, got ${v}`, name);
    return v === 1;
  }

  get remaining(): number {
    return this.data.length - this.at;
  }

  /** Refuses trailing bytes. */
  end(): void {
    if (this.at !== this.data.length) this.fail(`${this.data.length - this.at} trailing bytes`);
  }
}
