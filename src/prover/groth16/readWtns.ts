/**
 * Reads a witness in snarkjs' .wtns format (snarkjs src/wtns_utils.js, version 2), as circom's witness
 * calculator writes it:
 *
 *   section 1   u32 n8, q (n8 bytes), u32 nWitness
 *   section 2   nWitness values, n8 bytes little-endian each, standard form (not Montgomery)
 *
 * Checked for bn128 (n8 = 32, q = the scalar field) and canonical values, so that the prover's two
 * backends cannot disagree on a value ≥ r. A malformed witness is WITNESS_FAILED, as checkConstraints
 * treats an assignment of the wrong size: it is no assignment of the circuit at all.
 */
import { FIELD_MODULUS } from "../../protocol/constants.js";
import { GhostError } from "../../protocol/errors.js";
import { readBigIntLE, readBinFile, readSource, uniqueSection } from "./readBinFile.js";
import { FR_BYTES } from "./readZkey.js";

export interface Wtns {
  readonly nWitness: number;
  /** nWitness × 32 bytes, standard-form little-endian (a view into the file's bytes). */
  readonly values: Uint8Array;
}

const BAD = "WITNESS_FAILED";

/** r's 32 little-endian bytes, for the canonical check. */
const R_BYTES = Uint8Array.from({ length: FR_BYTES }, (_, i) =>
  Number((FIELD_MODULUS >> BigInt(8 * i)) & 0xffn),
);

/** Index of the first value ≥ r among the 32-byte little-endian `values`, or −1. */
export function firstNonCanonical(values: Uint8Array): number {
  for (let i = 0; i * FR_BYTES < values.length; i++) {
    const base = i * FR_BYTES;
    // Most significant byte first; witness values are nearly all small, so this stops at the top byte.
    for (let k = FR_BYTES - 1; k >= 0; k--) {
      const d = values[base + k]! - R_BYTES[k]!;
      if (d < 0) break;
      if (d > 0 || k === 0) return i;
    }
  }
  return -1;
}

/** Parses a .wtns held in memory. */
export function parseWtns(bytes: Uint8Array): Wtns {
  const file = readBinFile(bytes, "wtns", 2, BAD);
  const header = uniqueSection(file, 1, BAD, 4 + FR_BYTES + 4);
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const n8 = h.getUint32(0, true);
  if (n8 !== FR_BYTES) throw new GhostError(BAD, `.wtns: n8 is ${n8}, expected 32 (bn128)`);
  if (readBigIntLE(header.subarray(4, 36)) !== FIELD_MODULUS) {
    throw new GhostError(BAD, ".wtns: q is not bn128's scalar field: a witness for another curve");
  }
  const nWitness = h.getUint32(36, true);
  const values = uniqueSection(file, 2, BAD, nWitness * FR_BYTES);
  const bad = firstNonCanonical(values);
  if (bad >= 0) throw new GhostError(BAD, `.wtns: value ${bad} is not below the field modulus`);
  return { nWitness, values };
}

/** Reads a .wtns from a file, or parses one already in memory. */
export async function readWtns(source: string | Uint8Array): Promise<Wtns> {
  return parseWtns(await readSource(source, "wtns", BAD));
}
