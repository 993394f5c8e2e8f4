export { forkSibling, siblingUrl, startSiblingWorker } from "./entryPoint.js";
