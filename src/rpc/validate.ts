/**
 * Params validation at the RPC boundary: one parse per call against the method's schema, failures as
 * RPC_INVALID_PARAMS with zod's issue paths and messages (never the rejected values, which may be large).
 */
import type { z } from "zod";
import { GhostError } from "../protocol/index.js";

/** zod's issues as `{ path: "a.b", message }`: what `error.data.details.issues` carries. */
export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

export function invalidParams(error: z.ZodError, message = "invalid params"): GhostError {
  const issues = issuesOf(error);
  const first = issues[0];
  const text = first === undefined ? message : `${message}: ${first.path || "params"}: ${first.message}`;
  return new GhostError("RPC_INVALID_PARAMS", text, { details: { issues } });
}

/** By-name params: absent means `{}`; a positional array is refused rather than guessed at. */
export function parseParams<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  if (Array.isArray(raw)) {
    throw new GhostError("RPC_INVALID_PARAMS", "params expected an object (by name), got an array", {
      details: { issues: [{ path: "", message: "params are passed by name" }] },
    });
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidParams(parsed.error);
  return parsed.data;
}
