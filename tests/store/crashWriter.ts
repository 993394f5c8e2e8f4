/**
 * Child process of kvStore.test.ts: writes numbered batches of three entries to a LevelDB store and prints
 * each batch's number once its synced write has returned, until it is killed.
 */
import { openLevelStore } from "../../src/store/index.js";

const store = await openLevelStore(process.argv[2]!);
const key = (n: number, part: number) => Buffer.from(`batch-${String(n).padStart(8, "0")}-${part}`);
for (let n = 0; ; n++) {
  const value = Buffer.alloc(512, n % 251);
  await store.batch([0, 1, 2].map((part) => ({ type: "put", key: key(n, part), value })));
  process.stdout.write(`${n}\n`);
}
