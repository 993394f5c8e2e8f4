/**
 * GhostPlane's hostile-input table (the L2 counterpart of tests/l1/hostile.ts): what an adversarial
 * caller of the sequencer's WebSocket endpoint can send, and the exact answer it must get.
 *
 *   VECTOR_ENTRIES  every op of the protocol's JSON vectors (tests/vectors/json.json) as
 *                   `l2_sendTransaction`'s `tx`: the codec's code for its refusals, TX_MALFORMED for the
 *                   priority ops and noops it accepts (they are L1's to send), the sequencer's verdict
 *                   for the L2 txs it accepts, and RPC_INVALID_PARAMS where the method's own params
 *                   schema (`tx`: an object, src/l2/api) refuses the value before the codec sees it
 *   FRAME_ENTRIES   raw WebSocket frames: JSON-RPC bodies that are not JSON, not requests, of unknown
 *                   methods, with wrong or missing params, too large, too long a batch, or carrying
 *                   `__proto__` keys; each with its JSON-RPC number, GhostChain code and id
 *                   (docs/rpc.md), or no answer (notifications), or the socket's close code
 *
 * Frames are built when the runner asks (after `initProtocol`), so the valid tx they carry is really
 * signed: if a frame ever got past the checks it would be sequenced, and the runner would see it.
 */
import { readFileSync } from "node:fs";
import { ghostplaneMethods, MAX_USER_BATCH } from "../../src/l2/api/index.js";
import { type ErrorCode, l2KeyFromSeed, opToJson, signTx } from "../../src/protocol/index.js";
import { DEFAULT_LIMITS, type RpcId } from "../../src/rpc/index.js";
import { L2_CHAIN_ID } from "./stackFixture.js";

// ---------------------------------------------------------------------------------------------------
// The protocol's JSON vectors as l2_sendTransaction's tx.

interface JsonVector {
  readonly name: string;
  readonly json: unknown;
  readonly expect: { readonly code?: ErrorCode; readonly ok?: true };
}

const vectors: readonly JsonVector[] = JSON.parse(
  readFileSync(new URL("../vectors/json.json", import.meta.url), "utf8"),
).cases;

/**
 * The sequencer's verdict on the vectors' well-formed L2 txs: their signature is a fixed 64 bytes that
 * signs nothing, so each is refused by the first state check it fails (docs/protocol.md §7.1).
 * A new accepted L2 vector must be given its verdict here.
 */
export const SEQUENCER_VERDICTS: Readonly<Record<string, ErrorCode>> = {
  // 2^126 − 1 has no exact float36 form, which is checked before the sender (2^32 − 1, no such account).
  "the largest amount, from and nonce": "TX_AMOUNT_NOT_REPRESENTABLE",
  // From the fee account (index 0), which has a key: the signature does not verify.
  "zero amount and fee, token 3": "TX_BAD_SIGNATURE",
};

export interface VectorEntry {
  readonly name: string;
  readonly tx: unknown;
  readonly code: ErrorCode;
  /** Who refuses it: the params schema, the op codec, the L2-only rule, or the sequencer's state checks. */
  readonly by: "schema" | "codec" | "not an L2 tx" | "sequencer";
}

const L2_TYPES: readonly unknown[] = ["transfer", "withdraw"];

export const VECTOR_ENTRIES: readonly VectorEntry[] = vectors.map((v): VectorEntry => {
  if (!ghostplaneMethods.l2_sendTransaction.params.safeParse({ tx: v.json }).success)
    return { name: v.name, tx: v.json, code: "RPC_INVALID_PARAMS", by: "schema" };
  if (v.expect.code !== undefined) return { name: v.name, tx: v.json, code: v.expect.code, by: "codec" };
  if (!L2_TYPES.includes((v.json as { type: unknown }).type))
    return { name: v.name, tx: v.json, code: "TX_MALFORMED", by: "not an L2 tx" };
  const code = SEQUENCER_VERDICTS[v.name];
  if (code === undefined) throw new Error(`json.json: give the accepted L2 vector "${v.name}" a verdict`);
  return { name: v.name, tx: v.json, code, by: "sequencer" };
});

