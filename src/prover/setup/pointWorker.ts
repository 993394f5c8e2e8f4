/**
 * The child process of the point pool: owns one single-threaded ffjavascript instance and its window
 * tables, computes runs of points from scalar recipes and writes them straight into the output file.
 *
 * A forked process rather than a worker thread: ffjavascript's web-worker shim breaks inside Node
 * worker threads, and a process also gives each core its own WebAssembly memory.
 */
import { writeAt } from "./binFile.js";
import { createFixedBase, type FixedBase, POINT_BYTES, tableBytes, WINDOWS } from "./fixedBase.js";
import type { WorkerReply, WorkerRequest } from "./pointProtocol.js";

let fixedBase: FixedBase | undefined;

function reply(msg: WorkerReply): void {
  process.send?.(msg);
}

async function handle(msg: WorkerRequest): Promise<void> {
  switch (msg.type) {
    case "init":
      fixedBase = await createFixedBase(msg.batch);
      reply({ type: "ready" });
      return;
    case "buildTable": {
      const fb = fixedBase!;
      fb.buildTable(msg.group, msg.from, msg.to);
      const windowBytes = tableBytes(msg.group) / WINDOWS;
      const all = fb.tableView(msg.group);
      writeAt(msg.file, msg.from * windowBytes, all.subarray(msg.from * windowBytes, msg.to * windowBytes));
      reply({ type: "done", id: msg.id });
      return;
    }
    case "loadTable":
      fixedBase!.loadTable(msg.group, msg.file);
      reply({ type: "done", id: msg.id });
      return;
    case "points": {
      const fb = fixedBase!;
      const size = POINT_BYTES[msg.group];
      for (let done = 0; done < msg.count; done += fb.batch) {
        const n = Math.min(fb.batch, msg.count - done);
        const points = fb.multiplyRecipe(msg.group, msg.recipe, msg.start + done, n);
        writeAt(msg.file, msg.offset + done * size, points);
      }
      reply({ type: "done", id: msg.id });
      return;
    }
    case "exit": {
      await fixedBase?.terminate();
      const usage = process.resourceUsage();
      const msg: WorkerReply = {
        type: "exited",
        maxRssKiB: usage.maxRSS,
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      };
      // Exit once the reply is flushed; nothing else is left to do.
      process.send?.(msg, () => process.exit(0));
      return;
    }
  }
}

// One request at a time, in order: the parent never sends a second job before the first is done.
let queue = Promise.resolve();
process.on("message", (msg: WorkerRequest) => {
  queue = queue.then(() =>
    handle(msg).catch((e: unknown) => {
      reply({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }),
  );
});
