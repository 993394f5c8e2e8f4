/**
 * Starting a worker thread or a child process from a module of this package, the same way whether the
 * package runs as TypeScript source under tsx (development scripts, tests) or as compiled JavaScript from
 * dist/ (the `ghost`, `ghostd` and `ghostplane` commands, run with plain `node`, where tsx, a development
 * dependency, may not be installed).
 *
 * Under tsx a child process gets `--import tsx`, resolved to an absolute URL so it works from any
 * directory. A worker thread gets a one-line bootstrap that registers tsx's loader and then imports the
 * module: Node 20 does not apply `--import` to workers.
 */
import { type ChildProcess, type ForkOptions, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** True when `base` (a module's import.meta.url) is TypeScript source run under tsx. */
function isSource(base: string): boolean {
  return base.endsWith(".ts");
}

/** The URL of the sibling module `name` (no extension) of the module at `base`. */
export function siblingUrl(base: string, name: string): URL {
  return new URL(`./${name}.${isSource(base) ? "ts" : "js"}`, base);
}

/** Forks the sibling module `name` of `base` as a child process with an IPC channel. */
export function forkSibling(
  base: string,
  name: string,
  options: ForkOptions = {},
  args: readonly string[] = [],
): ChildProcess {
  const execArgv = isSource(base) ? ["--import", import.meta.resolve("tsx")] : [];
  return fork(fileURLToPath(siblingUrl(base, name)), [...args], {
    ...options,
    execArgv: [...execArgv, ...(options.execArgv ?? [])],
  });
}

/** Starts the sibling module `name` of `base` in a worker thread. */
export function startSiblingWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const url = siblingUrl(base, name);
  if (!isSource(base)) return new Worker(url, options);
  const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => {
  register();
  return import(${JSON.stringify(url.href)});
});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
