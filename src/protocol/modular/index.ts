export { isQuadraticResidue, mod, modInverse, modPow, modSqrt } from "./modular.js";
