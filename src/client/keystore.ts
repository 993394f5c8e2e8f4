/**
 * The `ghost` command's keystore (docs/keystore.md): one JSON file per key pair, `<dir>/<name>.json`, holding
 * an account's L1 ML-DSA-65 seed and L2 EdDSA private key encrypted with AES-256-GCM under a key that scrypt
 * derives from a passphrase. The file's public part (name, L1 address, L2 public key) is readable without
 * the passphrase; after decryption both keys are derived again and must match it.
 *
 * encryptKey, decryptKey, parseKeystoreFile and formatKeystoreFile are pure (but for randomness); the file
 * system is only touched by the Keystore of `openKeystore`.
 */
import { randomBytes } from "node:crypto";
import { access, link, mkdir, open, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { gcm } from "@noble/ciphers/aes.js";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { z } from "zod";
import { to0x } from "../l1/encoding/index.js";
import { keyPairFromSeed, type L1KeyPair } from "../l1/keys/index.js";
import {
  formatL1Address,
  GhostError,
  initProtocol,
  jsonFields,
  type L2Key,
  l2KeyFromPrivate,
} from "../protocol/index.js";

export const KEYSTORE_TYPE = "ghostchain-keystore/v1";
/** scrypt's cost n for new files: 2^17 with r = 8, p = 1 takes 128 MiB of memory. */
export const DEFAULT_SCRYPT_N = 2 ** 17;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** What a file may ask of scrypt (docs/keystore.md §KDF): at most 256 MiB and 8 times the default's work. */
const MIN_LOG_N = 10;
const MAX_LOG_N = 20;
const MAX_R = 16;
const MAX_P = 4;
const MAX_MEMORY = 256 * 2 ** 20;
/** A keystore file is about 1 KB; anything much bigger is not one and is not read whole. */
const MAX_FILE_BYTES = 64 * 1024;

const SECRET_BYTES = 32;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAME_RULE = "1 to 64 of A-Z a-z 0-9 . _ -, the first a letter or digit";

/** The two secrets of a keystore entry. */
export interface KeySecrets {
  /** The 32-byte ML-DSA-65 seed of the L1 key (`keyPairFromSeed`). */
  readonly l1Seed: Uint8Array;
  /** The 32-byte EdDSA private key of the L2 key (`l2KeyFromPrivate`). */
  readonly l2PrivateKey: Uint8Array;
}

export interface EncryptOptions {
  /** scrypt's cost n: a power of two from 2^10 to 2^18 (default 2^17). Smaller only for tests. */
  readonly scryptN?: number;
}

/** The JSON of a keystore file, exactly as written (docs/keystore.md §Format). */
export interface KeystoreFile {
  type: typeof KEYSTORE_TYPE;
  name: string;
  /** 0x + 40 lowercase hex digits. */
  l1Address: string;
  /** Decimal strings. */
  l2PublicKey: { ax: string; ay: string };
  crypto: {
    kdf: "scrypt";
    /** `salt` is 0x + 64 lowercase hex digits. */
    kdfparams: { n: number; r: number; p: number; dklen: 32; salt: string };
    cipher: "aes-256-gcm";
    /** 0x + 24 lowercase hex digits. */
    iv: string;
    /** 0x + hex of the 64-byte ciphertext followed by the 16-byte tag. */
    ciphertext: string;
  };
}

/**
 * What a keystore file tells without its passphrase, as the file writes it (`l1Address` 0x + 40 hex digits,
 * `ax` and `ay` decimal): ready to print. Unchecked until the file is unlocked.
 */
export type KeystorePublic = Pick<KeystoreFile, "name" | "l1Address" | "l2PublicKey">;

/** A file of `list()`: its public part, or why it cannot be used (`name` is then the file's name). */
export type KeystoreEntry =
  | (KeystorePublic & { readonly error?: undefined })
  | { readonly name: string; readonly error: GhostError };

/** A decrypted entry: both key pairs, checked against the file's public part. */
export interface UnlockedKey {
  readonly name: string;
  readonly l1: L1KeyPair;
  readonly l2: L2Key;
}

export interface Keystore {
  readonly dir: string;
  /** Every `<name>.json` of the directory, sorted by name; a file that cannot be read has `error`. */
  list(): Promise<KeystoreEntry[]>;
  has(name: string): Promise<boolean>;
  /** Encrypts `secrets` and writes `<name>.json`; KEYSTORE_KEY_EXISTS if there is one already. */
  add(
    name: string,
    secrets: KeySecrets,
    passphrase: string,
    options?: EncryptOptions,
  ): Promise<KeystorePublic>;
  unlock(name: string, passphrase: string): Promise<UnlockedKey>;
}

/** Fresh random secrets for a new account. */
export function generateKeySecrets(): KeySecrets {
  return {
    l1Seed: Uint8Array.from(randomBytes(SECRET_BYTES)),
    l2PrivateKey: Uint8Array.from(randomBytes(SECRET_BYTES)),
  };
}

/** Encrypts an account's secrets under `passphrase`: the keystore file to write. */
export async function encryptKey(
  secrets: KeySecrets & { readonly name: string },
  passphrase: string,
  options: EncryptOptions = {},
): Promise<KeystoreFile> {
  const name = checkName(secrets.name);
  const n = options.scryptN ?? DEFAULT_SCRYPT_N;
  const bad = kdfBoundsError(n, SCRYPT_R, SCRYPT_P);
  if (bad !== undefined) throw new GhostError("CLI_USAGE", `"scryptN" ${bad[1]}`);
  for (const field of ["l1Seed", "l2PrivateKey"] as const) {
    const v = secrets[field];
    if (!(v instanceof Uint8Array) || v.length !== SECRET_BYTES) {
      throw new GhostError("CLI_USAGE", `"${field}" expected ${SECRET_BYTES} bytes`);
    }
  }
  await initProtocol();
  const l1 = keyPairFromSeed(secrets.l1Seed);
  const l2 = l2KeyFromPrivate(secrets.l2PrivateKey);
  const salt = Uint8Array.from(randomBytes(32));
  const iv = Uint8Array.from(randomBytes(12));
  const key = await deriveKey(passphrase, { n, r: SCRYPT_R, p: SCRYPT_P, salt });
  const plaintext = new Uint8Array(2 * SECRET_BYTES);
  plaintext.set(secrets.l1Seed, 0);
  plaintext.set(secrets.l2PrivateKey, SECRET_BYTES);
  const ciphertext = gcm(key, iv, associatedData(name)).encrypt(plaintext);
  key.fill(0);
  plaintext.fill(0);
  return {
    type: KEYSTORE_TYPE,
    name,
    l1Address: formatL1Address(l1.address),
    l2PublicKey: { ax: l2.publicKey.ax.toString(), ay: l2.publicKey.ay.toString() },
    crypto: {
      kdf: "scrypt",
      kdfparams: { n, r: SCRYPT_R, p: SCRYPT_P, dklen: 32, salt: to0x(salt) },
      cipher: "aes-256-gcm",
      iv: to0x(iv),
      ciphertext: to0x(ciphertext),
    },
  };
}

/**
 * The key pairs of a keystore file (its JSON value) under `passphrase`: KEYSTORE_MALFORMED if it is not a
 * keystore file or its public part is not its keys', KEYSTORE_BAD_PASSPHRASE if the passphrase is wrong.
 */
export async function decryptKey(file: unknown, passphrase: string): Promise<UnlockedKey> {
  const f = validate(file);
  const key = await deriveKey(passphrase, f.crypto.kdfparams);
  let plaintext: Uint8Array;
  try {
    plaintext = gcm(key, f.crypto.iv, associatedData(f.name)).decrypt(f.crypto.ciphertext);
  } catch (e) {
    throw new GhostError(
      "KEYSTORE_BAD_PASSPHRASE",
      `the passphrase does not decrypt "${f.name}" (or its name or crypto fields were edited)`,
      { cause: e },
    );
  } finally {
    key.fill(0);
  }
  await initProtocol();
  const l1 = keyPairFromSeed(plaintext.subarray(0, SECRET_BYTES));
  const l2 = l2KeyFromPrivate(plaintext.subarray(SECRET_BYTES));
  plaintext.fill(0);
  // The public fields are not authenticated by the cipher: the keys they must equal are checked here.
  if (l1.address !== f.l1Address) {
    throw malformed(`"l1Address" is not the address of the encrypted key (${formatL1Address(l1.address)})`);
  }
  if (l2.publicKey.ax !== f.l2PublicKey.ax || l2.publicKey.ay !== f.l2PublicKey.ay) {
    throw malformed(`"l2PublicKey" is not the public key of the encrypted key`);
  }
  return { name: f.name, l1, l2 };
}

/** The keystore file of a file's text (checked, without the passphrase); KEYSTORE_MALFORMED if it is not one. */
export function parseKeystoreFile(text: string): KeystoreFile {
  if (text.length > MAX_FILE_BYTES) throw malformed(`the file is longer than ${MAX_FILE_BYTES} characters`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new GhostError("KEYSTORE_MALFORMED", "keystore file: not JSON", { cause: e });
  }
  validate(json);
  return json as KeystoreFile;
}

/** A keystore file's text: indented JSON and a final newline. */
export function formatKeystoreFile(file: KeystoreFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The keystore in `dir`. Nothing is read or created until a method is called; `add` creates `dir` (mode
 * 0700) if it does not exist. Names must match /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/ (CLI_USAGE otherwise).
 */
export function openKeystore(dir: string): Keystore {
  const pathOf = (name: string) => join(dir, `${checkName(name)}.json`);

  async function readEntry(name: string): Promise<KeystoreFile> {
    const file = parseKeystoreFile(await readBounded(pathOf(name), name));
    if (file.name !== name) throw malformed(`"name" is "${file.name}" in the file of "${name}"`);
    return file;
  }

  async function has(name: string): Promise<boolean> {
    try {
      await access(pathOf(name));
      return true;
    } catch (e) {
      if (errnoCode(e) === "ENOENT") return false;
      throw e;
    }
  }

  return {
    dir,
    has,

    async list() {
      let files: string[];
      try {
        files = (await readdir(dir, { withFileTypes: true }))
          .filter(
            (d) => (d.isFile() || d.isSymbolicLink()) && d.name.endsWith(".json") && !d.name.startsWith("."),
          )
          .map((d) => d.name.slice(0, -".json".length));
      } catch (e) {
        if (errnoCode(e) === "ENOENT") return [];
        throw e;
      }
      const entries = await Promise.all(
        files.map(async (name): Promise<KeystoreEntry> => {
          if (!NAME.test(name)) {
            return { name, error: malformed(`"${name}.json": the file name is not "<key name>.json"`) };
          }
          try {
            return publicPart(await readEntry(name));
          } catch (e) {
            const error = e instanceof GhostError ? e : malformed(`cannot read "${name}.json"`, e);
            return { name, error };
          }
        }),
      );
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async add(name, secrets, passphrase, options) {
      const path = pathOf(name);
      // Fail before spending scrypt's second; writeNew still refuses to overwrite a file made meanwhile.
      if (await has(name)) throw keyExists(name);
      const file = await encryptKey({ ...secrets, name }, passphrase, options);
      await writeNew(dir, path, formatKeystoreFile(file), name);
      return publicPart(file);
    },

    async unlock(name, passphrase) {
      return decryptKey(await readEntry(name), passphrase);
    },
  };
}

// ---- internals

function checkName(name: string): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new GhostError("CLI_USAGE", `key name expected ${NAME_RULE}, got ${jsonFields.show(name)}`);
  }
  return name;
}

/**
 * Why scrypt parameters are refused (the parameter and the reason), or undefined: n a power of two from 2^10
 * to 2^20, r up to 16, p up to 4, and at most 256 MiB of memory (128·n·r bytes).
 */
function kdfBoundsError(n: number, r: number, p: number): ["n" | "r" | "p", string] | undefined {
  if (!Number.isSafeInteger(n) || n < 2 ** MIN_LOG_N || n > 2 ** MAX_LOG_N || (n & (n - 1)) !== 0) {
    return ["n", `expected a power of two from 2^${MIN_LOG_N} to 2^${MAX_LOG_N}, got ${jsonFields.show(n)}`];
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) {
    return ["r", `expected 1 to ${MAX_R}, got ${jsonFields.show(r)}`];
  }
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) {
    return ["p", `expected 1 to ${MAX_P}, got ${jsonFields.show(p)}`];
  }
  if (128 * n * r > MAX_MEMORY) {
    return ["n", `expected 128·n·r at most 256 MiB, got ${(128 * n * r) / 2 ** 20} MiB (n = ${n}, r = ${r})`];
  }
  return undefined;
}

