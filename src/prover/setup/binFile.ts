/**
 * The iden3 binary container that .ptau, .zkey and .r1cs files share: a 4-byte type, a version, the
 * number of sections, then each section as (u32 id, u64 size, data). The layout is computed up front so
 * that several processes can fill the large sections of one pre-sized file concurrently.
 */
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";

export interface SectionSpec {
  id: number;
  size: number;
}

export interface BinFileLayout {
  /** File offset of each section's data, by section id. */
  offsets: Map<number, number>;
  size: number;
}

/** Creates `path` with every section header written and every section's data zero-filled. */
export function createBinFile(
  path: string,
  type: string,
  version: number,
  sections: SectionSpec[],
): BinFileLayout {
  const head = Buffer.alloc(12);
  head.write(type, 0, 4, "ascii");
  head.writeUInt32LE(version, 4);
  head.writeUInt32LE(sections.length, 8);
  const offsets = new Map<number, number>();
  const fd = openSync(path, "w");
  try {
    writeSync(fd, head, 0, 12, 0);
    let pos = 12;
    for (const s of sections) {
      const h = Buffer.alloc(12);
      h.writeUInt32LE(s.id, 0);
      h.writeBigUInt64LE(BigInt(s.size), 4);
      writeSync(fd, h, 0, 12, pos);
      offsets.set(s.id, pos + 12);
      pos += 12 + s.size;
    }
    ftruncateSync(fd, pos);
    return { offsets, size: pos };
  } finally {
    closeSync(fd);
  }
}

/** Writes bytes at an absolute file offset. */
export function writeAt(path: string, offset: number, bytes: Uint8Array): void {
  const fd = openSync(path, "r+");
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
  } finally {
    closeSync(fd);
  }
}

/** Reads `size` bytes at `offset` of the file at `path`. */
export function readAt(path: string, offset: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  const fd = openSync(path, "r");
  try {
    readSync(fd, b, 0, size, offset);
  } finally {
    closeSync(fd);
  }
  return b;
}
