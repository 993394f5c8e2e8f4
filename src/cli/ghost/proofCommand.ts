/**
 * `ghost proof verify <batch>`: checks a settled batch from ghostd alone — the verification key against
 * genesis' hash, the roots, the priority hashes recomputed from the queue, the data decoded and hashed,
 * the public-input hash recomputed from all of that — and verifies the Groth16 proof with snarkjs.
 * `--batch-file` verifies a batch someone holds (`ghost batch show --settled --json`) in L1's context instead.
 */
import type { Command } from "commander";
import { GhostError } from "../../protocol/errors.js";
import { parseIndex, usage } from "./format.js";
import { action } from "./run.js";

export function registerProof(program: Command): void {
  program
    .command("proof")
    .description("Groth16 settlement proofs")
    .command("verify <batchNumber>")
    .description("verifies a settled batch's proof from ghostd's data alone, and prints what it checked")
    .option("--batch-file <file>", "verify this batch JSON (data, proof, newRoot) instead of the one on L1")
    .action(
      action(program, async (ctx, n: string, o: { batchFile?: string }) => {
        const batchNumber = parseIndex(n, "batchNumber");
        const override = o.batchFile === undefined ? undefined : await readBatchFile(o.batchFile);
        const { verifySettledBatch } = await import("../../client/index.js");
        const result = await verifySettledBatch(await ctx.l1(), batchNumber, override);
        const mark = { passed: "ok  ", failed: "FAIL", skipped: "skip" } as const;
        const lines = [
          `batch ${batchNumber}${o.batchFile === undefined ? " as settled on L1" : ` from ${o.batchFile}`}:`,
          ...result.checks.flatMap((c) => [
            `  ${mark[c.status]} ${c.name.padEnd(16)} ${c.value ?? ""}`.trimEnd(),
            `       ${c.description}`,
            ...(c.reason === undefined ? [] : [`       ${c.reason}`]),
          ]),
          result.valid
            ? "VALID: the proof verifies for exactly this data"
            : `INVALID: ${result.failed.join(", ")}`,
        ];
        if (result.valid) return ctx.print(lines, result);
        // With --json the verdict travels in the error's details: one JSON document either way.
        if (!ctx.options.json) ctx.print(lines);
        throw new GhostError(
          "PROOF_INVALID",
          `batch ${batchNumber} does not verify: ${result.failed.join(", ")}`,
          {
            details: { verification: result },
          },
        );
      }),
    );
}

async function readBatchFile(path: string): Promise<{ proof?: unknown; data?: string; newRoot?: string }> {
  const { readFile } = await import("node:fs/promises");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw usage(`--batch-file: ${path} is not readable JSON (${(e as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw usage("--batch-file: expected a JSON object");
  const b = json as Record<string, unknown>;
  return {
    ...(b.proof === undefined ? {} : { proof: b.proof }),
    ...(typeof b.data === "string" ? { data: b.data } : {}),
    ...(typeof b.newRoot === "string" ? { newRoot: b.newRoot } : {}),
  };
}
