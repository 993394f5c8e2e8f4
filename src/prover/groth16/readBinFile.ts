/**
 * The iden3 binary container of .zkey and .wtns files (@iden3/binfileutils): a 4-byte ASCII type, a u32
 * version, a u32 section count, then each section as (u32 id, u64 size, data), all little-endian. Parsed
 * over bytes already in memory; the sections are views, not copies.
 */
import { readFile } from "node:fs/promises";
import { type ErrorCode, GhostError } from "../../protocol/errors.js";

export interface BinFile {
  readonly type: string;
  readonly version: number;
  /** Each section id's data, in file order (a valid file has one of each). */
  readonly sections: ReadonlyMap<number, readonly Uint8Array[]>;
}

/** Parses the container; `code` is the error thrown for a file that is not one (the caller's domain). */
export function readBinFile(input: Uint8Array, type: string, maxVersion: number, code: ErrorCode): BinFile {
  // A Node Buffer's slice() is a view, not a copy: ffjavascript slices sections into chunks and posts them
  // to its worker threads, where a view would clone the whole file each time. Plain Uint8Array slices copy.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12)
    throw new GhostError(code, `a .${type} file has at least 12 bytes, got ${bytes.length}`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== type) throw new GhostError(code, `expected a .${type} file, found type "${magic}"`);
  const version = view.getUint32(4, true);
  if (version < 1 || version > maxVersion) {
    throw new GhostError(code, `.${type} version ${version} is not supported (1 to ${maxVersion})`);
  }
  const count = view.getUint32(8, true);
  const sections = new Map<number, Uint8Array[]>();
  let at = 12;
  for (let i = 0; i < count; i++) {
    if (at + 12 > bytes.length)
      throw new GhostError(code, `.${type} section ${i}'s header runs past the end`);
    const id = view.getUint32(at, true);
    const size = view.getBigUint64(at + 4, true);
    at += 12;
    if (size > BigInt(bytes.length - at)) {
      throw new GhostError(code, `.${type} section ${id} (${size} bytes) runs past the end`);
    }
    const data = bytes.subarray(at, at + Number(size));
    at += Number(size);
    const list = sections.get(id);
    if (list === undefined) sections.set(id, [data]);
    else list.push(data);
  }
  return { type, version, sections };
}

/** The one section `id` of a file, of exactly `size` bytes when given. */
export function uniqueSection(file: BinFile, id: number, code: ErrorCode, size?: number): Uint8Array {
  const list = file.sections.get(id);
  if (list === undefined || list.length !== 1) {
    throw new GhostError(code, `.${file.type} section ${id}: expected one, found ${list?.length ?? 0}`);
  }
  const data = list[0]!;
  if (size !== undefined && data.length !== size) {
    throw new GhostError(code, `.${file.type} section ${id}: expected ${size} bytes, got ${data.length}`);
  }
  return data;
}

/** A little-endian unsigned integer of `bytes.length` bytes. */
export function readBigIntLE(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

/** The bytes of a file given by path, or the bytes given; an unreadable file is `code`. */
export async function readSource(
  source: string | Uint8Array,
  type: string,
  code: ErrorCode,
): Promise<Uint8Array> {
  if (typeof source !== "string") return source;
  try {
    return await readFile(source);
  } catch (e) {
    throw new GhostError(code, `cannot read the .${type} ${source}`, { cause: e });
  }
}
