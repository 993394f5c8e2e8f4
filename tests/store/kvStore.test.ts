/**
 * The two KvStore adapters behave alike (order, ranges, atomic batches), and the LevelDB one keeps every
 * acknowledged batch, whole, across a kill -9 of the writing process.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type KvStore, memoryStore, openLevelStore, prefixRange } from "../../src/store/index.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ghost-store-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const b = (s: string) => Uint8Array.from(Buffer.from(s));
const s = (u: Uint8Array) => Buffer.from(u).toString();

async function all(store: KvStore, range?: Parameters<KvStore["entries"]>[0]): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of store.entries(range)) out.push(`${s(k)}=${s(v)}`);
  return out;
}

describe.each([
  ["memory", async () => memoryStore()],
  ["LevelDB", async () => openLevelStore(tempDir())],
])("%s store", (_name, open) => {
  test("reads back puts in key order, honours deletes and prefix ranges", async () => {
    const store = await open();
    await store.batch([
      { type: "put", key: b("b2"), value: b("x") },
      { type: "put", key: b("a1"), value: b("y") },
      { type: "put", key: b("b1"), value: b("z") },
      { type: "put", key: Uint8Array.from([0x62, 0xff]), value: b("w") },
      { type: "put", key: b("c"), value: b("v") },
    ]);
    await store.batch([{ type: "del", key: b("c") }]);
    expect(await all(store)).toEqual(["a1=y", "b1=z", "b2=x", `${s(Uint8Array.from([0x62, 0xff]))}=w`]);
    expect((await all(store, prefixRange(b("b")))).length).toBe(3);
    expect(s((await store.get(b("a1")))!)).toBe("y");
    expect(await store.get(b("c"))).toBeUndefined();
    await store.close();
    await store.close();
  });
});

describe("LevelDB store", () => {
  test("keeps what was written across a reopen", async () => {
    const dir = tempDir();
    const first = await openLevelStore(dir);
    await first.batch([{ type: "put", key: b("k"), value: b("v") }]);
    await first.close();
    const second = await openLevelStore(dir);
    expect(s((await second.get(b("k")))!)).toBe("v");
    await second.close();
  });

  test("keeps every acknowledged batch whole across kill -9 of the writer", async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(import.meta.dirname, "crashWriter.ts"), dir],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let acknowledged = -1;
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) acknowledged = Number(line);
      });
      await new Promise<void>((resolve) => {
        const tick = setInterval(() => {
          if (acknowledged >= 20 + round * 15) {
            clearInterval(tick);
            resolve();
          }
        }, 5);
      });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      const store = await openLevelStore(dir);
      const counts = new Map<string, number>();
      for await (const [k] of store.entries()) {
        const n = s(k).split("-")[1]!;
        counts.set(n, (counts.get(n) ?? 0) + 1);
      }
      await store.close();
      expect([...counts.values()].every((c) => c === 3)).toBe(true);
      expect(counts.size).toBeGreaterThanOrEqual(acknowledged + 1);
    }
  }, 60_000);
});
