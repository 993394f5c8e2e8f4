/**
 * Writes a synthetic .r1cs of a chosen domain power for the setup benchmark, where compiling a real
 * circuit of 2^19 constraints would dominate the measurement. Shape: a squaring chain
 * x_(i+1) = (x_i + 3)·x_i with one public input and one output, about 2/3 of the domain filled — the
 * proportions of the 88k-constraint, 2^17 circuit the setup issue measured.
 */
import { writeFileSync } from "node:fs";
import { FIELD_MODULUS } from "../../src/protocol/constants.js";

const R = FIELD_MODULUS;

function le32(v: bigint): Buffer {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return b;
}

/** Constraints so that snarkjs' domain power (bit length of nConstraints + nPublic) is `power`. */
export function syntheticConstraintCount(power: number): number {
  return Math.max(2, Math.floor((2 ** power * 2) / 3));
}

export function writeSyntheticR1cs(path: string, power: number): void {
  const nC = syntheticConstraintCount(power);
  // wires: 0 ONE, 1 output, 2 public input, then nC - 1 private intermediates
  const nWires = 3 + (nC - 1);
  const wire = (i: number) => (i === 0 ? 2 : i === nC ? 1 : 2 + i); // x_0 = input, x_nC = output
  const one = le32(1n);
  const three = le32(3n);
  const term = (w: number, coef: Buffer) => {
    const b = Buffer.alloc(4 + 32);
    b.writeUInt32LE(w, 0);
    coef.copy(b, 4);
    return b;
  };
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v, 0);
    return b;
  };
  const parts: Buffer[] = [];
  for (let i = 0; i < nC; i++) {
    parts.push(u32(2), term(0, three), term(wire(i), one)); // A = x_i + 3
    parts.push(u32(1), term(wire(i), one)); // B = x_i
    parts.push(u32(1), term(wire(i + 1), one)); // C = x_(i+1)
  }
  const constraints = Buffer.concat(parts);
  const header = Buffer.concat([
    u32(32),
    le32(R),
    u32(nWires),
    u32(1), // outputs
    u32(1), // public inputs
    u32(0), // private inputs
    (() => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(nWires), 0);
      return b;
    })(),
    u32(nC),
  ]);
  const labels = Buffer.alloc(8 * nWires);
  for (let i = 0; i < nWires; i++) labels.writeBigUInt64LE(BigInt(i), 8 * i);
  const section = (id: number, body: Buffer) => {
    const h = Buffer.alloc(12);
    h.writeUInt32LE(id, 0);
    h.writeBigUInt64LE(BigInt(body.length), 4);
    return Buffer.concat([h, body]);
  };
  const head = Buffer.alloc(12);
  head.write("r1cs", 0, "ascii");
  head.writeUInt32LE(1, 4);
  head.writeUInt32LE(3, 8);
  writeFileSync(path, Buffer.concat([head, section(1, header), section(2, constraints), section(3, labels)]));
}
