/**
 * How a `ghost` command runs: a context opened for it, its errors printed as `error CODE: message` with a
 * one-line hint (or `{"error":{…}}` with --json), the clients closed, and an exit code (0, or 1 on any
 * error). The process exits explicitly: snarkjs keeps worker threads alive after a verification.
 */
import type { Command } from "commander";
import { ERROR_CODES, type ErrorCode, isGhostError } from "../../protocol/errors.js";
import { bigintJson, type Context, createContext, type GlobalOptions } from "./context.js";
import { HINTS } from "./hints.js";

export type Action<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<void>;

/** The hint of a code: its own, else the list's message. */
export function hintOf(code: ErrorCode): string {
  return HINTS[code] ?? ERROR_CODES[code].message;
}

export function printError(e: unknown, json: boolean): void {
  const code = isGhostError(e) ? e.code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (json) {
    const details = isGhostError(e) ? e.details : undefined;
    const error =
      code === undefined
        ? { message }
        : { code, message, hint: hintOf(code), ...(details === undefined ? {} : { details }) };
    process.stdout.write(`${JSON.stringify({ error }, bigintJson)}\n`);
  } else if (code === undefined) {
    process.stderr.write(`error: ${message}\n`);
  } else {
    process.stderr.write(`error ${code}: ${message}\n  hint: ${hintOf(code)}\n`);
  }
}

/** Wraps an action for commander: the global options are the root command's. */
export function action<A extends unknown[]>(
  program: Command,
  fn: Action<A>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const options = program.opts<GlobalOptions>();
    const ctx = createContext(options);
    let code = 0;
    try {
      await fn(ctx, ...(args as A));
    } catch (e) {
      printError(e, options.json === true);
      code = 1;
    }
    await ctx.close();
    process.exit(code);
  };
}