// ---------------------------------------------------------------------------------------------------
// Raw WebSocket frames.

/** One error answer: the JSON-RPC number, the GhostChain code in `error.data.code`, and the echoed id. */
export interface ErrorAnswer {
  readonly rpc: number;
  readonly code: ErrorCode;
  readonly id: RpcId;
  /** `error.data.details.index`, for a user batch's refusal naming its tx. */
  readonly index?: number;
}

/** A call of a batch that succeeds: only its id is checked. */
export interface OkAnswer {
  readonly ok: true;
  readonly id: RpcId;
}

export type FrameAnswer =
  | { readonly error: ErrorAnswer }
  /** A single call that succeeds. */
  | { readonly ok: RpcId }
  | { readonly batch: readonly (ErrorAnswer | OkAnswer)[] }
  /** A notification (or a batch of them): nothing comes back. */
  | { readonly none: true }
  /** The WebSocket layer cuts the socket with this close code. */
  | { readonly close: number };

export interface FrameEntry {
  readonly name: string;
  readonly frame: () => string | Buffer;
  readonly answer: FrameAnswer;
}

let transferJson: Record<string, unknown> | undefined;
/** A transfer of 1 GCC from index 1 (account-0) to index 2 with nonce 0, correctly signed (a fresh copy). */
export function signedTransfer(): Record<string, unknown> {
  transferJson ??= opToJson(
    signTx(L2_CHAIN_ID, l2KeyFromSeed("account-0").privateKey, {
      type: "transfer",
      from: 1,
      to: 2,
      token: 0,
      amount: 1n,
      fee: 1n,
      nonce: 0,
    }),
  );
  return { ...transferJson };
}

