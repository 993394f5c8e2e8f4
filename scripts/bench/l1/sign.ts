/**
 * A signing child of `npm run bench -- l1`: signs the transfers of some development accounts with
 * `L1Signer.sign` (liboqs), as a wallet would, before any timing starts, and writes one line per
 * transaction, `<txHash hex> <JSON form>`, in each sender's nonce order. The bench runs two of these
 * at once so that pre-signing uses both cores.
 *
 * argv[2]: JSON `{ url, senders: number[], accounts, perSender, out }`; sender i sends to account i + 1
 * (mod accounts), GCC, amount 1, fee 1000.
 */
import { createWriteStream } from "node:fs";
import { createGhostdClient, createL1Signer } from "../../../src/client/index.js";
import { toHex } from "../../../src/l1/encoding/index.js";
import { devKey } from "../../../src/l1/keys/index.js";
import { type L1Tx, txHash } from "../../../src/l1/tx/index.js";

interface SignJob {
  readonly url: string;
  readonly senders: readonly number[];
  readonly accounts: number;
  readonly perSender: number;
  readonly out: string;
}

const job = JSON.parse(process.argv[2]!) as SignJob;
const client = createGhostdClient(job.url);
const { chainId } = await client.l1_chainId();
const out = createWriteStream(job.out);
for (const i of job.senders) {
  const key = devKey(`account-${i}`);
  const to = devKey(`account-${(i + 1) % job.accounts}`).address;
  const signer = await createL1Signer(client, key);
  const lines: string[] = [];
  for (let nonce = 0n; nonce < BigInt(job.perSender); nonce++) {
    const tx: L1Tx = {
      type: "transfer",
      chainId,
      from: key.address,
      nonce,
      fee: 1000n,
      to,
      token: 0,
      amount: 1n,
    };
    lines.push(`0x${toHex(txHash(tx))} ${JSON.stringify(signer.sign(tx, false))}\n`);
  }
  signer.close();
  if (!out.write(lines.join(""))) await new Promise<void>((ok) => out.once("drain", () => ok()));
}
await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
await client.transport.close();
