/** Turns a status code returned by a WASM export into a typed GhostError (or nothing for OK). */
import { ERROR_CODES, errorCodeFromId, GhostError } from "../protocol/errors.js";
import type { CoreInstance } from "./core.js";

export function throwCoreStatus(core: CoreInstance, status: number): void {
  if (status === 0) return;
  const code = errorCodeFromId(status);
  const index = core.exports.lastErrorIndex();
  throw new GhostError(code, ERROR_CODES[code].message, index >= 0 ? { details: { index } } : {});
}
