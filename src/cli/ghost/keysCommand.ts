/**
 * `ghost keys new|import|list`: the keystore (docs/keystore.md). Each key is an L1 key (ML-DSA-65, from a
 * 32-byte seed) and an L2 key (Baby Jubjub), encrypted together under a passphrase.
 */
import type { Command } from "commander";
import { usage } from "./format.js";
import { action } from "./run.js";

interface ImportOptions {
  dev?: string;
  keyFile?: string;
  l2KeyFile?: string;
}

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("the encrypted keystore (--keystore, GHOST_KEYSTORE)");

  keys
    .command("new <name>")
    .description("a fresh L1 + L2 key pair, encrypted under a passphrase")
    .action(
      action(program, async (ctx, name: string) => {
        const { generateKeySecrets } = await import("../../client/index.js");
        await addKey(ctx, name, generateKeySecrets());
      }),
    );

  keys
    .command("import <name>")
    .description(
      "an existing key: a development account's, or an L1 key file (and optionally an L2 key file)",
    )
    .option("--dev <account>", "the publicly known keys of a development account (account-0, …)")
    .option("--key-file <file>", "an L1 key file (ghostd's format: the ML-DSA-65 seed)")
    .option(
      "--l2-key-file <file>",
      "a file holding the L2 private key, 0x + 64 hex digits (default: a fresh one)",
    )
    .action(
      action(program, async (ctx, name: string, o: ImportOptions) => {
        if ((o.dev === undefined) === (o.keyFile === undefined))
          throw usage("give exactly one of --dev and --key-file");
        const { generateKeySecrets } = await import("../../client/index.js");
        if (o.dev !== undefined) {
          const [{ devKeySeed }, { l2PrivateKeyFromSeed }] = await Promise.all([
            import("../../l1/keys/index.js"),
            import("../../protocol/index.js"),
          ]);
          await addKey(ctx, name, { l1Seed: devKeySeed(o.dev), l2PrivateKey: l2PrivateKeyFromSeed(o.dev) });
          return;
        }
        const { readKeyFile } = await import("../../l1/keys/index.js");
        const l1 = await readKeyFile(o.keyFile!);
        const l2PrivateKey =
          o.l2KeyFile === undefined ? generateKeySecrets().l2PrivateKey : await readL2KeyFile(o.l2KeyFile);
        await addKey(ctx, name, { l1Seed: l1.seed, l2PrivateKey });
      }),
    );

  keys
    .command("list")
    .description("names, L1 addresses and L2 public keys (no passphrase needed)")
    .action(
      action(program, async (ctx) => {
        const { openKeystore } = await import("../../client/index.js");
        const entries = (await openKeystore(ctx.options.keystore).list()).map((e) =>
          e.error === undefined
            ? { name: e.name, l1Address: e.l1Address, l2PublicKey: e.l2PublicKey }
            : { name: e.name, error: { code: e.error.code, message: e.error.message } },
        );
        ctx.print(
          entries.length === 0
            ? `no keys in ${ctx.options.keystore} (ghost keys new <name>)`
            : entries.map((e) =>
                "l1Address" in e
                  ? `${e.name.padEnd(20)} ${e.l1Address}`
                  : `${e.name.padEnd(20)} unreadable: ${e.error.code}`,
              ),
          entries,
        );
      }),
    );
}

async function readL2KeyFile(path: string): Promise<Uint8Array> {
  const { readFile } = await import("node:fs/promises");
  const text = (await readFile(path, "utf8")).trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text))
    throw usage(`--l2-key-file: ${path} does not hold 0x + 64 hex digits`);
  return Uint8Array.from(Buffer.from(text.slice(2), "hex"));
}

async function addKey(
  ctx: import("./context.js").Context,
  name: string,
  secrets: { l1Seed: Uint8Array; l2PrivateKey: Uint8Array },
): Promise<void> {
  const [{ openKeystore }, { readPassphrase }] = await Promise.all([
    import("../../client/index.js"),
    import("./passphrase.js"),
  ]);
  const passphrase = await readPassphrase(ctx.options, `passphrase for "${name}": `, true);
  const entry = await openKeystore(ctx.options.keystore).add(name, secrets, passphrase);
  ctx.print(
    [
      `${entry.name}: L1 address ${entry.l1Address}`,
      `  L2 public key (${entry.l2PublicKey.ax}, ${entry.l2PublicKey.ay})`,
    ],
    entry,
  );
}
