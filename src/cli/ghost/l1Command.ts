/**
 * `ghost l1 balance|transfer|deposit|forced-exit`: L1 accounts and the rollup's priority operations on
 * ghostd. A sent transaction is waited for until its receipt (its block) unless --no-wait; a failed
 * receipt is an error with the receipt's code.
 */
import type { Command } from "commander";
import type { L1Signer, UnsignedL1Tx } from "../../client/index.js";
import { GhostError, isGhostError } from "../../protocol/errors.js";
import type { Context } from "./context.js";
import {
  formatAmount,
  formatBalances,
  parseAddress,
  parseAmount,
  parseIndex,
  parseSeconds,
  parseToken,
  TOKEN_NAMES,
  usage,
} from "./format.js";
import { action } from "./run.js";

interface SendOptions {
  from: string;
  fee?: string;
  wait: boolean;
}

export function registerL1(program: Command): void {
  const l1 = program.command("l1").description("L1 accounts and the rollup's priority operations (ghostd)");

  l1.command("balance [address]")
    .description("an L1 account's four balances and nonce (of --from's address if none is given)")
    .option("--from <key>", "a keystore name or dev:<account>")
    .action(
      action(program, async (ctx, address: string | undefined, o: { from?: string }) => {
        let hex: string;
        if (address !== undefined) hex = parseAddress(address, "address");
        else if (o.from !== undefined) hex = await addressOfKey(ctx, o.from);
        else throw usage("give an address or --from");
        const account = await (await ctx.l1()).l1_getAccount({ address: hex });
        ctx.print(
          [`${hex}  nonce ${account.nonce}`, ...formatBalances(account.balances).map((l) => `  ${l}`)],
          account,
        );
      }),
    );

  withSend(
    l1
      .command("transfer")
      .description("sends tokens to another L1 address")
      .requiredOption("--to <address>", "the recipient's address")
      .requiredOption("--token <token>", "GCC, SPIRIT, MANA or GHOST")
      .requiredOption("--amount <amount>", "whole tokens (5, 0.25) or base units (1000wei)"),
  ).action(
    action(program, async (ctx, o: SendOptions & { to: string; token: string; amount: string }) => {
      const to = BigInt(parseAddress(o.to, "--to"));
      await sendL1(ctx, o, {
        type: "transfer",
        to,
        token: parseToken(o.token),
        amount: parseAmount(o.amount),
      });
    }),
  );

  withSend(
    l1
      .command("deposit")
      .description(
        "moves tokens into L2: to an existing account (--to) or a new one of --from's L2 key (--new)",
      )
      .requiredOption("--token <token>", "GCC, SPIRIT, MANA or GHOST")
      .requiredOption("--amount <amount>", "whole tokens (5, 0.25) or base units (1000wei)")
      .option("--to <index>", "the L2 account to credit")
      .option("--new", "create an L2 account keyed by --from's L2 key"),
  ).action(
    action(
      program,
      async (ctx, o: SendOptions & { token: string; amount: string; to?: string; new?: boolean }) => {
        if ((o.to === undefined) === (o.new === undefined)) throw usage("give exactly one of --to and --new");
        const token = parseToken(o.token);
        const amount = parseAmount(o.amount);
        if (o.to !== undefined) {
          await sendL1(ctx, o, {
            type: "deposit",
            token,
            amount,
            to: parseIndex(o.to, "--to"),
            ax: 0n,
            ay: 0n,
          });
        } else {
          const { publicKey } = (await ctx.keys(o.from)).l2;
          await sendL1(ctx, o, {
            type: "deposit",
            token,
            amount,
            to: null,
            ax: publicKey.ax,
            ay: publicKey.ay,
          });
        }
      },
    ),
  );

  l1.command("mine")
    .description("development chains: produces blocks now, optionally moving block time forward (deadlines)")
    .option("--blocks <n>", "how many blocks", "1")
    .option("--advance <seconds>", "the first block's time is the head's plus this many seconds")
    .action(
      action(program, async (ctx, o: { blocks: string; advance?: string }) => {
        const l1 = await ctx.l1();
        const blocks = parseIndex(o.blocks, "--blocks");
        let timestamp: number | undefined;
        if (o.advance !== undefined) {
          const head = await l1.l1_head();
          timestamp = head.timestamp + Math.round(parseSeconds(o.advance, "--advance") * 1000);
        }
        const last = await l1.l1_mine({ blocks, ...(timestamp === undefined ? {} : { timestamp }) });
        ctx.print(`mined up to block ${last.height} at ${new Date(last.timestamp).toISOString()}`, last);
      }),
    );

  withSend(
    l1
      .command("forced-exit")
      .description(
        "forces an L2 account's whole balance of a token out to its L1 owner, through the priority queue",
      )
      .requiredOption("--account <index>", "the L2 account (its L1 owner must be --from)")
      .requiredOption("--token <token>", "GCC, SPIRIT, MANA or GHOST"),
  ).action(
    action(program, async (ctx, o: SendOptions & { account: string; token: string }) => {
      await sendL1(ctx, o, {
        type: "forcedExit",
        account: parseIndex(o.account, "--account"),
        token: parseToken(o.token),
      });
    }),
  );
}

