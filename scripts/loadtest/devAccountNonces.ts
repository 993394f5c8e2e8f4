/**
 * The next nonce of each development account the load test signs for (`account-i`, L2 index i + 1, key
 * `l2KeyFromSeed("account-i")`), read from the sequencer: a fresh devnet's are 0, a running one's are
 * wherever earlier use left them. An account that is missing or has another key is an error: the target
 * is not a devnet genesis with that many accounts.
 */
import type { GhostplaneClient } from "../../src/client/index.js";
import { l2KeyFromSeed, publicKeyOf } from "../../src/protocol/index.js";

export async function devAccountNonces(client: GhostplaneClient, accounts: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: accounts }, async (_, i) => {
      const found = await client.l2_getAccount({ index: i + 1 });
      if (found === null) {
        throw new Error(
          `L2 account ${i + 1} (account-${i}) does not exist: the target has fewer than ${accounts} development accounts (lower --accounts)`,
        );
      }
      const key = publicKeyOf(l2KeyFromSeed(`account-${i}`).privateKey);
      if (found.account.ax !== key.ax.toString() || found.account.ay !== key.ay.toString()) {
        throw new Error(
          `L2 account ${i + 1} is not development account account-${i}: the target is not a devnet`,
        );
      }
      return found.account.nonce;
    }),
  );
}
