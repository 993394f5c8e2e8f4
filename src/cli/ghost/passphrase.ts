/**
 * Where a keystore passphrase comes from, in order: --passphrase-file (its first line), GHOST_PASSPHRASE,
 * or a prompt on the terminal with the typed characters hidden. Never a command-line argument: those end
 * up in shell histories and process listings.
 */
import { readFile } from "node:fs/promises";
import { GhostError } from "../../protocol/errors.js";

export async function readPassphrase(
  options: { readonly passphraseFile?: string },
  prompt: string,
  confirm = false,
): Promise<string> {
  if (options.passphraseFile !== undefined) {
    const text = await readFile(options.passphraseFile, "utf8");
    return text.split(/\r?\n/)[0]!;
  }
  const fromEnv = process.env.GHOST_PASSPHRASE;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new GhostError("KEYSTORE_PASSPHRASE_REQUIRED");
  const first = await promptHidden(prompt);
  if (confirm && (await promptHidden("again: ")) !== first) {
    throw new GhostError("CLI_USAGE", "the two passphrases differ");
  }
  return first;
}

/** Reads a line from the terminal in raw mode, echoing nothing. Ctrl-C aborts the command. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(new GhostError("CLI_USAGE", "cancelled"));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}
