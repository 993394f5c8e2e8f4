/**
 * `ghost status`: both chains at a glance — ghostd's head and the rollup as L1 sees it (last settled
 * batch and root, priority queue, exodus), and the sequencer's heads and backlog if it answers.
 */
import type { Command } from "commander";
import { isGhostError } from "../../protocol/errors.js";
import { formatAmount } from "./format.js";
import { action } from "./run.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("ghostd's head, the rollup on L1, and the sequencer's heads and backlog")
    .action(
      action(program, async (ctx) => {
        const l1 = await ctx.l1();
        const [ids, head, rollup] = await Promise.all([l1.l1_chainId(), l1.l1_head(), l1.l1_rollupState()]);
        let l2: Awaited<ReturnType<Awaited<ReturnType<typeof ctx.l2>>["l2_chainInfo"]>> | { error: string };
        try {
          l2 = await (await ctx.l2()).l2_chainInfo();
        } catch (e) {
          if (!isGhostError(e, "RPC_CONNECTION_CLOSED") && !isGhostError(e, "RPC_TIMEOUT")) throw e;
          l2 = { error: e.message };
        }
        const lines = [
          `L1 ghostd ${ctx.options.l1}  chain ${ids.chainId}`,
          `  head        block ${head.height} at ${new Date(head.timestamp).toISOString()}`,
          `  rollup      L2 chain ${ids.l2ChainId}, last settled batch ${rollup.lastBatch}, root ${rollup.lastRoot}`,
          `  queue       ${rollup.queueLength} priority ops, ${rollup.consumed} processed${
            rollup.nextDeadline === null
              ? ""
              : `, next deadline ${new Date(rollup.nextDeadline).toISOString()}`
          }`,
          `  exodus      ${rollup.exodus ? "YES: withdraw with ghost exodus" : "no"}`,
          `  bond        ${formatAmount(rollup.bond)} SPIRIT from ${rollup.sequencer}`,
        ];
        if ("error" in l2) lines.push(`L2 sequencer ${ctx.options.l2}: unreachable (${l2.error})`);
        else {
          const h = l2.heads;
          lines.push(
            `L2 sequencer ${ctx.options.l2}  circuit ${l2.circuit} (${l2.batchSize} txs per batch, depth ${l2.depth})`,
            `  heads       open ${h.soft.batchNumber} (${h.soft.ops} ops), closed ${h.closed}, sealed ${h.sealed}, proven ${h.proven}, settled ${h.settled}`,
            `  backlog     ${l2.backlog.batches} batches to prove (≈ ${(l2.backlog.estimatedProvingMs / 1000).toFixed(0)} s), ${
              l2.backlog.acceptingL2 ? "accepting txs" : "refusing L2 txs until the prover catches up"
            }`,
            `  settlement  ${l2.settlement.stopped === null ? "running" : `stopped: ${l2.settlement.stopped}`}${
              l2.settlement.l1Reachable ? "" : " (L1 unreachable)"
            }`,
          );
        }
        ctx.print(lines, { l1: { ...ids, head, rollup }, l2 });
      }),
    );
}
