/** The GhostError code a call throws (or a promise rejects with), for tests of refusals. */
import { isGhostError } from "../src/protocol/index.js";

const codeOfError = (e: unknown) => (isGhostError(e) ? e.code : "not a GhostError");

/** The code `f` throws, "no error" if it returns. */
export function thrownCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return codeOfError(e);
  }
  return "no error";
}

/** The code `p` rejects with, "no error" if it resolves. */
export function rejectedCode(p: Promise<unknown>): Promise<string> {
  return p.then(() => "no error", codeOfError);
}