const hex = jsonFields.hexBytes;
const kdfparamsSchema = z
  .strictObject({ n: z.number(), r: z.number(), p: z.number(), dklen: z.literal(32), salt: hex(32) })
  .superRefine(({ n, r, p }, ctx) => {
    const bad = kdfBoundsError(n, r, p);
    if (bad !== undefined) ctx.addIssue({ code: "custom", path: [bad[0]], message: bad[1] });
  });
const keystoreSchema = z.strictObject({
  type: z.literal(KEYSTORE_TYPE),
  name: z.string().regex(NAME, `expected ${NAME_RULE}`),
  l1Address: jsonFields.l1Address,
  l2PublicKey: z.strictObject({ ax: jsonFields.fieldElement, ay: jsonFields.fieldElement }),
  crypto: z.strictObject({
    kdf: z.literal("scrypt"),
    kdfparams: kdfparamsSchema,
    cipher: z.literal("aes-256-gcm"),
    iv: hex(12),
    ciphertext: hex(2 * SECRET_BYTES + 16),
  }),
});

/** A keystore file's JSON, decoded (bytes, bigints); KEYSTORE_MALFORMED naming the first bad field. */
function validate(json: unknown): z.output<typeof keystoreSchema> {
  const r = keystoreSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw malformed(i.path.length === 0 ? i.message : `"${i.path.join(".")}" ${i.message}`);
  }
  return r.data;
}

