/**
 * `ghost exodus`: once the rollup is in exodus (a priority operation passed its deadline unprocessed),
 * an L2 account's owner takes its balances back on L1 with no sequencer: the L2 state is rebuilt from
 * ghostd's posted data alone, the account's Merkle proof is built against the last settled root, and an
 * ExodusWithdraw signed by the owner pays the four balances from the rollup's escrow.
 */
import type { Command } from "commander";
import { formatBalances, parseIndex } from "./format.js";
import { sendL1 } from "./l1Command.js";
import { action } from "./run.js";

export function registerExodus(program: Command): void {
  program
    .command("exodus")
    .description("in exodus: withdraw an L2 account's balances on L1 from ghostd's data alone (no sequencer)")
    .requiredOption("--from <key>", "the account's L1 owner: a keystore name or dev:<account>")
    .option("--account <index>", "the L2 account (default: every account --from owns that holds something)")
    .option("--fee <amount>", "the L1 fee in GCC (default: the chain's minimum)")
    .action(
      action(program, async (ctx, o: { from: string; account?: string; fee?: string }) => {
        const keys = await ctx.keys(o.from);
        const { exodusWithdrawFields } = await import("../../client/index.js");
        ctx.note("rebuilding the L2 state from ghostd's settled batches…");
        const plan = await exodusWithdrawFields(await ctx.l1(), {
          owner: keys.l1.address,
          ...(o.account === undefined ? {} : { account: parseIndex(o.account, "--account") }),
        });
        ctx.note(`last settled batch ${plan.lastBatch}, root ${plan.lastRoot}`);
        const lines: string[] = [];
        const receipts: unknown[] = [];
        for (const w of plan.withdrawals) {
          lines.push(`L2 account ${w.account}:`, ...formatBalances(w.balances).map((l) => `  ${l}`));
          const sent = await sendL1(
            ctx,
            { from: o.from, ...(o.fee === undefined ? {} : { fee: o.fee }), wait: true },
            w,
            false,
          );
          lines.push(...sent.lines);
          receipts.push(sent.receipt);
        }
        ctx.print(lines, {
          lastBatch: plan.lastBatch,
          lastRoot: plan.lastRoot,
          withdrawals: plan.withdrawals,
          receipts,
        });
      }),
    );
}
