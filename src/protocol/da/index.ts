export {
  type DaRecord,
  daRecordElement,
  daRecordSize,
  decodeBatchData,
  decodeDaRecords,
  encodeDaRecord,
  isPriorityRecord,
} from "./daRecord.js";
export { DATA_HASH_CHUNK, dataHash, dataHashOfRecords } from "./dataHash.js";
