export { type ChildRequests, childRequests } from "./childRequests.js";
export { forkSibling, siblingUrl, startSiblingWorker } from "./entryPoint.js";
export { lowerPriority } from "./priority.js";
