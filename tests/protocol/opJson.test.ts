import { beforeAll, describe, expect, test } from "vitest";
import {
  type ErrorCode,
  initProtocol,
  isGhostError,
  opFromJson,
  opToJson,
} from "../../src/protocol/index.js";
import { transfer, withdraw } from "./helpers.js";

let valid: Record<string, unknown>;

beforeAll(async () => {
  await initProtocol();
  valid = opToJson(transfer(0, 1, { amount: 1234n, fee: 5n }));
});

function codeOf(json: unknown): ErrorCode | "ok" {
  try {
    opFromJson(json);
    return "ok";
  } catch (e) {
    if (!isGhostError(e)) throw e;
    return e.code;
  }
}

describe("opFromJson: hostile inputs", () => {
  // Parsed JSON values are tests/vectors/json.json (replayed in rejectionVectors.test.ts); these are the
  // JavaScript values no JSON text can produce, which a caller may still pass.
  const with_ = (patch: Record<string, unknown>) => () => ({ ...valid, ...patch });
  const table: [string, () => unknown, ErrorCode][] = [
    ["undefined", () => undefined, "TX_MALFORMED"],
    ["NaN as nonce", with_({ nonce: Number.NaN }), "TX_MALFORMED"],
    ["Infinity as from", with_({ from: Number.POSITIVE_INFINITY }), "TX_MALFORMED"],
    ["a bigint amount", with_({ amount: 1234n }), "TX_MALFORMED"],
    ["signature as bytes", with_({ signature: new Uint8Array(64) }), "TX_MALFORMED"],
    ["a function", () => () => valid, "TX_MALFORMED"],
    ["an object whose type is inherited", () => Object.create({ type: "noop" }), "TX_MALFORMED"],
  ];
  test.each(table)("rejects %s", (_name, json, code) => expect(codeOf(json())).toBe(code));

  test("names the field and the bound in width errors", () => {
    expect(() => opFromJson({ ...valid, amount: (1n << 130n).toString() })).toThrow(
      /^"amount" expected integer below 2\^126, got 2\^130$/,
    );
    expect(() => opFromJson({ ...valid, nonce: 2 ** 32 })).toThrow(
      /^"nonce" expected integer below 2\^32, got 4294967296$/,
    );
    expect(() => opFromJson({ ...valid, fee: "9".repeat(400) })).toThrow(
      /^"fee" expected integer below 2\^126, got a 400-digit integer$/,
    );
  });
});

function depositJson(patch: Record<string, unknown>) {
  return {
    type: "deposit",
    to: null,
    token: 1,
    amount: "5",
    ax: "1",
    ay: "2",
    l1Address: `0x${"11".repeat(20)}`,
    ...patch,
  };
}

describe("opFromJson / opToJson", () => {
  test("round-trips every op type", () => {
    const ops = [
      transfer(0, 1),
      withdraw(2, { token: 3 }),
      opFromJson(depositJson({})),
      opFromJson(depositJson({ to: 4, ax: "0", ay: "0", l1Address: `0x${"00".repeat(20)}` })),
      { type: "forcedExit", account: 3, token: 2, requester: 0xabcn } as const,
      { type: "noop" } as const,
    ];
    for (const op of ops) {
      const wire = JSON.parse(JSON.stringify(opToJson(op)));
      expect(opFromJson(wire)).toEqual(op);
      expect(opToJson(opFromJson(wire))).toEqual(wire);
    }
  });

  test("accepts the boundary values", () => {
    expect(codeOf({ ...valid, amount: ((1n << 126n) - 1n).toString(), from: 2 ** 32 - 1, nonce: 0 })).toBe(
      "ok",
    );
    expect(codeOf({ ...valid, amount: "0", fee: "0", token: 3 })).toBe("ok");
  });
});
