export { opFromJson, opSchema, opToJson } from "./opJson.js";
