/**
 * The sealing engine, in its own process (docs/sequencer.md §Pipeline; a process, not a worker thread:
 * the circuit-input code loads circomlibjs, whose ffjavascript web-worker shim breaks inside Node worker
 * threads): a second WASM engine that replays
 * each closed batch's ops (already verified by the soft-confirmation engine, so without signature checks),
 * seals it (hashes the tree: the costly part) and derives the circuit input from the seal. It answers
 * Merkle proofs against the last sealed root and makes snapshots, since it alone holds a hashed tree.
 */
import { createEngine, type Engine, restoreEngine } from "../../bridge/index.js";
import { type Account, GhostError, initProtocol, type Op } from "../../protocol/index.js";
import { batchCircuit, buildBatchInputFromSealed, encodeCircuitInput } from "../../prover/index.js";
import type { SealerInit, SealerReply, SealerRequest } from "./sealerProtocol.js";

// A reply the parent can no longer take (it closed the channel): this process is ending anyway.
const send = (m: unknown) => {
  if (process.connected) process.send?.(m, undefined, undefined, () => undefined);
};
// The parent's first message is the init; the rest are requests, answered in order. The listener is
// attached at once: a message emitted before it exists would be lost.
let init: SealerInit | undefined;
let started: Promise<Engine> | undefined;
let chain: Promise<void> = Promise.resolve();
process.on("message", (m: (SealerRequest & { id: number }) | SealerInit) => {
  if (init === undefined) {
    init = m as SealerInit;
    started = start(init);
    return;
  }
  chain = chain.then(() => answer(m as SealerRequest & { id: number }));
});
// The parent closing the channel (or exiting) ends this process.
process.on("disconnect", () => process.exit(0));

async function start(init: SealerInit): Promise<Engine> {
  await initProtocol();
  if (init.snapshot !== undefined) {
    return restoreEngine(init.snapshot, {
      checkSignatures: false,
      verify: false,
      feeAccount: init.feeAccount,
    });
  }
  const g = init.genesis!;
  return createEngine({
    chainId: g.chainId,
    depth: g.depth,
    batchSize: g.batchSize,
    genesis: g.accounts as Account[],
    feeAccount: init.feeAccount,
    checkSignatures: false,
  });
}

async function handle(engine: Engine, m: SealerRequest): Promise<SealerReply> {
  switch (m.kind) {
    case "seal": {
      if (engine.batchNumber + 1 !== m.batchNumber) {
        throw new GhostError(
          "BATCH_WRONG_NUMBER",
          `sealer at batch ${engine.batchNumber}, asked for ${m.batchNumber}`,
        );
      }
      engine.setFeeAccount(m.feeAccount);
      const outcomes = engine.apply(m.ops as Op[]);
      const bad = outcomes.findIndex((o) => !o.ok);
      if (bad >= 0) {
        engine.discard();
        const o = outcomes[bad]!;
        throw new GhostError(
          "WITNESS_FAILED",
          `batch ${m.batchNumber}: op ${bad} was accepted when sequenced but the sealing engine refused it (${o.ok ? "" : o.code})`,
        );
      }
      const sealed = engine.seal();
      const input = m.witness
        ? encodeCircuitInput(
            (
              await buildBatchInputFromSealed(
                batchCircuit(init!.circuit),
                engine.chainId,
                m.ops as Op[],
                sealed,
              )
            ).input,
          )
        : undefined;
      return {
        kind: "sealed",
        batchNumber: sealed.batchNumber,
        feeAccount: sealed.feeAccount,
        priorityOps: sealed.priorityOps,
        oldRoot: sealed.oldRoot,
        newRoot: sealed.newRoot,
        dataHash: sealed.dataHash,
        publicInputHash: sealed.publicInputHash,
        data: sealed.published.data,
        input,
      };
    }
    case "snapshot":
      return { kind: "snapshot", batchNumber: engine.batchNumber, bytes: engine.snapshot() };
    case "account": {
      const proof = engine.proof(m.index);
      return {
        kind: "account",
        batchNumber: engine.batchNumber,
        account: engine.account(m.index) ?? null,
        root: engine.root(),
        leaf: proof.leaf,
        siblings: proof.siblings,
      };
    }
  }
}

async function answer(m: SealerRequest & { id: number }): Promise<void> {
  try {
    const engine = await started!;
    const reply = await handle(engine, m);
    send({ id: m.id, ok: true, reply });
  } catch (e) {
    const code = e instanceof GhostError ? e.code : "WASM_ABORT";
    send({ id: m.id, ok: false, code, message: e instanceof Error ? e.message : String(e) });
  }
}
