/**
 * Requests to a forked child process, answered by id: the child is started on first use, a reply
 * settles the request of its id, and the child's exit fails every request still waiting (the next
 * request starts a new child). `close()` asks the child to end (`{ close: true }`) and waits for it.
 */
import type { ChildProcess } from "node:child_process";

export interface ChildRequests<Request extends object, Reply extends { id: number }> {
  /** Sends `{ ...request, id }` and resolves with the reply carrying that id. */
  request(request: Request): Promise<Reply>;
  /** Kills the child at once (SIGKILL); its waiting requests fail. */
  kill(): void;
  /** The child's process id, while it runs. */
  readonly pid: number | undefined;
  close(): Promise<void>;
}

export function childRequests<Request extends object, Reply extends { id: number }>(
  fork: () => ChildProcess,
  exitError: (code: number | null) => Error,
): ChildRequests<Request, Reply> {
  let child: ChildProcess | undefined;
  let nextId = 0;
  const waiting = new Map<number, { ok(r: Reply): void; fail(e: unknown): void }>();

  const start = (): ChildProcess => {
    if (child !== undefined) return child;
    const c = fork();
    c.on("message", (r: Reply) => {
      const w = waiting.get(r.id);
      if (w === undefined) return;
      waiting.delete(r.id);
      w.ok(r);
    });
    c.on("exit", (code) => {
      child = undefined;
      for (const w of waiting.values()) w.fail(exitError(code));
      waiting.clear();
    });
    child = c;
    return c;
  };

  return {
    request(request) {
      return new Promise<Reply>((ok, fail) => {
        const id = nextId++;
        waiting.set(id, { ok, fail });
        start().send({ ...request, id });
      });
    },
    kill() {
      child?.kill("SIGKILL");
    },
    get pid() {
      return child?.pid;
    },
    async close() {
      const c = child;
      if (c === undefined) return;
      await new Promise<void>((done) => {
        c.once("exit", () => done());
        c.send({ close: true });
      });
    },
  };
}
