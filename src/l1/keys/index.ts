/** L1 keys (docs/l1.md §2): development keys and key files. */
export { DEV_KEY_TAG, devKey, devKeySeed, keyPairFromSeed, type L1KeyPair } from "./devKeys.js";
export { formatKeyFile, KEY_FILE_TYPE, parseKeyFile, readKeyFile, writeKeyFile } from "./keyFile.js";
