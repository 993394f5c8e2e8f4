/**
 * The sequencer's side of the sealing process: one request at a time in order (the engine is a single
 * state), each answered or failed with the process's GhostError code. A process that exits fails every
 * waiting request: sealing cannot go on without its state, and the node stops sealing. The channel uses
 * structured clone ("advanced" serialization), so ops, bigints and bytes cross as they are.
 */
import type { ChildProcess } from "node:child_process";
import { type ErrorCode, GhostError } from "../../protocol/index.js";
import { forkSibling, lowerPriority } from "../../runtime/index.js";
import type { SealerInit, SealerReply, SealerRequest } from "./sealerProtocol.js";

/** The sealing process's nice value above the sequencer's. */
const SEALER_PRIORITY_BELOW = 15;

type Reply =
  | { id: number; ok: true; reply: SealerReply }
  | { id: number; ok: false; code: ErrorCode; message: string };

export class Sealer {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { ok(r: SealerReply): void; fail(e: unknown): void }>();
  private nextId = 0;
  private failure: GhostError | undefined;

  constructor(init: SealerInit) {
    this.child = forkSibling(import.meta.url, "sealerWorker", {
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    // Sealing is throughput work with a bounded lag: soft confirmation takes the CPU first.
    lowerPriority(this.child, SEALER_PRIORITY_BELOW);
    this.child.send(init);
    this.child.on("message", (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (w === undefined) return;
      this.waiting.delete(r.id);
      if (r.ok) w.ok(r.reply);
      else w.fail(new GhostError(r.code, r.message));
    });
    this.child.on("error", (e) => this.fail(`the sealing process failed: ${e.message}`));
    this.child.on("exit", (code) => this.fail(`the sealing process exited with code ${code}`));
  }

  private fail(message: string): void {
    this.failure ??= new GhostError("WASM_ABORT", message);
    for (const w of this.waiting.values()) w.fail(this.failure);
    this.waiting.clear();
  }

  request<K extends SealerRequest["kind"]>(
    m: Extract<SealerRequest, { kind: K }>,
  ): Promise<Extract<SealerReply, { kind: K extends "seal" ? "sealed" : K }>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok: ok as (r: SealerReply) => void, fail });
      this.child.send({ ...m, id });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new GhostError("L2_SHUTTING_DOWN", "the sealing process is stopping");
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.disconnect();
    await exited;
  }
}
