/**
 * `ghost batch show <n>`: a batch as the sequencer knows it (stages with times, records, roots, proving
 * time), or with --settled as ghostd settled it (its data and proof: the JSON `ghost proof verify --batch-file`
 * takes).
 */
import type { Command } from "commander";
import { GhostError } from "../../protocol/errors.js";
import { formatAmount, parseIndex, TOKEN_NAMES } from "./format.js";
import { action } from "./run.js";

export function registerBatch(program: Command): void {
  program
    .command("batch")
    .description("L2 batches")
    .command("show <batchNumber>")
    .description("a batch's stages, records and roots (from the sequencer; --settled: as settled on ghostd)")
    .option("--settled", "ghostd's settled record: data, proof, L1 block (no sequencer needed)")
    .action(
      action(program, async (ctx, n: string, o: { settled?: boolean }) => {
        const batchNumber = parseIndex(n, "batchNumber");
        if (o.settled) {
          const b = await (await ctx.l1()).l1_getBatch({ batchNumber });
          if (b === null)
            throw new GhostError("BATCH_NOT_SETTLED", `L1 has not settled batch ${batchNumber}`);
          ctx.print(
            [
              `batch ${batchNumber} settled in L1 block ${b.block}`,
              `  new root    ${b.newRoot}`,
              `  fee account ${b.feeAccount}`,
              `  priority    ${b.priorityOps} ops from queue index ${b.firstQueue}`,
              `  data        ${(b.data.length - 2) / 2} bytes`,
              `  proof       pi_a ${b.proof.pi_a[0]?.slice(0, 16)}…`,
            ],
            b,
          );
          return;
        }
        const b = await (await ctx.l2()).l2_getBatch({ batchNumber });
        if (b === null)
          throw new GhostError("BATCH_NOT_SETTLED", `the sequencer has no batch ${batchNumber}`);
        const t0 = b.events[0]?.at ?? 0;
        const lines = [
          `batch ${batchNumber}: ${b.status}, ${b.opCount} ops (${b.priorityOps} priority), fee account ${b.feeAccount}`,
          ...b.events.map(
            (e) =>
              `  ${e.status.padEnd(9)} +${((e.at - t0) / 1000).toFixed(2)} s${e.l1Block === undefined ? "" : `  L1 block ${e.l1Block}`}`,
          ),
          ...(b.oldRoot === undefined ? [] : [`  old root  ${b.oldRoot}`, `  new root  ${b.newRoot}`]),
          ...(b.proveMs === undefined ? [] : [`  proved in ${(b.proveMs / 1000).toFixed(1)} s`]),
          "  records:",
          ...b.records.map(
            (r, i) => `    ${String(i).padStart(3)} ${describeRecord(r)}  ${b.txHashes[i] ?? ""}`,
          ),
        ];
        ctx.print(lines, b);
      }),
    );
}

function describeRecord(r: { type: string } & Record<string, unknown>): string {
  const parts = [r.type.padEnd(10)];
  for (const [k, v] of Object.entries(r)) {
    if (k === "type") continue;
    if ((k === "amount" || k === "fee") && (typeof v === "string" || typeof v === "bigint"))
      parts.push(`${k}=${formatAmount(v)}`);
    else if (k === "token" && typeof v === "number") parts.push(`token=${TOKEN_NAMES[v] ?? v}`);
    else parts.push(`${k}=${String(v)}`);
  }
  return parts.join(" ");
}