const request = (id: RpcId, method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });
const notification = (method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
const sendTx = (tx: unknown) => request(1, "l2_sendTransaction", { tx });
const sendTxs = (txs: unknown) => request(1, "l2_sendTransactions", { txs });
/** The signed transfer's JSON text with `text` inserted as its first member. */
const withFirstMember = (text: string) =>
  request(1, "l2_sendTransaction", { tx: signedTransfer() }).replace('"tx":{', `"tx":{${text},`);
/** A valid request padded with spaces to exactly `bytes`. */
const padded = (bytes: number) => {
  const body = request(1, "l2_chainInfo", {});
  return `${body}${" ".repeat(bytes - body.length)}`;
};

const parse = (id: RpcId = null): FrameAnswer => ({ error: { rpc: -32700, code: "RPC_PARSE_ERROR", id } });
const invalidRequest = (id: RpcId = null): FrameAnswer => ({
  error: { rpc: -32600, code: "RPC_INVALID_REQUEST", id },
});
const notFound = (id: RpcId = 1): FrameAnswer => ({
  error: { rpc: -32601, code: "RPC_METHOD_NOT_FOUND", id },
});
const invalidParams = (id: RpcId = 1): FrameAnswer => ({
  error: { rpc: -32602, code: "RPC_INVALID_PARAMS", id },
});
const malformed = (index?: number): FrameAnswer => ({
  error: { rpc: -32602, code: "TX_MALFORMED", id: 1, ...(index === undefined ? {} : { index }) },
});
const limit = (): FrameAnswer => ({ error: { rpc: -32005, code: "RPC_LIMIT_EXCEEDED", id: null } });

const MAX_FRAME = DEFAULT_LIMITS.maxFrameBytes;
const MAX_BATCH = DEFAULT_LIMITS.maxBatchLength;
const noop = { type: "noop" };

export const FRAME_ENTRIES: readonly FrameEntry[] = [
  // Not JSON: -32700 with id null (nothing could be read).
  { name: "invalid JSON", frame: () => "{bad", answer: parse() },
  { name: "an empty frame", frame: () => "", answer: parse() },
  { name: "a truncated request", frame: () => request(1, "l2_chainInfo", {}).slice(0, -1), answer: parse() },
  { name: "a truncated batch", frame: () => `[${request(1, "l2_chainInfo", {})}`, answer: parse() },
  {
    name: "a request and trailing text",
    frame: () => `${request(1, "l2_chainInfo", {})} x`,
    answer: parse(),
  },
  {
    name: "a request after a byte-order mark",
    frame: () => `\uFEFF${request(1, "l2_chainInfo")}`,
    answer: parse(),
  },
  { name: "a binary frame of invalid UTF-8", frame: () => Buffer.from([0xff, 0xfe, 0x7b]), answer: parse() },
  // JSON, but not a JSON-RPC 2.0 request: -32600, with the id when one can be read.
  { name: "null", frame: () => "null", answer: invalidRequest() },
  { name: "a number", frame: () => "5", answer: invalidRequest() },
  { name: "a string naming a method", frame: () => '"l2_chainInfo"', answer: invalidRequest() },
  { name: "an empty batch", frame: () => "[]", answer: invalidRequest() },
  {
    name: 'jsonrpc "1.0"',
    frame: () => JSON.stringify({ jsonrpc: "1.0", id: 1, method: "l2_chainInfo" }),
    answer: invalidRequest(1),
  },
  {
    name: "no jsonrpc member",
    frame: () => JSON.stringify({ id: 2, method: "l2_chainInfo" }),
    answer: invalidRequest(2),
  },
  { name: "no method", frame: () => JSON.stringify({ jsonrpc: "2.0", id: 3 }), answer: invalidRequest(3) },
  { name: 'method ""', frame: () => request(4, ""), answer: invalidRequest(4) },
  { name: "a numeric method", frame: () => request(5, 5 as unknown as string), answer: invalidRequest(5) },
  {
    name: "an object id",
    frame: () => request({} as unknown as RpcId, "l2_chainInfo"),
    answer: invalidRequest(),
  },
  { name: "params as a string", frame: () => request(6, "l2_chainInfo", "x"), answer: invalidRequest(6) },
  { name: "params null", frame: () => request(7, "l2_chainInfo", null), answer: invalidRequest(7) },
  {
    name: "a request whose members are only in an own __proto__ key",
    frame: () => '{"__proto__":{"jsonrpc":"2.0","id":8,"method":"l2_chainInfo"}}',
    answer: invalidRequest(),
  },
  // Methods the sequencer does not have, including names every object inherits.
  { name: "an unknown method", frame: () => request(1, "l2_sendRawTransaction", {}), answer: notFound() },
  { name: "ghostd's l1_head", frame: () => request(1, "l1_head", {}), answer: notFound() },
  {
    name: "eth_sendRawTransaction",
    frame: () => request(1, "eth_sendRawTransaction", ["0x00"]),
    answer: notFound(),
  },
  { name: "a method in another case", frame: () => request(1, "L2_chainInfo", {}), answer: notFound() },
  {
    name: "a method with a trailing space",
    frame: () => request(1, "l2_chainInfo ", {}),
    answer: notFound(),
  },
  { name: 'method "__proto__"', frame: () => request(1, "__proto__", {}), answer: notFound() },
  { name: 'method "constructor"', frame: () => request(1, "constructor", {}), answer: notFound() },
  { name: 'method "toString"', frame: () => request(1, "toString", {}), answer: notFound() },
  { name: "a method of a lone surrogate", frame: () => request(1, "\ud800", {}), answer: notFound() },
  { name: 'method "hasOwnProperty"', frame: () => request(1, "hasOwnProperty", {}), answer: notFound() },
  // Params the method's schema refuses: -32602 RPC_INVALID_PARAMS.
  {
    name: "params by position",
    frame: () => request(1, "l2_sendTransaction", [signedTransfer()]),
    answer: invalidParams(),
  },
  { name: "no params", frame: () => request(1, "l2_sendTransaction"), answer: invalidParams() },
  { name: "params without tx", frame: () => request(1, "l2_sendTransaction", {}), answer: invalidParams() },
  {
    name: "the other method's param name (txs for tx)",
    frame: () => request(1, "l2_sendTransaction", { txs: [signedTransfer()] }),
    answer: invalidParams(),
  },
  { name: "tx null", frame: () => sendTx(null), answer: invalidParams() },
  { name: "tx an array holding the tx", frame: () => sendTx([signedTransfer()]), answer: invalidParams() },
  {
    name: "tx the tx's JSON text",
    frame: () => sendTx(JSON.stringify(signedTransfer())),
    answer: invalidParams(),
  },
  { name: "tx a number", frame: () => sendTx(7), answer: invalidParams() },
  { name: "tx true", frame: () => sendTx(true), answer: invalidParams() },
  {
    name: "tx only under an own __proto__ key of params (not read through a prototype)",
    frame: () =>
      `{"jsonrpc":"2.0","id":1,"method":"l2_sendTransaction","params":{"__proto__":{"tx":${JSON.stringify(signedTransfer())}}}}`,
    answer: invalidParams(),
  },
  { name: "txs empty", frame: () => sendTxs([]), answer: invalidParams() },
  {
    name: `txs of ${MAX_USER_BATCH + 1} (one over MAX_USER_BATCH)`,
    frame: () => sendTxs(Array.from({ length: MAX_USER_BATCH + 1 }, () => signedTransfer())),
    answer: invalidParams(),
  },
  { name: "txs an object", frame: () => sendTxs(signedTransfer()), answer: invalidParams() },
  { name: "txs holding null", frame: () => sendTxs([signedTransfer(), null]), answer: invalidParams() },
  {
    name: "l2_getAccount without index",
    frame: () => request(1, "l2_getAccount", {}),
    answer: invalidParams(),
  },
  {
    name: 'l2_getAccount index "1"',
    frame: () => request(1, "l2_getAccount", { index: "1" }),
    answer: invalidParams(),
  },
  {
    name: "l2_getAccount index −1",
    frame: () => request(1, "l2_getAccount", { index: -1 }),
    answer: invalidParams(),
  },
  {
    name: "l2_getAccount index 1.5",
    frame: () => request(1, "l2_getAccount", { index: 1.5 }),
    answer: invalidParams(),
  },
  {
    name: "l2_getAccount index 2^32",
    frame: () => request(1, "l2_getAccount", { index: 2 ** 32 }),
    answer: invalidParams(),
  },
  {
    name: "l2_getAccount index null",
    frame: () => request(1, "l2_getAccount", { index: null }),
    answer: invalidParams(),
  },
  {
    name: "l2_getTransaction txHash of 1 byte",
    frame: () => request(1, "l2_getTransaction", { txHash: "0x12" }),
    answer: invalidParams(),
  },
  {
    name: "l2_getTransaction txHash in uppercase",
    frame: () => request(1, "l2_getTransaction", { txHash: `0x${"AB".repeat(32)}` }),
    answer: invalidParams(),
  },
  {
    name: "l2_getTransaction txHash without 0x",
    frame: () => request(1, "l2_getTransaction", { txHash: "ab".repeat(32) }),
    answer: invalidParams(),
  },
  {
    name: 'l2_getBatch batchNumber "1"',
    frame: () => request(1, "l2_getBatch", { batchNumber: "1" }),
    answer: invalidParams(),
  },
  {
    name: "an unknown subscription",
    frame: () => request(1, "ghost_subscribe", { name: "newHeads" }),
    answer: invalidParams(),
  },
  {
    name: "a txStatus subscription for a malformed hash",
    frame: () => request(1, "ghost_subscribe", { name: "txStatus", params: { txHash: "0x1" } }),
    answer: invalidParams(),
  },
  {
    name: "ghost_unsubscribe without an id",
    frame: () => request(1, "ghost_unsubscribe", {}),
    answer: invalidParams(),
  },
  // Objects the params schema hands on, refused by the op codec: TX_MALFORMED (-32602), or its range code.
  {
    name: "a tx with an own __proto__ key",
    frame: () => withFirstMember('"__proto__":{}'),
    answer: malformed(),
  },
  {
    name: "a tx whose type is only under an own __proto__ key",
    frame: () => sendTx(JSON.parse('{"__proto__":{"type":"transfer"}}')),
    answer: malformed(),
  },
  {
    name: "a tx with an own constructor key",
    frame: () => withFirstMember('"constructor":{}'),
    answer: malformed(),
  },
  {
    name: "a tx with an extra field nested 100,000 deep",
    frame: () => withFirstMember(`"extra":${"[".repeat(1e5)}${"]".repeat(1e5)}`),
    answer: malformed(),
  },
  {
    name: "a tx with an amount of 100,000 digits",
    frame: () => sendTx({ ...signedTransfer(), amount: "9".repeat(1e5) }),
    answer: { error: { rpc: -32003, code: "TX_AMOUNT_RANGE", id: 1 } },
  },
  { name: "a noop", frame: () => sendTx(noop), answer: malformed() },
  { name: "txs with a noop second", frame: () => sendTxs([signedTransfer(), noop]), answer: malformed(1) },
  {
    name: `txs of ${MAX_USER_BATCH} (the most) with a noop last`,
    frame: () => sendTxs([...Array.from({ length: MAX_USER_BATCH - 1 }, () => signedTransfer()), noop]),
    answer: malformed(MAX_USER_BATCH - 1),
  },
  {
    name: "txs with an own __proto__ key in the second",
    frame: () =>
      sendTxs([signedTransfer(), JSON.parse(`{"__proto__":{},${JSON.stringify(signedTransfer()).slice(1)}`)]),
    answer: malformed(1),
  },
  // Limits (docs/rpc.md §Limits): RPC_LIMIT_EXCEEDED, id null, the socket stays open up to twice the frame limit.
  {
    name: `a batch of ${MAX_BATCH + 1} calls`,
    frame: () =>
      JSON.stringify(Array.from({ length: MAX_BATCH + 1 }, (_, i) => JSON.parse(request(i, "l2_chainInfo")))),
    answer: limit(),
  },
  { name: `a frame of ${MAX_FRAME + 1} bytes`, frame: () => padded(MAX_FRAME + 1), answer: limit() },
  {
    name: `a frame of exactly ${MAX_FRAME} bytes (answered)`,
    frame: () => padded(MAX_FRAME),
    answer: { ok: 1 },
  },
  // Batches: each call answered on its own, in order, notifications left out.
  {
    name: `a batch of ${MAX_BATCH} calls (the most)`,
    frame: () =>
      JSON.stringify(Array.from({ length: MAX_BATCH }, (_, i) => JSON.parse(request(i, "l2_chainInfo")))),
    answer: { batch: Array.from({ length: MAX_BATCH }, (_, i) => ({ ok: true, id: i }) as const) },
  },
  {
    name: "a batch mixing a good call, a number, an unknown method, a noop tx and a notification",
    frame: () =>
      `[${request("a", "l2_chainInfo")},5,${request("c", "l2_nope")},${request("d", "l2_sendTransaction", { tx: noop })},${notification("l2_chainInfo")}]`,
    answer: {
      batch: [
        { ok: true, id: "a" },
        { rpc: -32600, code: "RPC_INVALID_REQUEST", id: null },
        { rpc: -32601, code: "RPC_METHOD_NOT_FOUND", id: "c" },
        { rpc: -32602, code: "TX_MALFORMED", id: "d" },
      ],
    },
  },
  // Notifications: run, never answered, even when they fail.
  { name: "a notification", frame: () => notification("l2_chainInfo"), answer: { none: true } },
  {
    name: "a notification of an unknown method",
    frame: () => notification("l2_nope"),
    answer: { none: true },
  },
  {
    name: "a notification sending a malformed tx",
    frame: () => notification("l2_sendTransaction", { tx: noop }),
    answer: { none: true },
  },
  {
    name: "a batch of notifications",
    frame: () => `[${notification("l2_chainInfo")},${notification("l2_getAccount", { index: "x" })}]`,
    answer: { none: true },
  },
  // Last: the WebSocket layer itself cuts a frame beyond twice the limit (1009, "message too big").
  {
    name: `a frame of ${2 * MAX_FRAME + 1} bytes`,
    frame: () => padded(2 * MAX_FRAME + 1),
    answer: { close: 1009 },
  },
];

export const TABLE_SIZE = { vectors: VECTOR_ENTRIES.length, frames: FRAME_ENTRIES.length };
