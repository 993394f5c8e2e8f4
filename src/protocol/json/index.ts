export * as jsonFields from "./jsonFields.js";
export { opFromJson, opSchema, opToJson } from "./opJson.js";
