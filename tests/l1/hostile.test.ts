/**
 * The L1 hostile-input table (hostile.ts) against ghostd's public surface: the transaction codecs (JSON
 * and binary), genesis and key files, each entry answered with its exact code and field; every valid
 * example round-trips; then the JSON entries and raw JSON-RPC bodies through a real ghostd, which must
 * answer each with the same code and afterwards have changed nothing and still serve.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createL1Signer, type GhostdClient } from "../../src/client/index.js";
import { ghostdApi } from "../../src/l1/api/index.js";
import {
  buildGenesis,
  decodeEnvelope,
  decodeSignedBytes,
  devKey,
  encodeEnvelope,
  formatAddress,
  genesisFromJson,
  parseKeyFile,
  type SignedTx,
  signedBytes,
  toHex,
  txFromJson,
  txToJson,
} from "../../src/l1/index.js";
import type { Ghostd } from "../../src/l1/node/index.js";
import { type ErrorCode, isGhostError } from "../../src/protocol/index.js";
import { startTestGhostd, type TestGhostd } from "./ghostdFixture.js";
import {
  BYTES_ENTRIES,
  envelopeLayout,
  GENESIS_ENTRIES,
  HTTP_ENTRIES,
  KEY_FILE_ENTRIES,
  signedLayout,
  TABLE_SIZE,
  TX_JSON_ENTRIES,
  type TxJsonEntry,
  VALID_TXS,
} from "./hostile.js";

interface Thrown {
  readonly code: ErrorCode | "none" | "untyped";
  readonly path?: readonly string[];
}

/** What `f` threw: its GhostError code and details.path, "untyped" for anything else, "none" if nothing. */
function thrown(f: () => unknown): Thrown {
  try {
    f();
  } catch (e) {
    if (!isGhostError(e)) return { code: "untyped" };
    const path = (e.details as { path?: string[] } | undefined)?.path;
    return path === undefined ? { code: e.code } : { code: e.code, path };
  }
  return { code: "none" };
}

/** The entry's expectation in the shape `thrown` reports (the path only where the entry names one). */
function expected(e: { code: ErrorCode; path?: readonly string[] }, got: Thrown): Thrown {
  return e.path === undefined
    ? { code: e.code, ...(got.path ? { path: got.path } : {}) }
    : { code: e.code, path: e.path };
}

const sum = Object.values(TABLE_SIZE).reduce((a, b) => a + b, 0);

