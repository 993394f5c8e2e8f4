/** L1 binary encoding (docs/l1.md §1): big-endian fixed widths, SHA3-256 and byte helpers. */
export {
  ascii,
  bigIntToBytes,
  bytesEqual,
  bytesToBigInt,
  concatBytes,
  fromHex,
  sha3,
  to0x,
  toHex,
} from "./bytes.js";
export { Reader } from "./reader.js";
export { ADDRESS_BYTES, Writer } from "./writer.js";
