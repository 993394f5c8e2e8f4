/**
 * readRequest's plain checks against requestSchema: over arbitrary JSON values and near-requests, both
 * accept the same values and give the same request, so the fast path changes no answer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readRequest, requestSchema } from "../../src/rpc/envelope.js";

const json = fc.jsonValue();
const nearRequest = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant("2.0"), fc.constant("1.0"), fc.constant(2), json),
    method: fc.oneof(fc.string(), fc.constant(""), json),
    params: fc.oneof(fc.dictionary(fc.string(), json), fc.array(json), json),
    id: fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(null),
      json,
    ),
    extra: json,
  },
  { requiredKeys: [] },
);

describe("readRequest", () => {
  it("accepts exactly what requestSchema accepts, with the same request", () => {
    fc.assert(
      fc.property(fc.oneof(nearRequest, json), (raw) => {
        // Through JSON, as the server sees it (no undefined, no -0).
        const value = JSON.parse(JSON.stringify(raw) ?? "null");
        const fast = readRequest(value);
        const schema = requestSchema.safeParse(value);
        expect(fast.success).toBe(schema.success);
        if (fast.success && schema.success) expect(fast.data).toEqual(schema.data);
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives params with a __proto__ key as the schema does: without it, the prototype untouched", () => {
    const raw = JSON.parse('{"jsonrpc":"2.0","method":"m","params":{"__proto__":{"x":1},"a":2},"id":1}');
    const r = readRequest(raw);
    expect(r).toEqual({ success: true, data: requestSchema.parse(raw) });
    if (r.success) {
      expect(Object.getPrototypeOf(r.data.params)).toBe(Object.prototype);
      expect(Object.hasOwn(r.data.params as object, "__proto__")).toBe(false);
    }
  });
});
