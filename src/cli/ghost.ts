#!/usr/bin/env node
/**
 * `ghost`: the GhostChain command line (docs/cli.md) — keys, L1 and L2 transactions, watching a tx to
 * settlement, batches, verifying a settled batch's proof from L1 alone, the exodus withdrawal, status, and
 * `ghost prover`, a prover worker for a sequencer's Redis queue.
 * Human output by default, one JSON document with --json; every error prints its code and a hint.
 * Only commander loads up front: each command imports what it needs when it runs.
 */
import { Command, Option } from "commander";
import { registerBatch } from "./ghost/batchCommand.js";
import { DEFAULTS } from "./ghost/context.js";
import { registerExodus } from "./ghost/exodusCommand.js";
import { registerKeys } from "./ghost/keysCommand.js";
import { registerL1 } from "./ghost/l1Command.js";
import { registerL2 } from "./ghost/l2Command.js";
import { registerProof } from "./ghost/proofCommand.js";
import { registerProver } from "./ghost/proverCommand.js";
import { hintOf } from "./ghost/run.js";
import { registerStatus } from "./ghost/statusCommand.js";
import { registerTx } from "./ghost/txCommand.js";

const program = new Command("ghost")
  .description("GhostChain: L1 (ghostd) and L2 (GhostPlane) accounts, transactions, batches and proofs")
  .addOption(new Option("--l1 <url>", "ghostd's URL (GHOST_L1)").default(DEFAULTS.l1))
  .addOption(new Option("--l2 <url>", "the sequencer's URL (GHOST_L2)").default(DEFAULTS.l2))
  .addOption(
    new Option("--keystore <dir>", "the keystore directory (GHOST_KEYSTORE)").default(DEFAULTS.keystore),
  )
  .addOption(
    new Option(
      "--passphrase-file <file>",
      "read the keystore passphrase from this file (else GHOST_PASSPHRASE or a prompt)",
    ),
  )
  .addOption(new Option("--json", "print one JSON document (errors too) instead of text"))
  .showHelpAfterError()
  .configureOutput({
    // Commander's own errors (an unknown option, a missing argument) carry the usage code too.
    outputError: (text, write) =>
      write(`error CLI_USAGE: ${text.replace(/^error: /, "").trimEnd()}\n  hint: ${hintOf("CLI_USAGE")}\n`),
  });

registerStatus(program);
registerKeys(program);
registerL1(program);
registerL2(program);
registerTx(program);
registerBatch(program);
registerProof(program);
registerExodus(program);
registerProver(program);

await program.parseAsync();
