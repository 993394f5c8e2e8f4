/** Genesis (docs/l1.md §6): the file's schema, the genesis state and block, and the development genesis. */
export { buildGenesis, chainParams, type GenesisResult } from "./buildGenesis.js";
export { type DevelopmentGenesisOptions, developmentGenesis } from "./developmentGenesis.js";
export { type Genesis, genesisFromJson, genesisSchema } from "./genesisJson.js";
export { verificationKeyHash } from "./verificationKeyHash.js";
