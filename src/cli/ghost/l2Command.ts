/**
 * `ghost l2 account|transfer|withdraw`: L2 accounts and transactions on the sequencer. The sender's
 * account index is --account, or found in the L2 genesis by --from's L2 key (the devnet's accounts).
 * --watch follows the sent tx through its stages (as `ghost tx watch`).
 */
import type { Command } from "commander";
import type { SequencedTx } from "../../client/index.js";
import { GhostError } from "../../protocol/errors.js";
import type { Context } from "./context.js";
import { formatBalances, parseAmount, parseIndex, parseToken, usage } from "./format.js";
import { action } from "./run.js";
import { watchTx } from "./txCommand.js";

interface SendOptions {
  from: string;
  account?: string;
  fee: string;
  watch?: boolean;
  until: string;
}

export function registerL2(program: Command): void {
  const l2 = program.command("l2").description("L2 accounts and transactions (the sequencer)");

  l2.command("account [index]")
    .description("an L2 account: soft-confirmed balances and nonce, and as of the last sealed batch")
    .option("--from <key>", "the account of this key (a keystore name or dev:<account>)")
    .action(
      action(program, async (ctx, index: string | undefined, o: { from?: string }) => {
        let i: number;
        if (index !== undefined) i = parseIndex(index, "index");
        else if (o.from !== undefined) i = await accountOf(ctx, o.from, undefined);
        else throw usage("give an index or --from");
        const found = await (await ctx.l2()).l2_getAccount({ index: i });
        if (found === null) throw new GhostError("TX_UNKNOWN_ACCOUNT", `no L2 account at index ${i}`);
        const a = found.account;
        ctx.print(
          [
            `L2 account ${i}  owner ${a.l1Address}  nonce ${a.nonce}`,
            ...formatBalances(a.balances).map((l) => `  ${l}`),
            `  sealed in batch ${found.sealed.batchNumber} (root ${found.sealed.root})`,
          ],
          found,
        );
      }),
    );

  withSend(
    l2
      .command("transfer")
      .description("sends tokens to another L2 account")
      .requiredOption("--to <index>", "the recipient's L2 account")
      .requiredOption("--token <token>", "GCC, SPIRIT, MANA or GHOST")
      .requiredOption("--amount <amount>", "whole tokens (5, 0.25) or base units (1000wei)"),
  ).action(
    action(program, async (ctx, o: SendOptions & { to: string; token: string; amount: string }) => {
      const to = parseIndex(o.to, "--to");
      const token = parseToken(o.token);
      const amount = parseAmount(o.amount);
      const fee = parseAmount(o.fee, "--fee");
      await sendL2(ctx, o, (w) => w.transfer({ to, token, amount, fee }));
    }),
  );

  withSend(
    l2
      .command("withdraw")
      .description("moves tokens from L2 to the account's L1 owner, paid when its batch settles")
      .requiredOption("--token <token>", "GCC, SPIRIT, MANA or GHOST")
      .requiredOption("--amount <amount>", "whole tokens (5, 0.25) or base units (1000wei)"),
  ).action(
    action(program, async (ctx, o: SendOptions & { token: string; amount: string }) => {
      const token = parseToken(o.token);
      const amount = parseAmount(o.amount);
      const fee = parseAmount(o.fee, "--fee");
      await sendL2(ctx, o, (w) => w.withdraw({ token, amount, fee }));
    }),
  );
}

function withSend(c: Command): Command {
  return c
    .requiredOption(
      "--from <key>",
      "the sender's keys: a keystore name or dev:<account> (publicly known keys)",
    )
    .option("--account <index>", "the sender's L2 account (default: found in the L2 genesis by --from's key)")
    .option("--fee <amount>", "the fee in GCC, to the sequencer", "0")
    .option("--watch", "follow the tx through its stages")
    .option("--until <stage>", "with --watch: stop at sequenced, sealed, proven or settled", "settled");
}

/** The L2 account of --from: --account, or the L2 genesis account with its key. */
async function accountOf(ctx: Context, from: string, account: string | undefined): Promise<number> {
  if (account !== undefined) return parseIndex(account, "--account");
  const { publicKey } = (await ctx.keys(from)).l2;
  const genesis = (await (await ctx.l1()).l1_genesis()) as {
    rollup: { accounts?: { ax: string; ay: string }[] };
  };
  const i = (genesis.rollup.accounts ?? []).findIndex(
    (a) => a.ax === publicKey.ax.toString() && a.ay === publicKey.ay.toString(),
  );
  if (i < 0) throw usage(`--from ${from}: its L2 key has no genesis account; give --account <index>`);
  return i;
}

async function sendL2(
  ctx: Context,
  o: SendOptions,
  send: (w: import("../../client/index.js").L2Wallet) => Promise<SequencedTx>,
): Promise<void> {
  const index = await accountOf(ctx, o.from, o.account);
  const keys = await ctx.keys(o.from);
  const l2 = await ctx.l2();
  const { createL2Wallet } = await import("../../client/index.js");
  const { chainId } = await l2.l2_chainInfo();
  const wallet = await createL2Wallet(l2, { privateKey: keys.l2.privateKey, index, chainId });
  const sequenced = await send(wallet);
  if (!o.watch) {
    ctx.print(
      `${sequenced.txHash} ${sequenced.status} in batch ${sequenced.batchNumber} (soft-confirmed; ghost tx watch ${sequenced.txHash})`,
      sequenced,
    );
    return;
  }
  if (!ctx.options.json) ctx.print(`tx ${sequenced.txHash}`);
  await watchTx(ctx, sequenced.txHash, o.until);
}
