/**
 * docs/api.md is what `npm run docs:api` writes from the nodes' OpenRPC documents (ghostd's and
 * ghostplane's): never stale, and every method and subscription of both tables has its entry, with an
 * example (tests/rpc/apiExamples.test.ts checks the examples themselves).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { apiMarkdown } from "../../scripts/docs/apiMarkdown.js";
import { ghostdApi } from "../../src/l1/api/index.js";
import { ghostplaneApi } from "../../src/l2/api/index.js";

const doc = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");

test("docs/api.md matches the OpenRPC documents (run npm run docs:api after changing a method table)", () => {
  expect(doc).toBe(apiMarkdown());
});

test.each([
  ["ghostd", "## ghostd (L1), 127.0.0.1:8545", ghostdApi],
  ["ghostplane", "## ghostplane (L2 sequencer), 127.0.0.1:9090", ghostplaneApi],
] as const)("documents every method and subscription of %s with an example", (_, heading, api) => {
  const start = doc.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf("\n## ", start + heading.length);
  const section = doc.slice(start, end === -1 ? undefined : end);
  for (const name of [...Object.keys(api.methods), ...Object.keys(api.subscriptions)]) {
    const entry = section.split(`#### \`${name}\`\n`)[1]?.split("\n#### ")[0];
    expect(entry, name).toBeDefined();
    expect(entry, name).toContain("\n```json\n");
  }
});