function withSend(c: Command): Command {
  return c
    .requiredOption("--from <key>", "the sender: a keystore name or dev:<account> (publicly known keys)")
    .option("--fee <amount>", "the L1 fee in GCC (default: the chain's minimum)")
    .option("--no-wait", "return once ghostd admits the transaction, without waiting for its block");
}

async function addressOfKey(ctx: Context, from: string): Promise<string> {
  const { formatAddress } = await import("../../l1/tx/index.js");
  return formatAddress((await ctx.keys(from)).l1.address);
}

/** Signs and sends `tx` from --from; waits for its receipt unless --no-wait. */
export async function sendL1(
  ctx: Context,
  o: SendOptions,
  tx: UnsignedL1Tx,
  print = true,
): Promise<{ txHash: string; lines: string[]; receipt?: Receipt }> {
  const l1 = await ctx.l1();
  const keys = await ctx.keys(o.from);
  const { createL1Signer } = await import("../../client/index.js");
  const signer: L1Signer = await createL1Signer(l1, keys.l1);
  let txHash: string;
  try {
    const minFee = BigInt(((await l1.l1_genesis()) as { minFee?: string }).minFee ?? "0");
    txHash = await signer.send(tx, { fee: o.fee === undefined ? minFee : parseAmount(o.fee, "--fee") });
  } finally {
    signer.close();
  }
  if (!o.wait) {
    const lines = [`${tx.type} ${txHash} admitted (not waiting for its block)`];
    if (print) ctx.print(lines, { txHash, status: "pending" });
    return { txHash, lines };
  }
  ctx.note(`${tx.type} ${txHash} admitted, waiting for its block…`);
  const receipt = await waitForReceipt(ctx, txHash);
  if (receipt.status !== "ok") {
    const code = receipt.code as import("../../protocol/errors.js").ErrorCode | undefined;
    throw code === undefined
      ? new Error(`${tx.type} ${txHash} failed in block ${receipt.block}`)
      : new GhostError(code, `${tx.type} ${txHash} failed in block ${receipt.block}: ${code}`);
  }
  const lines = [`${tx.type} ${txHash} included in block ${receipt.block}`];
  for (const e of receipt.events) lines.push(`  event ${describeEvent(e)}`);
  if (print) ctx.print(lines, receipt);
  return { txHash, lines, receipt };
}

type Receipt = NonNullable<Awaited<ReturnType<Awaited<ReturnType<Context["l1"]>>["l1_getReceipt"]>>>;

export async function waitForReceipt(ctx: Context, txHash: string, timeoutMs = 120_000): Promise<Receipt> {
  const l1 = await ctx.l1();
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await l1.l1_getReceipt({ txHash });
      if (r !== null) return r;
    } catch (e) {
      if (!isGhostError(e, "RPC_LIMIT_EXCEEDED")) throw e;
    }
    if (Date.now() > until)
      throw new GhostError("RPC_TIMEOUT", `no block included ${txHash} in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One line for a receipt event: its type and fields, amounts in whole tokens. */
export function describeEvent(e: { type: string } & Record<string, unknown>): string {
  const fields = Object.entries(e)
    .filter(([k]) => k !== "type")
    .map(([k, v]) => {
      if (k === "amount" && (typeof v === "string" || typeof v === "bigint"))
        return `amount=${formatAmount(v)}`;
      if (k === "token" && typeof v === "number") return `token=${TOKEN_NAMES[v] ?? v}`;
      return `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`;
    });
  return `${e.type} ${fields.join(" ")}`;
}
