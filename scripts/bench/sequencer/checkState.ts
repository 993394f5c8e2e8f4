/**
 * What the sequencer holds after a run of `npm run bench -- sequencer`, checked through its RPC: the
 * benchmark's accounts' soft nonces add up to the transfers it answered (each answer is one applied
 * transfer, nothing applied went unanswered), and, once sealing has caught up and the open batch has
 * closed, every account as of the last sealed batch (the sealing engine's state) equals its soft state.
 * A difference is a wrong answer under load; the list of them is returned for the log.
 */
import { createGhostplaneClient } from "../../../src/client/index.js";

export async function checkState(o: {
  readonly wsUrl: string;
  readonly accounts: number;
  readonly answered: number;
  /** Also compare each account's sealed state with its soft state (after waiting up to this long). */
  readonly sealedWithinMs?: number;
}): Promise<string[]> {
  const client = createGhostplaneClient(o.wsUrl, { reconnect: false });
  const problems: string[] = [];
  try {
    if (o.sealedWithinMs !== undefined) {
      const until = performance.now() + o.sealedWithinMs;
      for (;;) {
        const { heads } = await client.l2_chainInfo({});
        if (heads.soft.ops === 0 && heads.sealed >= heads.closed) break;
        if (performance.now() > until) {
          problems.push(`sealing did not reach the soft state: ${JSON.stringify(heads)}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    let nonces = 0;
    for (let index = 1; index <= o.accounts; index++) {
      const found = await client.l2_getAccount({ index });
      if (found === null) {
        problems.push(`account ${index} is unknown`);
        continue;
      }
      nonces += found.account.nonce;
      if (o.sealedWithinMs === undefined || problems.length > 0) continue;
      const soft = JSON.stringify([found.account.nonce, found.account.balances]);
      const sealed = JSON.stringify([found.sealed.account?.nonce, found.sealed.account?.balances]);
      if (soft !== sealed) problems.push(`account ${index}: soft ${soft}, sealed ${sealed}`);
    }
    if (nonces !== o.answered)
      problems.push(`the accounts' nonces add up to ${nonces}, the answers to ${o.answered}`);
  } finally {
    await client.close();
  }
  return problems;
}
