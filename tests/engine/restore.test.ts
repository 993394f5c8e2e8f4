/**
 * restoreEngine against damaged and crafted snapshots. The checksum catches damage; a snapshot crafted
 * with a correct checksum is still refused for every header field, width, key and node count an engine
 * cannot hold, always with WASM_BAD_ARGUMENT and no engine. 32-bit counters read back unsigned and
 * refuse to wrap.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { sealChecksum } from "../../src/bridge/engine/snapshotHeader.js";
import { createEngine, restoreEngine } from "../../src/bridge/index.js";
import { ACCOUNT, SNAPSHOT } from "../../src/bridge/layout/index.js";
import {
  FIELD_MODULUS,
  initProtocol,
  isGhostError,
  MAX_BATCH_SIZE,
  type Op,
} from "../../src/protocol/index.js";
import { CONFIG, genesisAccounts, key, l1 } from "./fixtures.js";

const H = SNAPSHOT.fields;
let bytes: Uint8Array;

beforeAll(async () => {
  await initProtocol();
  const engine = await createEngine({ ...CONFIG, genesis: genesisAccounts(), checkSignatures: false });
  const { ax, ay } = key(101).publicKey;
  engine.apply([
    { type: "deposit", to: null, token: 1, amount: 500n, ax, ay, l1Address: l1(101) },
    { type: "forcedExit", account: 1, token: 2, requester: l1(1) },
  ]);
  engine.seal();
  bytes = engine.snapshot();
});

/** A copy of the snapshot changed by `edit`, its checksum recomputed so only the content is wrong. */
function crafted(edit: (view: DataView, b: Uint8Array) => void): Uint8Array {
  const b = bytes.slice();
  edit(new DataView(b.buffer), b);
  sealChecksum(b);
  return b;
}

const u32At =
  (f: { offset: number }, v: number, i = 0) =>
  (view: DataView) =>
    view.setUint32(f.offset + 4 * i, v, true);
const accountAt = (i: number, field: keyof typeof ACCOUNT.fields) =>
  SNAPSHOT.size + i * ACCOUNT.size + ACCOUNT.fields[field].offset;
function setBig(b: Uint8Array, at: number, x: bigint, size: number): void {
  for (let k = 0; k < size; k++) b[at + k] = Number((x >> BigInt(8 * k)) & 0xffn);
}

