/**
 * A reader for circom's .r1cs files (iden3 binary format: header section 1, constraints section 2),
 * keeping only what the setup needs: sizes and every constraint's sparse A, B and C rows.
 */
import { readFileSync } from "node:fs";
import { GhostError } from "../../protocol/errors.js";
import { R, readLE } from "./field.js";

/** One sparse row: parallel arrays of wire ids and their coefficients. */
export interface LinearCombination {
  wires: number[];
  coefs: bigint[];
}

export interface R1cs {
  nWires: number;
  nOutputs: number;
  nPubInputs: number;
  nPrvInputs: number;
  nConstraints: number;
  constraints: { a: LinearCombination; b: LinearCombination; c: LinearCombination }[];
}

function bad(path: string, why: string): GhostError {
  return new GhostError("SETUP_BAD_FILE", `${path}: ${why}`, { details: { path } });
}

export function readR1cs(path: string): R1cs {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.toString("ascii", 0, 4) !== "r1cs") throw bad(path, "not an r1cs file");
  const nSections = view.getUint32(8, true);
  const sections = new Map<number, { offset: number; size: number }>();
  let pos = 12;
  for (let i = 0; i < nSections; i++) {
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    sections.set(id, { offset: pos + 12, size });
    pos += 12 + size;
  }
  const header = sections.get(1);
  const body = sections.get(2);
  if (!header || !body) throw bad(path, "missing header or constraints section");
  let p = header.offset;
  const n8 = view.getUint32(p, true);
  if (n8 !== 32 || readLE(view, p + 4) !== R) throw bad(path, "the r1cs is not over the BN254 scalar field");
  p += 4 + n8;
  const nWires = view.getUint32(p, true);
  const nOutputs = view.getUint32(p + 4, true);
  const nPubInputs = view.getUint32(p + 8, true);
  const nPrvInputs = view.getUint32(p + 12, true);
  const nConstraints = view.getUint32(p + 24, true);

  p = body.offset;
  const readLc = (): LinearCombination => {
    const n = view.getUint32(p, true);
    p += 4;
    const wires = new Array<number>(n);
    const coefs = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      wires[i] = view.getUint32(p, true);
      coefs[i] = readLE(view, p + 4);
      p += 4 + n8;
    }
    return { wires, coefs };
  };
  const constraints: R1cs["constraints"] = new Array(nConstraints);
  for (let i = 0; i < nConstraints; i++) constraints[i] = { a: readLc(), b: readLc(), c: readLc() };
  if (p !== body.offset + body.size) throw bad(path, "constraints section size mismatch");
  return { nWires, nOutputs, nPubInputs, nPrvInputs, nConstraints, constraints };
}

/** snarkjs' domain power for a circuit: room for every constraint plus one per public signal and ONE. */
export function circuitPower(r1cs: Pick<R1cs, "nConstraints" | "nOutputs" | "nPubInputs">): number {
  // floor(log2(v)) + 1, i.e. the bit length of v (and 1 for v = 0), as in snarkjs' zkey_new
  return (r1cs.nConstraints + r1cs.nPubInputs + r1cs.nOutputs).toString(2).length;
}
