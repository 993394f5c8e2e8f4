/**
 * The examples of ghostd's and ghostplane's tables (docs/api.md, the OpenRPC `examples`): every method and
 * subscription has at least one, and each is what the server would take and send. Params pass the params
 * schema with no key it would drop; a result (an event) passes its schema and comes back unchanged from
 * encoding, as the server encodes it; shortened byte strings are filled out first, and only strings too
 * long to print are shortened. The txs in them pass the nodes' own codecs and hash to the hashes answered.
 */
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { ghostdApi } from "../../src/l1/api/index.js";
import { txHash as l1TxHash, txFromJson } from "../../src/l1/tx/index.js";
import { ghostplaneApi } from "../../src/l2/api/index.js";
import { initProtocol, opFromJson, txHash, type UnsignedTx } from "../../src/protocol/index.js";
import {
  buildOpenRpcDocument,
  EXAMPLE_SUBSCRIPTION_ID,
  expandShortBytes,
  type JsonValue,
  MAX_EXAMPLE_BYTES,
  type ParamsSchema,
  type RpcApi,
  shortBytes,
} from "../../src/rpc/index.js";

const apis: [string, RpcApi][] = [
  ["ghostd", ghostdApi],
  ["ghostplane", ghostplaneApi],
];

/** Every 0x-hex string in `value` (shortened ones are not hex, so they are left out). */
function hexStrings(value: JsonValue | undefined): string[] {
  if (typeof value === "string") return /^0x([0-9a-f]{2})*$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(hexStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(hexStrings);
  return [];
}

/** Byte strings too long to print are shortened, all of them. */
function expectPrintable(value: JsonValue): void {
  for (const hex of hexStrings(value)) expect((hex.length - 2) / 2).toBeLessThanOrEqual(MAX_EXAMPLE_BYTES);
}

function expectParams(schema: ParamsSchema, params: JsonValue): void {
  expectPrintable(params);
  const expanded = expandShortBytes(params) as Record<string, JsonValue>;
  expect(Object.keys(schema.shape)).toEqual(expect.arrayContaining(Object.keys(expanded)));
  const parsed = schema.safeParse(expanded);
  expect(parsed.error?.issues ?? []).toEqual([]);
}

/** Parses as the client does, and encodes as the server does: a wire form nothing is lost from. */
function expectWire(schema: z.ZodType, value: JsonValue): void {
  expectPrintable(value);
  const expanded = expandShortBytes(value);
  const parsed = schema.safeParse(expanded);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(z.encode(schema, parsed.data)).toEqual(expanded);
}

describe.each(apis)("the examples of %s", (_, api) => {
  test.each(Object.entries(api.methods))("%s has examples its params and result schemas accept", (_, def) => {
    expect(def.examples?.length ?? 0).toBeGreaterThan(0);
    for (const example of def.examples ?? []) {
      expectParams(def.params, example.params);
      expectWire(def.result, example.result);
    }
  });

  test.each(Object.entries(api.subscriptions))(
    "%s has examples its params and event schemas accept",
    (_, def) => {
      expect(def.examples?.length ?? 0).toBeGreaterThan(0);
      for (const example of def.examples ?? []) {
        expectParams(def.params, example.params);
        expectWire(def.event, example.event);
      }
    },
  );

  test("the OpenRPC document carries them as Example Pairings, ghost_subscribe's and ghost_unsubscribe's too", () => {
    const doc = buildOpenRpcDocument(api, { title: "examples", version: "1" });
    for (const m of [...doc.methods, ...doc["x-subscriptions"]]) {
      const resultName = "result" in m ? m.result.name : m.event.name;
      expect(m.examples?.length ?? 0).toBeGreaterThan(0);
      for (const pairing of m.examples ?? []) {
        const names = m.params.map((p) => p.name);
        expect(names).toEqual(expect.arrayContaining(pairing.params.map((p) => p.name)));
        expect(pairing.result.name).toBe(resultName);
      }
    }
    const subscribe = doc.methods.find((m) => m.name === "ghost_subscribe")!.examples![0]!;
    const [name, params] = subscribe.params.map((p) => p.value);
    expectParams(api.subscriptions[name as string]!.params, params ?? {});
    expect(subscribe.result.value).toBe(EXAMPLE_SUBSCRIPTION_ID);
    expect(EXAMPLE_SUBSCRIPTION_ID).toMatch(/^0x[0-9a-f]{32}$/);
  });
});

describe("the txs in the examples", () => {
  test("ghostd's deposit passes txFromJson and hashes to the hash l1_sendTransaction answered", () => {
    const sent = ghostdApi.methods.l1_sendTransaction.examples[0]!;
    const { tx } = txFromJson(expandShortBytes(sent.params.tx));
    expect(`0x${Buffer.from(l1TxHash(tx)).toString("hex")}`).toBe(sent.result.txHash);
    const included = ghostdApi.methods.l1_getTransaction.examples[0]!;
    expect(txFromJson(expandShortBytes(included.result.tx)).tx).toEqual(tx);
  });

  test("ghostplane's txs pass opFromJson and hash to the hashes answered", async () => {
    await initProtocol();
    const { chainId } = ghostplaneApi.methods.l2_chainInfo.examples[0]!.result;
    const sent = ghostplaneApi.methods.l2_sendTransaction.examples.map(
      (e) => [e.params.tx, e.result] as const,
    );
    const batch = ghostplaneApi.methods.l2_sendTransactions.examples[0]!;
    sent.push(...batch.params.txs.map((tx, i) => [tx, batch.result[i]!] as const));
    for (const [json, result] of sent) {
      expect(txHash(chainId, opFromJson(json) as UnsignedTx)).toBe(result.txHash);
    }
  });

  test("the sequencer's verification key is the one in ghostd's genesis", () => {
    const l1 = ghostdApi.methods.l1_verificationKey.examples[0]!.result;
    expect(ghostplaneApi.methods.l2_verificationKey.examples[0]!.result).toEqual(l1);
    expect(ghostdApi.methods.l1_genesis.examples[0]!.result.rollup.verificationKey).toEqual(
      l1.verificationKey,
    );
  });
});

describe("shortened byte strings", () => {
  test("keep 16 bytes and the length, and fill out to that length with zero bytes", () => {
    const short = shortBytes("0x5add7da6b24cc9ad51093ac8a51e7188", 3309);
    expect(short).toBe("0x5add7da6b24cc9ad51093ac8a51e7188…(3309 bytes)");
    const full = expandShortBytes({ a: [short], b: "0x01" }) as { a: string[]; b: string };
    expect(full.a[0]).toHaveLength(2 + 2 * 3309);
    expect(full.a[0]).toBe(`0x5add7da6b24cc9ad51093ac8a51e7188${"00".repeat(3309 - 16)}`);
    expect(full.b).toBe("0x01");
  });

  test("are refused for a prefix of another length or a string short enough to print", () => {
    expect(() => shortBytes("0x5add", 3309)).toThrow(TypeError);
    expect(() => shortBytes("0x5add7da6b24cc9ad51093ac8a51e7188", MAX_EXAMPLE_BYTES)).toThrow(TypeError);
  });
});
