export { type DaRecord, daRecordElement, daRecordSize, decodeDaRecords, encodeDaRecord } from "./daRecord.js";
export { DATA_HASH_CHUNK, dataHash, dataHashOfRecords } from "./dataHash.js";
