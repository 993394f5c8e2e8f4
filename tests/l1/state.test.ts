/**
 * The L1 state (docs/l1.md §5.1): the bucketed root as the spec defines it, kept incrementally equal to a
 * root computed from scratch; checkpoints nest and revert exactly; the changes since a mark are the DB
 * writes that turn the old entries into the new; every entry codec round-trips.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountCodec,
  batchCodec,
  bucketOf,
  ChainState,
  concatBytes,
  entryLeaf,
  KvState,
  proofFromElements,
  queueCodec,
  rollupCodec,
  sha3,
  toHex,
} from "../../src/l1/index.js";

/** The root of §5.1 written out directly from a list of entries. */
function specRoot(entries: [Uint8Array, Uint8Array][]): string {
  const sorted = [...entries].sort((a, b) => Buffer.compare(a[0], b[0]));
  const leaves = Array.from({ length: 256 }, () => [] as Uint8Array[]);
  for (const [k, v] of sorted) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(k.length);
    leaves[sha3(k)[0]!]!.push(sha3(concatBytes([len, k, v])));
  }
  return toHex(sha3(...leaves.map((l) => sha3(...l))));
}

const key = fc.uint8Array({ minLength: 1, maxLength: 6 });
const value = fc.uint8Array({ maxLength: 8 });
const op = fc.oneof(
  fc.record({ t: fc.constant("put" as const), k: key, v: value }),
  fc.record({ t: fc.constant("del" as const), k: key }),
  fc.record({ t: fc.constantFrom("checkpoint" as const, "commit" as const, "revert" as const) }),
);

describe("the state root and checkpoints", () => {
  it("is SHA3 of 256 empty-bucket hashes for an empty state, and matches the spec's definition", () => {
    expect(toHex(new KvState().root())).toBe(specRoot([]));
    const e: [Uint8Array, Uint8Array][] = [
      [Uint8Array.of(0x61, 1), Uint8Array.of(9)],
      [Uint8Array.of(0x61), Uint8Array.of()],
      [Uint8Array.of(0x72), Uint8Array.of(1, 2, 3)],
    ];
    expect(toHex(KvState.fromEntries(e).root())).toBe(specRoot(e));
    const k = Uint8Array.of(0x61, 1);
    expect(entryLeaf(k, Uint8Array.of(9))).toEqual(sha3(Uint8Array.of(0, 0, 0, 2), k, Uint8Array.of(9)));
    expect(bucketOf(k)).toBe(sha3(k)[0]);
  });

  it("keeps the incremental root equal to the spec's root, and reverts exactly (random op sequences)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new KvState();
        // a model: a plain map, with a stack of copies for checkpoints
        let model = new Map<string, Uint8Array>();
        const stack: Map<string, Uint8Array>[] = [];
        const start = new Map<string, Uint8Array>();
        s.mark();
        for (const o of ops) {
          if (o.t === "put") {
            s.put(o.k, o.v);
            model.set(toHex(o.k), o.v);
          } else if (o.t === "del") {
            s.del(o.k);
            model.delete(toHex(o.k));
          } else if (o.t === "checkpoint") {
            s.checkpoint();
            stack.push(new Map(model));
          } else if (stack.length > 0) {
            const saved = stack.pop()!;
            if (o.t === "commit") s.commit();
            else {
              s.revert();
              model = saved;
            }
          }
          const entries = [...model].map(([k, v]) => [Buffer.from(k, "hex"), v] as [Uint8Array, Uint8Array]);
          expect(toHex(s.root())).toBe(specRoot(entries));
        }
        expect(s.entries().map(([k, v]) => [toHex(k), toHex(v)])).toEqual(
          [...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]),
        );
        // the ops since the mark turn the start (empty) into the current entries
        const replay = new Map(start);
        for (const d of s.ops()) {
          if (d.type === "put") replay.set(toHex(d.key), d.value);
          else replay.delete(toHex(d.key));
        }
        expect(new Map([...replay].map(([k, v]) => [k, toHex(v)]))).toEqual(
          new Map([...model].map(([k, v]) => [k, toHex(v)])),
        );
        // and a state loaded from the entries has the same root
        expect(toHex(KvState.fromEntries(s.entries()).root())).toBe(toHex(s.root()));
      }),
      { numRuns: 60 },
    );
  });

  it("leaves out of the ops an entry changed and changed back, and deletes what was removed", () => {
    const s = KvState.fromEntries([[Uint8Array.of(1), Uint8Array.of(1)]]);
    s.put(Uint8Array.of(1), Uint8Array.of(2));
    s.put(Uint8Array.of(1), Uint8Array.of(1));
    s.put(Uint8Array.of(2), Uint8Array.of(5));
    s.del(Uint8Array.of(2));
    expect(s.ops()).toEqual([]);
    s.del(Uint8Array.of(1));
    expect(s.ops()).toEqual([{ type: "del", key: Uint8Array.of(1) }]);
  });
});

describe("entry codecs", () => {
  it("round-trip accounts, the rollup record, queue entries and batches", () => {
    const a = { nonce: 7n, balances: [1n, (1n << 128n) - 1n, 0n, 3n] as const };
    expect(accountCodec.decode(accountCodec.encode(a))).toEqual(a);
    const r = {
      lastBatch: 3,
      lastRoot: 123n,
      queueLength: 9,
      consumed: 4,
      exodus: true,
      escrow: [1n, 2n, 3n, 4n] as const,
      burned: 5n,
      bond: 6n,
    };
    expect(rollupCodec.decode(rollupCodec.encode(r))).toEqual(r);
    const q = {
      status: "refundable" as const,
      deadline: 1767225600000,
      depositor: 0xabcn,
      hash: 77n,
      op: {
        type: "deposit" as const,
        to: null,
        token: 2 as const,
        amount: 5n,
        ax: 1n,
        ay: 2n,
        l1Address: 0xabcn,
      },
    };
    expect(queueCodec.decode(queueCodec.encode(q))).toEqual(q);
    const fe = {
      ...q,
      status: "queued" as const,
      op: { type: "forcedExit" as const, account: 3, token: 1 as const, requester: 9n },
    };
    expect(queueCodec.decode(queueCodec.encode(fe))).toEqual(fe);
    const b = {
      newRoot: 1n,
      feeAccount: 2,
      firstQueue: 3,
      priorityOps: 4,
      block: 5,
      proof: proofFromElements([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]),
      data: Uint8Array.of(1, 2, 3),
    };
    expect(batchCodec.decode(batchCodec.encode(b))).toEqual(b);
  });

  it("stores no entry for an account with nonce 0 and no balance", () => {
    const s = new ChainState();
    s.putAccount(5n, { nonce: 0n, balances: [1n, 0n, 0n, 0n] });
    expect(s.entries().length).toBe(1);
    s.putAccount(5n, { nonce: 0n, balances: [0n, 0n, 0n, 0n] });
    expect(s.entries()).toEqual([]);
    expect(s.account(5n)).toEqual({ nonce: 0n, balances: [0n, 0n, 0n, 0n] });
  });
});