function publicPart({ name, l1Address, l2PublicKey }: KeystoreFile): KeystorePublic {
  return { name, l1Address, l2PublicKey: { ax: l2PublicKey.ax, ay: l2PublicKey.ay } };
}

/** AES-GCM's associated data: the file's type and name, as the JSON array ["ghostchain-keystore/v1", name]. */
function associatedData(name: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify([KEYSTORE_TYPE, name]));
}

interface ScryptParams {
  n: number;
  r: number;
  p: number;
  salt: Uint8Array;
}

/** scrypt of the NFKD-normalised UTF-8 passphrase: the same text typed on any system gives the same key. */
function deriveKey(passphrase: string, { n, r, p, salt }: ScryptParams): Promise<Uint8Array> {
  const password = new TextEncoder().encode(passphrase.normalize("NFKD"));
  return scryptAsync(password, salt, { N: n, r, p, dkLen: 32, maxmem: MAX_MEMORY + 128 * r * (p + 1) });
}

function malformed(message: string, cause?: unknown): GhostError {
  return new GhostError("KEYSTORE_MALFORMED", `keystore file: ${message}`, { cause });
}

function keyExists(name: string): GhostError {
  return new GhostError("KEYSTORE_KEY_EXISTS", `the keystore already holds a key named "${name}"`);
}

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** A file's text, read no further than MAX_FILE_BYTES + 1 bytes; KEYSTORE_KEY_NOT_FOUND if it is missing. */
async function readBounded(path: string, name: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (e) {
    if (errnoCode(e) !== "ENOENT") throw e;
    throw new GhostError("KEYSTORE_KEY_NOT_FOUND", `the keystore holds no key named "${name}"`);
  }
  try {
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) throw malformed(`the file is longer than ${MAX_FILE_BYTES} bytes`);
    }
    return buffer.toString("utf8", 0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` at `path` (mode 0600), never replacing a file: a temporary file is written and synced, then
 * hard-linked to `path` (link fails if `path` exists) so that a crash never leaves a half-written key.
 */
async function writeNew(dir: string, path: string, text: string, name: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${name}.json.${randomBytes(8).toString("hex")}.tmp`);
  try {
    const handle = await open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, path);
    } catch (e) {
      if (errnoCode(e) === "EEXIST") throw keyExists(name);
      throw e;
    }
  } finally {
    await rm(tmp, { force: true });
  }
  // Persist the new directory entry too (directories cannot be opened for syncing on Windows).
  if (process.platform !== "win32") {
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }
}
