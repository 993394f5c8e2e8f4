/**
 * The verification key's hash in genesis (docs/l1.md §6): SHA-256 of its JSON with every object's keys
 * sorted, written compactly, so the hash does not depend on how a file was formatted.
 */
import { createHash } from "node:crypto";

function sorted(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sorted);
  if (typeof x === "object" && x !== null) {
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, sorted((x as Record<string, unknown>)[k])]),
    );
  }
  return x;
}

/** 0x + 64 hex digits. */
export function verificationKeyHash(vkey: unknown): string {
  return `0x${createHash("sha256")
    .update(JSON.stringify(sorted(vkey)))
    .digest("hex")}`;
}