async function refused(b: Uint8Array, verify = true): Promise<string> {
  try {
    await restoreEngine(b, { checkSignatures: false, verify });
  } catch (e) {
    expect(isGhostError(e, "WASM_BAD_ARGUMENT"), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error("the snapshot was restored");
}

describe("restore refuses", () => {
  test("any changed byte, by its checksum", async () => {
    for (const at of [0, H.chainId.offset, SNAPSHOT.size + 100, bytes.length - 1]) {
      const b = bytes.slice();
      b[at] = b[at]! ^ 0x10;
      expect(await refused(b, false)).toMatch(/checksum|GhostChain|version/);
    }
  });

  test("each header field an engine cannot hold, even with a correct checksum", async () => {
    const cases: [string, (v: DataView, b: Uint8Array) => void][] = [
      ["batchSize 0", u32At(H.batchSize, 0)],
      ["batchSize above MAX_BATCH_SIZE", u32At(H.batchSize, MAX_BATCH_SIZE + 1)],
      ["depth 5", u32At(H.depth, 5)],
      ["nextIndex above 2^depth", u32At(H.nextIndex, 17)],
      ["a node count", u32At(H.nodeCounts, 4, 1)],
      ["a node count above the root", u32At(H.nodeCounts, 1, 3)],
      ["priorityCount above batchNumber · batchSize", u32At(H.priorityCount, 9)],
      ["priorityCount 0 with a queue hash", u32At(H.priorityCount, 0)],
      ["queue hash ≥ p", (_, b) => setBig(b, H.priorityHash.offset, FIELD_MODULUS, 32)],
      ["queue hash 0 after priority ops", (_, b) => setBig(b, H.priorityHash.offset, 0n, 32)],
      ["version", u32At(H.version, 2)],
    ];
    for (const [name, edit] of cases) {
      await expect(refused(crafted(edit)), name).resolves.toBeTypeOf("string");
    }
  });

  test("account values outside their widths, with or without verify", async () => {
    const cases: [string, (b: Uint8Array) => void][] = [
      ["a balance with bit 127", (b) => setBig(b, accountAt(0, "balances") + 15, 0x80n, 1)],
      ["a balance with bit 126", (b) => setBig(b, accountAt(0, "balances") + 15, 0x40n, 1)],
      ["an address above 160 bits", (b) => setBig(b, accountAt(1, "l1Address") + 24, 1n, 1)],
      ["a key coordinate ≥ p", (b) => setBig(b, accountAt(2, "ax"), FIELD_MODULUS, 32)],
      ["non-zero padding", (b) => setBig(b, accountAt(2, "nonce") + 4, 1n, 1)],
    ];
    for (const [name, edit] of cases) {
      const b = crafted((_, x) => edit(x));
      expect(await refused(b, false), name).toMatch(/outside its width/);
      expect(await refused(b, true), name).toMatch(/account/);
    }
  });

  test("a key outside the prime-order subgroup, and a root that does not match the accounts", async () => {
    const identity = crafted((_, b) => {
      setBig(b, accountAt(3, "ax"), 0n, 32);
      setBig(b, accountAt(3, "ay"), 1n, 32);
    });
    expect(await refused(identity)).toMatch(/invalid key/);
    const balance = crafted((_, b) => setBig(b, accountAt(0, "balances"), 12345n, 8));
    expect(await refused(balance)).toMatch(/root/);
  });

  test("a tree node ≥ p, as WASM_BAD_ARGUMENT rather than FIELD_OUT_OF_RANGE", async () => {
    expect(
      await refused(
        crafted((_, b) => b.fill(0xff, b.length - 32)),
        false,
      ),
    ).toMatch(/node/);
  });

  test("bad arguments", async () => {
    for (const b of [null, "bytes", new Uint8Array(10)]) await refused(b as unknown as Uint8Array);
    await expect(restoreEngine(bytes, { verify: "yes" } as never)).rejects.toSatisfy((e) =>
      isGhostError(e, "WASM_BAD_ARGUMENT"),
    );
  });
});

describe("32-bit counters", () => {
  test("read back unsigned above 2^31", async () => {
    const b = crafted((v, x) => {
      u32At(H.batchNumber, 2 ** 31 + 3)(v);
      u32At(H.priorityCount, 2 ** 31 + 5)(v);
      setBig(x, H.priorityHash.offset, 12345n, 32);
    });
    const e = await restoreEngine(b, { checkSignatures: false });
    expect(e.batchNumber).toBe(2 ** 31 + 3);
    expect(e.priorityCount).toBe(2 ** 31 + 5);
    expect(e.snapshot()).toEqual(b);
  });

  test("refuse to seal after batch 2^32 − 1 and to consume queue entry 2^32", async () => {
    const b = crafted((v, x) => {
      u32At(H.batchNumber, 2 ** 32 - 1)(v);
      u32At(H.priorityCount, 2 ** 32 - 1)(v);
      setBig(x, H.priorityHash.offset, 12345n, 32);
    });
    const e = await restoreEngine(b, { checkSignatures: false });
    const exit: Op = { type: "forcedExit", account: 1, token: 0, requester: l1(1) };
    expect(e.apply([exit])[0]).toMatchObject({ ok: false, code: "BATCH_PRIORITY_UNAVAILABLE" });
    const tx: Op = {
      type: "withdraw",
      from: 0,
      token: 0,
      amount: 1n,
      fee: 0n,
      nonce: 0,
      signature: new Uint8Array(64),
    };
    expect(e.apply([tx])[0]?.ok).toBe(true);
    expect(() => e.seal()).toThrow(expect.objectContaining({ code: "BATCH_WRONG_NUMBER" }));
    expect(e.batchNumber).toBe(2 ** 32 - 1);
    expect(e.openOps).toBe(1);
  });
});
