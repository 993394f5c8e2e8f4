/** docs/api.md is what `npm run docs:api` writes from the nodes' OpenRPC documents: never stale. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { apiMarkdown } from "../../scripts/docs/apiMarkdown.js";

test("docs/api.md matches the OpenRPC documents (run npm run docs:api after changing a method table)", () => {
  expect(readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8")).toBe(apiMarkdown());
});
