/**
 * Key files (docs/l1.md §2): `{ "type": "ghostchain-mldsa65-seed/v1", "seed": "0x…64 hex…", "address":
 * "0x…40 hex…" }`. The address is redundant, so a reader checks it against the key the seed gives. Parsing
 * and formatting are pure; readKeyFile/writeKeyFile are the thin file edges (written owner-only).
 */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { GhostError } from "../../protocol/index.js";
import { to0x } from "../encoding/index.js";
import { formatAddress, jsonFields } from "../tx/index.js";

const { address, hexBytes } = jsonFields;

import { keyPairFromSeed, type L1KeyPair } from "./devKeys.js";

export const KEY_FILE_TYPE = "ghostchain-mldsa65-seed/v1";

const keyFileSchema = z.strictObject({ type: z.literal(KEY_FILE_TYPE), seed: hexBytes(32), address });

/** The key file's JSON text for a seed. */
export function formatKeyFile(seed: Uint8Array): string {
  const k = keyPairFromSeed(seed);
  return `${JSON.stringify({ type: KEY_FILE_TYPE, seed: to0x(k.seed), address: formatAddress(k.address) }, null, 2)}\n`;
}

/** The key pair of a key file's text; L1_KEY_MALFORMED if it is not one or its address is not the key's. */
export function parseKeyFile(text: string): L1KeyPair {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new GhostError("L1_KEY_MALFORMED", "the key file is not JSON", { cause: e });
  }
  const r = keyFileSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new GhostError("L1_KEY_MALFORMED", `key file: "${i.path.join(".")}" ${i.message}`);
  }
  const k = keyPairFromSeed(r.data.seed);
  if (k.address !== r.data.address) {
    throw new GhostError(
      "L1_KEY_MALFORMED",
      `key file: "address" is not the seed's (${formatAddress(k.address)})`,
    );
  }
  return k;
}

export async function readKeyFile(path: string): Promise<L1KeyPair> {
  return parseKeyFile(await readFile(path, "utf8"));
}

/** Writes the key file of `seed`, readable by its owner only; refuses to overwrite. */
export async function writeKeyFile(path: string, seed: Uint8Array): Promise<void> {
  await writeFile(path, formatKeyFile(seed), { mode: 0o600, flag: "wx" });
}
