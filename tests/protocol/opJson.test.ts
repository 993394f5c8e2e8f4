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
const SIG = `0x${"ab".repeat(64)}`;

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
  const with_ = (patch: Record<string, unknown>) => () => ({ ...valid, ...patch });
  const without = (field: string) => () =>
    Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field));
  const table: [string, () => unknown, ErrorCode][] = [
    ["null", () => null, "TX_MALFORMED"],
    ["an array", () => [valid], "TX_MALFORMED"],
    ["a string", () => JSON.stringify(valid), "TX_MALFORMED"],
    ["an unknown type", with_({ type: "mint" }), "TX_MALFORMED"],
    ["a missing type", without("type"), "TX_MALFORMED"],
    ["a missing amount", without("amount"), "TX_MALFORMED"],
    ["a missing signature", without("signature"), "TX_MALFORMED"],
    ["an extra field", with_({ memo: "hi" }), "TX_MALFORMED"],
    ["a withdraw-only shape with a to field", () => ({ ...opToJson(withdraw(0)), to: 1 }), "TX_MALFORMED"],
    ["amount as a JSON number", with_({ amount: 1234 }), "TX_MALFORMED"],
    ["amount as a bigint-looking string with n", with_({ amount: "1234n" }), "TX_MALFORMED"],
    ["a negative amount", with_({ amount: "-1" }), "TX_MALFORMED"],
    ["a signed amount", with_({ amount: "+1" }), "TX_MALFORMED"],
    ["an exponent", with_({ amount: "1e3" }), "TX_MALFORMED"],
    ["a hex amount", with_({ amount: "0x10" }), "TX_MALFORMED"],
    ["a leading zero", with_({ amount: "0100" }), "TX_MALFORMED"],
    ["a decimal point", with_({ amount: "1.0" }), "TX_MALFORMED"],
    ["whitespace", with_({ amount: " 1" }), "TX_MALFORMED"],
    ["an empty string", with_({ amount: "" }), "TX_MALFORMED"],
    ["an amount of 2^126", with_({ amount: (1n << 126n).toString() }), "TX_AMOUNT_RANGE"],
    ["a 400-digit amount", with_({ amount: "9".repeat(400) }), "TX_AMOUNT_RANGE"],
    ["a fee of 2^126", with_({ fee: (1n << 126n).toString() }), "TX_AMOUNT_RANGE"],
    ["from as a string", with_({ from: "0" }), "TX_MALFORMED"],
    ["from of 2^32", with_({ from: 2 ** 32 }), "TX_MALFORMED"],
    ["a negative from", with_({ from: -1 }), "TX_MALFORMED"],
    ["a fractional nonce", with_({ nonce: 1.5 }), "TX_MALFORMED"],
    ["a huge nonce", with_({ nonce: 1e300 }), "TX_MALFORMED"],
    ["NaN as nonce", with_({ nonce: Number.NaN }), "TX_MALFORMED"],
    ["token 4", with_({ token: 4 }), "TX_UNKNOWN_TOKEN"],
    ["token as a name", with_({ token: "GCC" }), "TX_MALFORMED"],
    ["a negative token", with_({ token: -1 }), "TX_MALFORMED"],
    [
      "an uppercase hex signature",
      with_({ signature: SIG.toUpperCase().replace("0X", "0x") }),
      "TX_MALFORMED",
    ],
    ["a short signature", with_({ signature: SIG.slice(0, -2) }), "TX_MALFORMED"],
    ["a signature without 0x", with_({ signature: SIG.slice(2) }), "TX_MALFORMED"],
    [
      "a deposit with an ax >= p",
      () =>
        depositJson({ ax: "21888242871839275222246405745257275088548364400416034343698204186575808495617" }),
      "TX_MALFORMED",
    ],
    [
      "a deposit with a 21-byte L1 address",
      () => depositJson({ l1Address: `0x${"11".repeat(21)}` }),
      "TX_MALFORMED",
    ],
    ["a deposit with to as a string", () => depositJson({ to: "3" }), "TX_MALFORMED"],
    [
      "a forced exit with a missing requester",
      () => ({ type: "forcedExit", account: 1, token: 0 }),
      "TX_MALFORMED",
    ],
    ["a noop with a field", () => ({ type: "noop", x: 1 }), "TX_MALFORMED"],
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
      /^"fee" expected integer below 2\^126, got a 1329-bit integer$/,
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
