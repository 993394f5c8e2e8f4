export {
  initProtocol,
  isValidPublicKey,
  type PublicKey,
  poseidon,
  publicKeyOf,
  signMessage,
  verifyMessage,
} from "./crypto.js";
