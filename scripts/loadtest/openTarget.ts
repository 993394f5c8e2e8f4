/**
 * What the load test runs against. By default a throw-away devnet (scripts/devnet: built if missing, free
 * ports, a fresh temporary directory removed at the end), started with the proving-backlog cap lifted:
 * the unproven batches a burst leaves behind are thrown away with it, never left on the user's own chain.
 * With `--url`, a running sequencer (and, with `--l1-url`, its ghostd), which keeps what the run leaves.
 */

import type { BatchCircuitName } from "../../src/prover/index.js";
import { prepareDevnet } from "../devnet/prepare.js";
import { startDevnet } from "../devnet/startDevnet.js";

export interface Target {
  /** The sequencer's WebSocket URL (the load generator speaks WebSocket only). */
  readonly l2Url: string;
  /** ghostd's URL, if known: settled batches are then read back from L1. */
  readonly l1Url: string | undefined;
  /** "a throw-away devnet" or "the sequencer at <url>", for people. */
  readonly label: string;
  readonly throwAway: boolean;
  /** Resolves with a description if a node of a throw-away devnet ends by itself. */
  readonly ended: Promise<string>;
  /** Stops a throw-away devnet (sequencer, then ghostd) and removes its directory; nothing for --url. */
  stop(): Promise<void>;
  /** Kills a throw-away devnet's nodes at once (a second Ctrl-C). */
  kill(): void;
}

/** The proving-backlog cap of a throw-away devnet: ≈ 35 years of estimated proving, i.e. none. */
const NO_PROVING_CAP_MS = 2 ** 40;

export async function openTarget(o: {
  readonly url: string | undefined;
  readonly l1Url: string | undefined;
  readonly circuit: BatchCircuitName;
  readonly accounts: number;
  readonly maxUnsealedTxs: number;
  readonly log: (line: string) => void;
}): Promise<Target> {
  if (o.url !== undefined) {
    return {
      l2Url: o.url.replace(/^http/, "ws"),
      l1Url: o.l1Url,
      label: `the sequencer at ${o.url}`,
      throwAway: false,
      ended: new Promise(() => {}),
      stop: async () => {},
      kill: () => {},
    };
  }
  await prepareDevnet(o.circuit, { write: o.log });
  const devnet = await startDevnet({
    circuit: o.circuit,
    accounts: o.accounts,
    l1Port: 0,
    l2Port: 0,
    maxProvingBacklogMs: NO_PROVING_CAP_MS,
    maxUnsealedTxs: o.maxUnsealedTxs,
  });
  return {
    l2Url: devnet.l2WsUrl,
    l1Url: devnet.l1Url,
    label: "a throw-away devnet",
    throwAway: true,
    ended: Promise.race([devnet.ghostdEnded, devnet.ghostplaneEnded]),
    stop: () => devnet.stop(),
    kill() {
      devnet.ghostplane.child.kill("SIGKILL");
      devnet.ghostd.child.kill("SIGKILL");
    },
  };
}