describe(`the L1 hostile-input table (${sum} entries)`, () => {
  test.each(TX_JSON_ENTRIES.map((e) => [e.name, e] as const))(
    "txFromJson refuses %s with TX_MALFORMED naming the field",
    (_, entry) => {
      const got = thrown(() => txFromJson(entry.json()));
      expect(got).toEqual(expected(entry, got));
    },
  );

  test.each(BYTES_ENTRIES.map((e) => [e.name, e] as const))(
    "the decoder refuses %s with TX_MALFORMED",
    (_, entry) => {
      const decode = entry.decoder === "envelope" ? decodeEnvelope : decodeSignedBytes;
      const got = thrown(() => decode(entry.bytes() as Uint8Array));
      expect(got).toEqual(expected(entry, got));
    },
  );

  test.each(VALID_TXS.map((e) => [e.name, e] as const))(
    "%s: JSON → tx → envelope → tx → JSON is the identity, laid out as §3.1 says",
    (_, { signed }) => {
      const json = JSON.parse(JSON.stringify(txToJson(signed)));
      const tx = txFromJson(json);
      const env = encodeEnvelope(tx);
      expect(env.length).toBe(envelopeLayout(signed).reduce((n, [, w]) => n + w, 0));
      expect(signedBytes(tx.tx).length).toBe(signedLayout(signed.tx).reduce((n, [, w]) => n + w, 0));
      const back = decodeEnvelope(env);
      expect(back).toEqual(signed);
      expect(txToJson(back)).toEqual(json);
      expect(toHex(encodeEnvelope(back))).toBe(toHex(env));
    },
  );

  test("random valid values of every type round-trip (JSON, envelope, JSON)", () => {
    const arbitraryTx = fc.constantFrom(...VALID_TXS.map((v) => v.signed)).chain((s) =>
      fc
        .record({
          nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          fee: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
          chainId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        })
        .map((c): SignedTx => ({ ...s, tx: { ...s.tx, ...c } })),
    );
    fc.assert(
      fc.property(arbitraryTx, (s) => {
        const json = JSON.parse(JSON.stringify(txToJson(s)));
        expect(txToJson(decodeEnvelope(encodeEnvelope(txFromJson(json))))).toEqual(json);
      }),
      { numRuns: 40 },
    );
  });

  test.each(GENESIS_ENTRIES.map((e) => [e.name, e] as const))(
    "genesis: %s is GENESIS_INVALID",
    (_, entry) => {
      const got = thrown(() => buildGenesis(genesisFromJson(entry.json())));
      expect(got).toEqual(expected({ ...entry, code: "GENESIS_INVALID" }, got));
    },
  );

  test.each(KEY_FILE_ENTRIES.map((e) => [e.name, e] as const))(
    "key file: %s is L1_KEY_MALFORMED",
    (_, entry) => {
      expect(thrown(() => parseKeyFile(entry.text() as string)).code).toBe("L1_KEY_MALFORMED");
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// Through a real ghostd.

let ghostd: TestGhostd;
let node: Ghostd;
let client: GhostdClient;

beforeAll(async () => {
  // The whole table is sent from one address: the rate limit is not what is tested here.
  ghostd = await startTestGhostd("hostile", {
    limits: { requestsPerSecond: 100_000, requestBurst: 100_000 },
  });
  ({ node, client } = ghostd);
});

afterAll(async () => {
  await ghostd?.close();
});

/** An entry's value as a JSON body carries it, or undefined when JSON cannot (prototypes, NaN, bigints, undefined). */
function onTheWire(entry: TxJsonEntry): unknown {
  const value = entry.json();
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return undefined;
    const wire = JSON.parse(text);
    return isDeepStrictEqual(wire, value) ? wire : undefined;
  } catch {
    return undefined;
  }
}

const ON_THE_WIRE = TX_JSON_ENTRIES.flatMap((e) => {
  const tx = onTheWire(e);
  return tx === undefined ? [] : [{ entry: e, tx }];
});
const WIRE = ON_THE_WIRE;

/**
 * The code ghostd answers with: the entry's, unless the tx fails the method's own params schema
 * (`tx: { type: string }`, docs/api.md), which the RPC layer checks first (RPC_INVALID_PARAMS, -32602 too).
 */
function codeOverRpc(entry: TxJsonEntry, tx: unknown): ErrorCode {
  return ghostdApi.methods.l1_sendTransaction.params.safeParse({ tx }).success
    ? entry.code
    : "RPC_INVALID_PARAMS";
}

const post = async (body: string): Promise<unknown> =>
  (await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body })).json();

interface RpcError {
  readonly id: number | null;
  readonly error: {
    readonly code: number;
    readonly data: { code: ErrorCode; details?: { path?: string[] } };
  };
}

describe(`ghostd answers the table over JSON-RPC (${WIRE.length} transactions, ${HTTP_ENTRIES.length} bodies)`, () => {
  let head: number;
  let account: unknown;
  const sender = formatAddress(devKey("account-0").address);

  beforeAll(async () => {
    head = (await client.l1_head()).height;
    account = await client.l1_getAccount({ address: sender });
  });

  test("l1_sendTransaction refuses every transaction entry with the codec's code and field", async () => {
    const answers: Thrown[] = [];
    const wanted: Thrown[] = [];
    for (const { entry, tx } of WIRE) {
      let got: Thrown = { code: "none" };
      try {
        await client.l1_sendTransaction({ tx: tx as { type: string } });
      } catch (e) {
        const path = isGhostError(e, entry.code) ? (e.details as { path?: string[] }).path : undefined;
        got = isGhostError(e) ? { code: e.code, ...(path ? { path } : {}) } : { code: "untyped" };
      }
      answers.push({ name: entry.name, ...got } as Thrown);
      const code = codeOverRpc(entry, tx);
      const local = thrown(() => txFromJson(tx));
      const path = code === entry.code ? local.path : undefined;
      wanted.push({ name: entry.name, code, ...(path ? { path } : {}) } as Thrown);
    }
    expect(answers).toEqual(wanted);
  });

  test("the server itself, sent the entries as raw JSON-RPC batches, answers each id with the same code", async () => {
    const size = 40;
    for (let from = 0; from < WIRE.length; from += size) {
      const chunk = WIRE.slice(from, from + size);
      const body = JSON.stringify(
        chunk.map(({ tx }, i) => ({ jsonrpc: "2.0", id: i, method: "l1_sendTransaction", params: { tx } })),
      );
      const answers = (await post(body)) as RpcError[];
      expect(answers.map((a) => [a.id, a.error?.code, a.error?.data.code])).toEqual(
        chunk.map(({ entry, tx }, i) => [i, -32602, codeOverRpc(entry, tx)]),
      );
    }
  });

  test.each(HTTP_ENTRIES.map((e) => [e.name, e] as const))(
    "a raw body, %s, gets its JSON-RPC error",
    async (_, entry) => {
      const answer = (await post(entry.body)) as RpcError;
      expect([answer.error?.code, answer.error?.data.code]).toEqual([entry.rpc, entry.code]);
    },
  );

  test("after the whole table: the same head and sender account, nothing pending, and good requests served", async () => {
    expect((await client.l1_head()).height).toBe(head);
    expect(await client.l1_getAccount({ address: sender })).toEqual(account);
    const mined = await client.l1_mine({});
    expect(mined.txs).toEqual([]);
    const signer = await createL1Signer(client, devKey("account-0"));
    try {
      const txHash = await signer.send({
        type: "transfer",
        to: devKey("account-1").address,
        token: 0,
        amount: 1n,
      });
      await client.l1_mine({});
      expect((await client.l1_getReceipt({ txHash }))?.status).toBe("ok");
    } finally {
      signer.close();
    }
  });
});
