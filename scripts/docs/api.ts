/** `npm run docs:api`: rewrites docs/api.md from the nodes' OpenRPC documents (scripts/docs/apiMarkdown.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiMarkdown } from "./apiMarkdown.js";

const file = join(import.meta.dirname, "..", "..", "docs", "api.md");
writeFileSync(file, apiMarkdown());
console.log(`wrote ${file}`);
