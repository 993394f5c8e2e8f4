/**
 * A Groth16 proof as 8 base-field elements (docs/l1.md §3.1), in the order of snarkjs' proof JSON:
 * pi_a[0], pi_a[1], pi_b[0][0], pi_b[0][1], pi_b[1][0], pi_b[1][1], pi_c[0], pi_c[1]. The projective
 * coordinates snarkjs appends (pi_a[2] = pi_c[2] = "1", pi_b[2] = ["1", "0"]) are implied, so the bytes and
 * the JSON are two spellings of one proof.
 */
import type { Groth16Proof } from "../../prover/index.js";
import type { Reader, Writer } from "../encoding/index.js";

/** BN254's base field modulus q: proof coordinates are elements of it (not of the scalar field p). */
export const BASE_FIELD_MODULUS =
  21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export const PROOF_ELEMENTS = 8;

/** The 8 coordinates of a proof, as bigints, in wire order. */
export function proofElements(p: Groth16Proof): bigint[] {
  const s = [
    p.pi_a[0],
    p.pi_a[1],
    p.pi_b[0]?.[0],
    p.pi_b[0]?.[1],
    p.pi_b[1]?.[0],
    p.pi_b[1]?.[1],
    p.pi_c[0],
    p.pi_c[1],
  ];
  return s.map((x) => BigInt(x ?? "0"));
}

export function proofFromElements(e: readonly bigint[]): Groth16Proof {
  const s = e.map((x) => x.toString());
  return {
    pi_a: [s[0]!, s[1]!, "1"],
    pi_b: [
      [s[2]!, s[3]!],
      [s[4]!, s[5]!],
      ["1", "0"],
    ],
    pi_c: [s[6]!, s[7]!, "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}

export function writeProof(w: Writer, p: Groth16Proof): void {
  for (const x of proofElements(p)) w.b32(x, "proof", BASE_FIELD_MODULUS);
}

export function readProof(r: Reader): Groth16Proof {
  return proofFromElements(Array.from({ length: PROOF_ELEMENTS }, () => r.b32("proof", BASE_FIELD_MODULUS)));
}
