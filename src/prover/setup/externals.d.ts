/**
 * The parts of snarkjs and ffjavascript (plain JavaScript packages without types) that the setup uses.
 */
declare module "ffjavascript" {
  export function buildBn128(singleThread?: boolean, plugins?: (module: never) => void): Promise<BnCurve>;
  export interface BnCurve {
    tm: unknown;
    terminate(): Promise<void>;
  }
}

declare module "snarkjs" {
  export const curves: {
    getCurveFromName(name: string): Promise<{ terminate(): Promise<void> }>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<unknown>;
    contribute(
      zkeyIn: string,
      zkeyOut: string,
      name: string,
      entropy: string,
      logger?: unknown,
    ): Promise<unknown>;
    exportVerificationKey(zkey: string, logger?: unknown): Promise<Record<string, unknown>>;
    exportJson(zkey: string): Promise<Record<string, unknown>>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, ptau: string, logger?: unknown): Promise<unknown>;
    contribute(
      ptauIn: string,
      ptauOut: string,
      name: string,
      entropy: string,
      logger?: unknown,
    ): Promise<unknown>;
    preparePhase2(ptauIn: string, ptauOut: string, logger?: unknown): Promise<void>;
    exportJson(ptau: string, verbose?: boolean): Promise<Record<string, unknown>>;
  };
  export const groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasm: string,
      zkey: string,
    ): Promise<{ proof: Record<string, unknown>; publicSignals: string[] }>;
    prove(zkey: string, wtns: string): Promise<{ proof: Record<string, unknown>; publicSignals: string[] }>;
    verify(
      vk: Record<string, unknown>,
      publicSignals: string[],
      proof: Record<string, unknown>,
    ): Promise<boolean>;
  };
}
