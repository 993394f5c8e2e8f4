/**
 * Trusted setup for GhostChain's Groth16 circuits.
 *
 * - `devSetup(circuit)`: development keys in seconds from locally sampled secrets (never for value).
 * - `ceremonySetup(circuit, ptau)`: keys from a public ceremony file through snarkjs' own path.
 * Both cache their artifacts under `.cache/setup/<key>/`, keyed by the circuit's sources and parameters.
 *
 * snarkjs keeps a multi-threaded curve alive after exporting a verification key; a process that is
 * done calls `terminateSnarkjsCurve()`.
 */
export { ceremonySetup } from "./ceremonySetup.js";
export { DEV_CONTRIBUTION_NAME, DEV_NOTICE } from "./devNotice.js";
export { devSetup, type SetupArtifacts, type SetupOptions, type SetupStep } from "./devSetup.js";
export { DEFAULT_CACHE_DIR } from "./paths.js";
export { createPointPool, type PointPool } from "./pointPool.js";
export { type PtauInfo, readPtauInfo } from "./readPtauInfo.js";
export { circuitPower, type R1cs, readR1cs } from "./readR1cs.js";
export { terminateSnarkjsCurve } from "./terminateSnarkjsCurve.js";
export { sampleToxicWaste, type ToxicWaste } from "./toxicWaste.js";
export { ptauSize, writeDevPtau } from "./writeDevPtau.js";
export { writeDevZkey } from "./writeDevZkey.js";
