/**
 * tests/vectors/json.json: the canonical JSON codec's verdicts (docs/protocol.md §9) on hostile input,
 * each a parsed JSON value and the code `opFromJson` gives it, including the code that wins when one op
 * has several errors; a few boundary values that must be accepted close the list.
 */
import { GhostError, l2KeyFromSeed, opFromJson, opToJson, signTx } from "../../src/protocol/index.js";

type Json = Record<string, unknown>;

const P = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
const SIG = `0x${"ab".repeat(64)}`;
const ADDRESS = `0x${"11".repeat(20)}`;

export function json() {
  const valid = opToJson(
    signTx(7, l2KeyFromSeed("vector-json-0").privateKey, {
      type: "transfer",
      from: 0,
      to: 1,
      token: 0,
      amount: 1234n,
      fee: 5n,
      nonce: 0,
    }),
  );
  const withdraw = { type: "withdraw", from: 2, token: 0, amount: "100", fee: "1", nonce: 0, signature: SIG };
  const deposit = { type: "deposit", to: null, token: 1, amount: "5", ax: "1", ay: "2", l1Address: ADDRESS };
  const forcedExit = { type: "forcedExit", account: 1, token: 0, requester: ADDRESS };
  const t = (patch: Json) => ({ ...valid, ...patch });
  const without = (o: Json, field: string) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => k !== field));
  const cases: [string, unknown][] = [
    ["null", null],
    ["a number", 5],
    ["an array", [valid]],
    ["a string holding the op", JSON.stringify(valid)],
    ["an empty object", {}],
    ["an unknown type", t({ type: "mint" })],
    ["a type of another case", t({ type: "Transfer" })],
    ["an inherited property name as type", t({ type: "toString" })],
    ["type __proto__", t({ type: "__proto__" })],
    ["a numeric type", t({ type: 2 })],
    ["a missing type", without(valid, "type")],
    ["a missing amount", without(valid, "amount")],
    ["a missing signature", without(valid, "signature")],
    ["an extra field", t({ memo: "hi" })],
    ["a withdraw with a to field", { ...withdraw, to: 1 }],
    ["amount as a JSON number", t({ amount: 1234 })],
    ["amount with a trailing n", t({ amount: "1234n" })],
    ["a negative amount", t({ amount: "-1" })],
    ["a signed amount", t({ amount: "+1" })],
    ["an exponent", t({ amount: "1e3" })],
    ["a hex amount", t({ amount: "0x10" })],
    ["a leading zero", t({ amount: "0100" })],
    ["a decimal point", t({ amount: "1.0" })],
    ["whitespace", t({ amount: " 1" })],
    ["an empty string", t({ amount: "" })],
    ["an amount of 2^126", t({ amount: (1n << 126n).toString() })],
    ["a 400-digit amount", t({ amount: "9".repeat(400) })],
    ["a fee of 2^126", t({ fee: (1n << 126n).toString() })],
    ["from as a string", t({ from: "0" })],
    ["from of 2^32", t({ from: 2 ** 32 })],
    ["a negative from", t({ from: -1 })],
    ["a fractional nonce", t({ nonce: 1.5 })],
    ["a nonce of 1e300", t({ nonce: 1e300 })],
    ["a null nonce", t({ nonce: null })],
    ["token 4", t({ token: 4 })],
    ["token as a name", t({ token: "GCC" })],
    ["a negative token", t({ token: -1 })],
    ["a fractional token", t({ token: 0.5 })],
    ["an uppercase hex signature", t({ signature: SIG.toUpperCase().replace("0X", "0x") })],
    ["a 63-byte signature", t({ signature: SIG.slice(0, -2) })],
    ["a signature without 0x", t({ signature: SIG.slice(2) })],
    ["a deposit with ax = p", { ...deposit, ax: P }],
    ["a deposit with a 21-byte L1 address", { ...deposit, l1Address: `0x${"11".repeat(21)}` }],
    ["a deposit with an uppercase L1 address", { ...deposit, l1Address: ADDRESS.replace("0x", "0X") }],
    ["a deposit with to as a string", { ...deposit, to: "3" }],
    ["a deposit without to", without(deposit, "to")],
    ["a forced exit without requester", without(forcedExit, "requester")],
    ["a forced exit with token 7", { ...forcedExit, token: 7 }],
    ["a noop with a field", { type: "noop", x: 1 }],
    // several errors in one op: any TX_MALFORMED wins, else the first field in key order
    ["token 4 and an amount of 2^126", t({ token: 4, amount: (1n << 126n).toString() })],
    ["token 4 and a negative from", t({ token: 4, from: -1 })],
    ["token 4 and a missing signature", { ...without(valid, "signature"), token: 4 }],
    ["token 4 and an extra field", t({ token: 4, memo: 1 })],
    [
      "an amount of 2^126 and a fee of 2^126",
      t({ amount: (1n << 126n).toString(), fee: (1n << 126n).toString() }),
    ],
    ["an amount of 2^126 and a fractional nonce", t({ amount: (1n << 126n).toString(), nonce: 0.5 })],
    ["a deposit of token 9 and ax = p", { ...deposit, token: 9, ax: P }],
    // accepted: the boundaries on the valid side
    [
      "the largest amount, from and nonce",
      t({ amount: ((1n << 126n) - 1n).toString(), from: 2 ** 32 - 1, nonce: 2 ** 32 - 1 }),
    ],
    ["zero amount and fee, token 3", t({ amount: "0", fee: "0", token: 3 })],
    ["a deposit with ax = p - 1", { ...deposit, ax: (BigInt(P) - 1n).toString() }],
    [
      "a deposit to an existing index",
      { ...deposit, to: 4, ax: "0", ay: "0", l1Address: `0x${"00".repeat(20)}` },
    ],
    ["a forced exit", forcedExit],
    ["a noop", { type: "noop" }],
  ];
  return {
    about:
      "json: a parsed JSON value given to opFromJson. expect: the GhostError code, or ok with the op's " +
      "canonical JSON (keys in the order of §9).",
    cases: cases.map(([name, input]) => {
      try {
        return { name, json: input, expect: { ok: true, canonical: opToJson(opFromJson(input)) } };
      } catch (e) {
        if (e instanceof GhostError) return { name, json: input, expect: { code: e.code } };
        throw e;
      }
    }),
  };
}
