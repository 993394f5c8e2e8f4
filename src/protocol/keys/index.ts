export { formatL1Address, l1AddressOf, ML_DSA65_PUBLIC_KEY_BYTES } from "./l1Address.js";
export { generateL2Key, type L2Key, l2KeyFromPrivate, l2KeyFromSeed, l2PrivateKeyFromSeed } from "./l2Key.js";
