/**
 * docs/api.md, written from the nodes' OpenRPC documents (the same ones `rpc.discover` serves): every
 * method and subscription with its params, result and examples, so the document cannot drift from the
 * servers. `npm run docs:api` rewrites the file; tests/l1/apiDoc.test.ts fails when it is stale.
 */
import { ghostdApi } from "../../src/l1/api/index.js";
import { ghostplaneApi } from "../../src/l2/api/index.js";
import {
  buildOpenRpcDocument,
  EXAMPLE_SUBSCRIPTION_ID,
  type ExamplePairing,
  type JsonValue,
  type OpenRpcDocument,
  SUBSCRIBE_METHOD,
  SUBSCRIPTION_NOTIFICATION,
} from "../../src/rpc/index.js";

type Schema = Record<string, unknown>;

/** A one-line rendering of a JSON schema: enough for a reader, the OpenRPC document has the rest. */
function typeOf(s: Schema | undefined): string {
  if (s === undefined) return "any";
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(typeOf).join(" \\| ");
  // zod writes a nullable primitive as `type: ["string", "null"]` rather than an anyOf.
  if (Array.isArray(s.type)) return (s.type as string[]).map((t) => typeOf({ ...s, type: t })).join(" \\| ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" \\| ");
  if (s.type === "array") return `${typeOf(s.items as Schema)}[]`;
  if (s.type === "object") {
    const props = s.properties as Record<string, Schema> | undefined;
    if (props === undefined || Object.keys(props).length === 0) return "object";
    const required = new Set((s.required as string[] | undefined) ?? []);
    return `{ ${Object.entries(props)
      .map(([k, v]) => `${k}${required.has(k) ? "" : "?"}: ${typeOf(v)}`)
      .join(", ")} }`;
  }
  if (s.type === "string" && typeof s.pattern === "string") {
    if (s.pattern.includes("0-9a-f]{40}")) return "address";
    if (s.pattern.includes("0-9a-f]{64}")) return "hash";
    if (s.pattern.startsWith("^(0|")) return "decimal";
    if (s.pattern.startsWith("^0x")) return "hex";
  }
  return String(s.type ?? "any");
}

/** A request as one line of compact JSON; no `params` when there are none (absent means `{}`). */
function requestLine(method: string, params: { [key: string]: JsonValue }): string {
  const withParams = Object.keys(params).length === 0 ? {} : { params };
  return JSON.stringify({ jsonrpc: "2.0", id: 1, method, ...withParams });
}

/** An Example Pairing's params as the by-name object a request carries. */
function paramsOf(pairing: ExamplePairing): { [key: string]: JsonValue } {
  return Object.fromEntries(pairing.params.map((p) => [p.name, p.value]));
}

/** Each example under its name: a json block of one request line and one answer (or event) line. */
function examples(pairings: ExamplePairing[] | undefined, lines: (p: ExamplePairing) => string[]): string[] {
  return (pairings ?? []).flatMap((p) => [`Example: ${p.name}`, "", "```json", ...lines(p), "```", ""]);
}

function section(title: string, intro: string, doc: OpenRpcDocument): string {
  const lines = [`## ${title}`, "", intro, "", "### Methods", ""];
  for (const m of doc.methods) {
    lines.push(`#### \`${m.name}\``, "", m.summary, "");
    const params = m.params.map(
      (p) => `\`${p.name}${p.required ? "" : "?"}\`: ${typeOf(p.schema as Schema)}`,
    );
    lines.push(`- params: ${params.length === 0 ? "none" : params.join(", ")}`);
    if (m.result !== undefined) lines.push(`- result: ${typeOf(m.result.schema as Schema)}`);
    lines.push("");
    lines.push(
      ...examples(m.examples, (p) => [
        requestLine(m.name, paramsOf(p)),
        JSON.stringify({ jsonrpc: "2.0", id: 1, result: p.result.value }),
      ]),
    );
  }
  lines.push("### Subscriptions", "");
  for (const s of doc["x-subscriptions"]) {
    const params = s.params.map(
      (p) => `\`${p.name}${p.required ? "" : "?"}\`: ${typeOf(p.schema as Schema)}`,
    );
    lines.push(`#### \`${s.name}\``, "", s.summary, "");
    lines.push(`- params: ${params.length === 0 ? "none" : params.join(", ")}`);
    lines.push(`- event: ${typeOf(s.event.schema as Schema)}`, "");
    // The subscribing call (its answer is under ghost_subscribe), then one notification it brought.
    lines.push(
      ...examples(s.examples, (p) => {
        const params = paramsOf(p);
        const subscribe: { [key: string]: JsonValue } = { name: s.name };
        if (Object.keys(params).length > 0) subscribe.params = params;
        const result = p.result.value;
        return [
          requestLine(SUBSCRIBE_METHOD, subscribe),
          JSON.stringify({
            jsonrpc: "2.0",
            method: SUBSCRIPTION_NOTIFICATION,
            params: { subscription: EXAMPLE_SUBSCRIPTION_ID, result },
          }),
        ];
      }),
    );
  }
  return lines.join("\n");
}

export function apiMarkdown(): string {
  const ghostd = buildOpenRpcDocument(ghostdApi, { title: "ghostd", version: "1" });
  const ghostplane = buildOpenRpcDocument(ghostplaneApi, { title: "ghostplane", version: "1" });
  return [
    "# GhostChain JSON-RPC APIs",
    "",
    "Written by `npm run docs:api` from the OpenRPC documents the nodes serve at `rpc.discover`; do not edit by",
    "hand. Two nodes serve them: ghostd, the L1 node, listens on 127.0.0.1:8545 by default, and ghostplane, the",
    "L2 sequencer, on 127.0.0.1:9090. Conventions (envelope, params by name, error codes, limits,",
    "subscriptions) are in [docs/rpc.md](rpc.md); values use the JSON forms of",
    "[docs/protocol.md §9](protocol.md) and [docs/l1.md §3.2](l1.md). `address` is `0x` + 40 hex digits,",
    "`hash` `0x` + 64, `decimal` a decimal string. Typed clients: `createGhostdClient` and",
    "`createGhostplaneClient` in `src/client/`.",
    "",
    "Every method and subscription has examples: real requests and answers of a test-size stack (L1 chain",
    "1337, L2 chain 7, tree depth 4, two ops a batch; tests/l2/stackFixture.ts), in which account-0 deposits",
    "500 GCC on L1 into a new L2 account 5, L2 account 1 sends 100 GCC to it and account 2 withdraws 250 GCC",
    "(batch 2), account 3 sends two transfers atomically (batch 3), and batches 1 to 3 are proven and settled.",
    "A subscription's example shows the `ghost_subscribe` call and one `ghost_subscription` notification.",
    "Byte strings longer than 64 bytes, the ML-DSA-65 signatures (3,309 bytes) and public keys (1,952), are",
    'shortened to their first 16 bytes and their length: `"0x5add7da6b24cc9ad51093ac8a51e7188…(3309 bytes)"`.',
    "tests/rpc/apiExamples.test.ts fills them out with zero bytes to that length and checks every example",
    "against its schemas.",
    "",
    section(
      "ghostd (L1), 127.0.0.1:8545",
      "HTTP POST `/` and WebSocket on the same port; `GET /health`, `GET /metrics`. Methods are `l1_*`.",
      ghostd,
    ),
    section(
      "ghostplane (L2 sequencer), 127.0.0.1:9090",
      [
        "HTTP POST `/` and WebSocket on the same port (subscriptions need the WebSocket); `GET /health`,",
        "`GET /metrics`. Methods are `l2_*`. A `tx` is an L2 transfer or withdraw in the canonical JSON of",
        "[docs/protocol.md §9](protocol.md), signed as §4.2 says; `createL2Wallet` in `src/client/` signs and",
        "sends them. With `--prover-queue`, `GET /artifacts/<sha256>` serves the circuit's proving key and",
        "witness generator to `ghost prover` workers ([docs/operations.md](operations.md)).",
      ].join("\n"),
      ghostplane,
    ),
  ].join("\n");
}
