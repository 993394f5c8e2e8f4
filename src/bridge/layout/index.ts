/** The boundary's struct layouts and their codec (the AssemblyScript offsets are generated from these). */
export { readBytes, readU32, readUint, writeBytes, writeU32, writeUint } from "./codec.js";
export { defineStruct, drawStruct, type FieldLayout, type StructLayout } from "./defineStruct.js";
export * from "./structs.js";
