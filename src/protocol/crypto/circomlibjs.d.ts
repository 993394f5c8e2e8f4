// Minimal types for the parts of circomlibjs the protocol uses (the package ships none).
declare module "circomlibjs" {
  /** A field element in circomlibjs' internal (Montgomery) representation. */
  export type FieldElement = Uint8Array;
  export interface Field {
    e(x: bigint | number | string): FieldElement;
    toObject(x: FieldElement): bigint;
    eq(a: FieldElement, b: FieldElement): boolean;
  }
  export type Point = [FieldElement, FieldElement];
  export interface BabyJub {
    F: Field;
    subOrder: bigint;
    inCurve(p: Point): boolean;
    inSubgroup(p: Point): boolean;
    packPoint(p: Point): Uint8Array;
    unpackPoint(b: Uint8Array): Point | null;
  }
  export interface Signature {
    R8: Point | null;
    S: bigint;
  }
  export interface Poseidon {
    (inputs: ReadonlyArray<bigint | FieldElement>): FieldElement;
    F: Field;
  }
  export interface Eddsa {
    F: Field;
    babyJub: BabyJub;
    poseidon: Poseidon;
    prv2pub(prv: Uint8Array): Point;
    signPoseidon(prv: Uint8Array, msg: FieldElement): Signature;
    verifyPoseidon(msg: FieldElement, sig: Signature, pub: Point): boolean;
    packSignature(sig: Signature): Uint8Array;
    unpackSignature(buf: Uint8Array): Signature;
  }
  export function buildEddsa(): Promise<Eddsa>;
  export function buildPoseidon(): Promise<Poseidon>;
  export function buildBabyjub(): Promise<BabyJub>;
}
