export { decodeFloat, encodeFloat, type FloatFormat, maxFloat } from "./float.js";
export { type BitField, packBits, totalBits, unpackBits } from "./packBits.js";
export { readU256LE, writeU256LE } from "./u256.js";
