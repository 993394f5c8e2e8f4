/**
 * `ghost tx watch <hash>`: an L2 tx's stages as they happen — received, sequenced, sealed, proven,
 * settled (or rejected) — from the sequencer's txStatus subscription. The subscription starts before the
 * history is read, so no stage falls between the two; each stage prints once, with the time it took.
 */
import type { Command } from "commander";
import { type ErrorCode, GhostError } from "../../protocol/errors.js";
import type { Context } from "./context.js";
import { parseSeconds, usage } from "./format.js";
import { action } from "./run.js";

const STAGES = ["received", "sequenced", "sealed", "proven", "settled"] as const;

export function registerTx(program: Command): void {
  program
    .command("tx")
    .description("L2 transactions")
    .command("watch <txHash>")
    .description("follows an L2 tx through its stages until --until (or rejected)")
    .option("--until <stage>", "sequenced, sealed, proven or settled", "settled")
    .option("--timeout <seconds>", "give up after this long", "600")
    .action(
      action(program, async (ctx, txHash: string, o: { until: string; timeout: string }) => {
        if (!/^0x[0-9a-f]{64}$/.test(txHash))
          throw usage(`"${txHash}" is not a tx hash (0x + 64 lowercase hex digits)`);
        await watchTx(ctx, txHash, o.until, parseSeconds(o.timeout, "--timeout") * 1000);
      }),
    );
}

interface StageEvent {
  readonly status: string;
  readonly at: number;
  readonly batchNumber?: number | undefined;
  readonly l1Block?: number | undefined;
  readonly code?: string | undefined;
  readonly reason?: string | undefined;
}

export async function watchTx(
  ctx: Context,
  txHash: string,
  until: string,
  timeoutMs = 600_000,
): Promise<void> {
  const target = STAGES.indexOf(until as (typeof STAGES)[number]);
  if (target < 1) throw usage(`--until: "${until}" is not one of ${STAGES.slice(1).join(", ")}`);
  const l2 = await ctx.l2Ws();
  const sub = l2.subscribe("txStatus", { txHash });
  await sub.ready;
  const seen: StageEvent[] = [];
  const show = (e: StageEvent) => {
    if (seen.some((s) => s.status === e.status)) return false;
    const since = seen.length === 0 ? "" : ` (+${((e.at - seen[seen.length - 1]!.at) / 1000).toFixed(2)} s)`;
    seen.push(e);
    const where = [
      e.batchNumber === undefined ? "" : ` batch ${e.batchNumber}`,
      e.l1Block === undefined ? "" : ` L1 block ${e.l1Block}`,
      e.code === undefined ? "" : ` ${e.code}${e.reason === undefined ? "" : `: ${e.reason}`}`,
    ].join("");
    if (!ctx.options.json) ctx.print(`${e.status.padEnd(10)}${where}${since}`.trimEnd());
    return e.status === "rejected" || STAGES.indexOf(e.status as (typeof STAGES)[number]) >= target;
  };
  const finish = () => {
    const last = seen[seen.length - 1]!;
    const result = { txHash, status: last.status, stages: seen };
    if (last.status === "rejected") {
      const code = (last.code ?? "TX_MALFORMED") as ErrorCode;
      throw new GhostError(code, `${txHash} was rejected: ${last.reason ?? code}`, { details: result });
    }
    if (ctx.options.json) ctx.print("", result);
  };
  const timer = setTimeout(() => void sub.unsubscribe(), timeoutMs);
  try {
    const history = await l2.l2_getTransaction({ txHash });
    if (history === null) throw new GhostError("CLI_USAGE", `the sequencer does not know ${txHash}`);
    for (const e of history.events) if (show(e)) return finish();
    for await (const e of sub) if (show(e)) return finish();
    throw new GhostError("RPC_TIMEOUT", `${txHash} did not reach ${until} in ${timeoutMs / 1000} s`);
  } finally {
    clearTimeout(timer);
    await sub.unsubscribe().catch(() => {});
  }
}
