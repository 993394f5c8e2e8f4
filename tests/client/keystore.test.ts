/**
 * The keystore of src/client/keystore.ts: round trips, refusals with their codes, no plaintext secret in
 * a file, files owner-only and never replaced, hostile files refused before scrypt runs. Files live in a
 * temporary directory removed afterwards; scrypt runs at n = 2^10 except once, to check the default.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_SCRYPT_N,
  decryptKey,
  encryptKey,
  formatKeystoreFile,
  generateKeySecrets,
  type KeySecrets,
  type KeystoreFile,
  openKeystore,
  parseKeystoreFile,
} from "../../src/client/index.js";
import { devKey, devKeySeed } from "../../src/l1/keys/index.js";
import { formatL1Address, initProtocol, l2KeyFromSeed } from "../../src/protocol/index.js";
import { rejectedCode, thrownCode } from "../thrownCode.js";

await initProtocol(); // the L2 keys below are derived at load time

const FAST = { scryptN: 2 ** 10 };
const PASS = "correct horse battery staple";
const root = mkdtempSync(join(tmpdir(), "ghost-keystore-"));
let dirs = 0;
/** A fresh, not yet existing keystore directory. */
const freshDir = () => join(root, `ks${dirs++}`, "keys");

/** The secrets of the development account `name` (publicly known keys: fine for tests). */
function devSecrets(name: string): KeySecrets {
  return { l1Seed: devKeySeed(name), l2PrivateKey: l2KeyFromSeed(name).privateKey };
}
const alice = devSecrets("account-0");
const bob = devSecrets("account-1");

/** The public part that `list()` and `add()` give for the development account `account` stored as `name`. */
function publicOf(name: string, account: string) {
  const { ax, ay } = l2KeyFromSeed(account).publicKey;
  return {
    name,
    l1Address: formatL1Address(devKey(account).address),
    l2PublicKey: { ax: ax.toString(), ay: ay.toString() },
  };
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into the file's JSON freely to break it
type Json = Record<string, any>;
type Edit = (json: Json) => void;

/** A copy of `file` changed by `edit`, as JSON (the way a file on disk would be edited). */
function edited(file: KeystoreFile, edit: Edit): unknown {
  const json = JSON.parse(JSON.stringify(file));
  edit(json);
  return json;
}

describe("encryptKey and decryptKey", () => {
  let file: KeystoreFile;
  beforeAll(async () => {
    file = await encryptKey({ name: "alice", ...alice }, PASS, FAST);
  });

  it("round-trips both keys and writes their public part in the clear", async () => {
    const k = await decryptKey(file, PASS);
    expect(k.name).toBe("alice");
    expect(k.l1.seed).toEqual(alice.l1Seed);
    expect(k.l1.address).toBe(devKey("account-0").address);
    expect(k.l1.secretKey).toEqual(devKey("account-0").secretKey);
    expect(k.l2.privateKey).toEqual(alice.l2PrivateKey);
    expect(k.l2.publicKey).toEqual(l2KeyFromSeed("account-0").publicKey);
    expect(file.l1Address).toBe(formatL1Address(k.l1.address));
    expect(file.l2PublicKey).toEqual({ ax: k.l2.publicKey.ax.toString(), ay: k.l2.publicKey.ay.toString() });
    expect(file.crypto.kdfparams).toMatchObject({ n: 2 ** 10, r: 8, p: 1, dklen: 32 });
  });

  it("rejects a wrong passphrase with KEYSTORE_BAD_PASSPHRASE", async () => {
    expect(await rejectedCode(decryptKey(file, `${PASS}!`))).toBe("KEYSTORE_BAD_PASSPHRASE");
    expect(await rejectedCode(decryptKey(file, ""))).toBe("KEYSTORE_BAD_PASSPHRASE");
  });

  it("normalises passphrases with NFKD: composed and decomposed accents are the same passphrase", async () => {
    const f = await encryptKey({ name: "accents", ...alice }, "caf\u00e9 \u00c5ngstr\u00f6m", FAST);
    const k = await decryptKey(f, "cafe\u0301 A\u030angstro\u0308m");
    expect(k.l1.seed).toEqual(alice.l1Seed);
  });

  it("uses fresh salt and iv for every file", async () => {
    const again = await encryptKey({ name: "alice", ...alice }, PASS, FAST);
    expect(again.crypto.kdfparams.salt).not.toBe(file.crypto.kdfparams.salt);
    expect(again.crypto.iv).not.toBe(file.crypto.iv);
    expect(again.crypto.ciphertext).not.toBe(file.crypto.ciphertext);
  });

  it("writes no secret into the file: neither as bytes, hex (either case) nor base64", async () => {
    const text = formatKeystoreFile(file);
    const bytes = Buffer.from(text, "utf8");
    const k = await decryptKey(file, PASS);
    for (const secret of [alice.l1Seed, alice.l2PrivateKey, k.l1.secretKey]) {
      const b = Buffer.from(secret);
      expect(bytes.indexOf(b)).toBe(-1);
      for (const form of [b.toString("hex"), b.toString("base64"), b.toString("base64url")]) {
        expect(text.toLowerCase()).not.toContain(form.toLowerCase());
      }
      // A secret's hex is not hidden by splitting: no 16-byte window of it appears either.
      const hex = b.toString("hex");
      for (let i = 0; i + 32 <= hex.length; i += 2) expect(text).not.toContain(hex.slice(i, i + 32));
    }
  });

  it("refuses a file whose l1Address or l2PublicKey was edited with KEYSTORE_MALFORMED", async () => {
    const other = formatL1Address(devKey("account-1").address);
    const otherPk = l2KeyFromSeed("account-1").publicKey;
    const cases = [
      edited(file, (j) => (j.l1Address = other)),
      edited(file, (j) => (j.l2PublicKey.ax = otherPk.ax.toString())),
      edited(file, (j) => (j.l2PublicKey = { ax: otherPk.ax.toString(), ay: otherPk.ay.toString() })),
    ];
    for (const json of cases) {
      expect(parseKeystoreFile(JSON.stringify(json))).toEqual(json); // still a well-formed file
      expect(await rejectedCode(decryptKey(json, PASS))).toBe("KEYSTORE_MALFORMED");
      // Without the passphrase the edit cannot be seen; the passphrase is what is reported wrong.
      expect(await rejectedCode(decryptKey(json, "wrong"))).toBe("KEYSTORE_BAD_PASSPHRASE");
    }
  });

  it("binds the name to the ciphertext: a renamed entry does not decrypt", async () => {
    const renamed = edited(file, (j) => (j.name = "mallory"));
    expect(await rejectedCode(decryptKey(renamed, PASS))).toBe("KEYSTORE_BAD_PASSPHRASE");
  });

  it("refuses a ciphertext, iv or salt changed by one bit with KEYSTORE_BAD_PASSPHRASE", async () => {
    const flip = (h: string) => `${h.slice(0, -1)}${(Number.parseInt(h.slice(-1), 16) ^ 1).toString(16)}`;
    for (const edit of [
      (j: Json) => (j.crypto.ciphertext = flip(j.crypto.ciphertext)),
      (j: Json) => (j.crypto.iv = flip(j.crypto.iv)),
      (j: Json) => (j.crypto.kdfparams.salt = flip(j.crypto.kdfparams.salt)),
    ]) {
      expect(await rejectedCode(decryptKey(edited(file, edit), PASS))).toBe("KEYSTORE_BAD_PASSPHRASE");
    }
  });

  it("formats and parses a file back to itself", () => {
    const text = formatKeystoreFile(file);
    expect(text.endsWith("}\n")).toBe(true);
    expect(parseKeystoreFile(text)).toEqual(file);
  });

  it("uses scrypt n = 2^17, r = 8, p = 1 by default", async () => {
    const f = await encryptKey({ name: "default", ...alice }, PASS);
    expect(DEFAULT_SCRYPT_N).toBe(2 ** 17);
    expect(f.crypto.kdfparams).toMatchObject({ n: 2 ** 17, r: 8, p: 1 });
  });

  it("refuses bad arguments with CLI_USAGE", async () => {
    const bad = [
      encryptKey({ name: "../alice", ...alice }, PASS, FAST),
      encryptKey({ name: "alice", ...alice }, PASS, { scryptN: 2 ** 9 }),
      encryptKey({ name: "alice", ...alice }, PASS, { scryptN: 1000 }),
      // 128·n·r above 256 MiB with r = 8
      encryptKey({ name: "alice", ...alice }, PASS, { scryptN: 2 ** 19 }),
      encryptKey({ name: "alice", ...alice, l1Seed: new Uint8Array(31) }, PASS, FAST),
      encryptKey({ name: "alice", ...alice, l2PrivateKey: new Uint8Array(33) }, PASS, FAST),
    ];
    for (const p of bad) expect(await rejectedCode(p)).toBe("CLI_USAGE");
  });

  it("round-trips random secrets under random unicode passphrases, and refuses any other passphrase", async () => {
    const secret = fc.uint8Array({ minLength: 32, maxLength: 32 });
    await fc.assert(
      fc.asyncProperty(
        secret,
        secret,
        fc.string({ unit: "binary", maxLength: 24 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 4 }),
        async (l1Seed, l2PrivateKey, passphrase, suffix) => {
          const f = await encryptKey({ name: "prop", l1Seed, l2PrivateKey }, passphrase, FAST);
          const k = await decryptKey(parseKeystoreFile(formatKeystoreFile(f)), passphrase);
          expect(k.l1.seed).toEqual(l1Seed);
          expect(k.l2.privateKey).toEqual(l2PrivateKey);
          const other = passphrase + suffix;
          if (other.normalize("NFKD") !== passphrase.normalize("NFKD")) {
            expect(await rejectedCode(decryptKey(f, other))).toBe("KEYSTORE_BAD_PASSPHRASE");
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe("malformed keystore files", () => {
  let file: KeystoreFile;
  beforeAll(async () => {
    file = await encryptKey({ name: "alice", ...alice }, PASS, FAST);
  });

  /** [what, edit, the field path the message names] */
  const edits: [string, (j: Json) => void, string][] = [
    ["a missing field", (j) => delete j.l1Address, '"l1Address"'],
    ["a missing crypto field", (j) => delete j.crypto.iv, '"crypto.iv"'],
    ["a missing kdf param", (j) => delete j.crypto.kdfparams.salt, '"crypto.kdfparams.salt"'],
    ["an extra field", (j) => (j.extra = 1), "extra"],
    ["an extra crypto field", (j) => (j.crypto.mac = "0x00"), '"crypto"'],
    ["an extra public-key field", (j) => (j.l2PublicKey.az = "1"), '"l2PublicKey"'],
    [
      "an own __proto__ field",
      (j) => Object.defineProperty(j, "__proto__", { value: {}, enumerable: true }),
      "__proto__",
    ],
    ["another type", (j) => (j.type = "ghostchain-keystore/v2"), '"type"'],
    ["another kdf", (j) => (j.crypto.kdf = "pbkdf2"), '"crypto.kdf"'],
    ["another cipher", (j) => (j.crypto.cipher = "aes-128-ctr"), '"crypto.cipher"'],
    ["another dklen", (j) => (j.crypto.kdfparams.dklen = 64), '"crypto.kdfparams.dklen"'],
    ["an invalid name", (j) => (j.name = "../alice"), '"name"'],
    ["an uppercase address", (j) => (j.l1Address = j.l1Address.toUpperCase()), '"l1Address"'],
    ["a short address", (j) => (j.l1Address = j.l1Address.slice(0, -2)), '"l1Address"'],
    ["a public key above p", (j) => (j.l2PublicKey.ax = (2n ** 254n).toString()), '"l2PublicKey.ax"'],
    ["a numeric public key", (j) => (j.l2PublicKey.ay = 5), '"l2PublicKey.ay"'],
    ["a short salt", (j) => (j.crypto.kdfparams.salt = "0x00"), '"crypto.kdfparams.salt"'],
    ["an iv of 16 bytes", (j) => (j.crypto.iv = `0x${"00".repeat(16)}`), '"crypto.iv"'],
    [
      "a ciphertext without tag",
      (j) => (j.crypto.ciphertext = j.crypto.ciphertext.slice(0, -32)),
      '"crypto.ciphertext"',
    ],
    ["uppercase hex", (j) => (j.crypto.iv = j.crypto.iv.toUpperCase()), '"crypto.iv"'],
    ["n as a string", (j) => (j.crypto.kdfparams.n = "1024"), '"crypto.kdfparams.n"'],
    ["n below 2^10", (j) => (j.crypto.kdfparams.n = 2 ** 9), '"crypto.kdfparams.n"'],
    ["n above 2^20", (j) => (j.crypto.kdfparams.n = 2 ** 21), '"crypto.kdfparams.n"'],
    ["n of 2^30 (1 GiB of memory at r = 1)", (j) => (j.crypto.kdfparams.n = 2 ** 30), '"crypto.kdfparams.n"'],
    ["n not a power of two", (j) => (j.crypto.kdfparams.n = 3000), '"crypto.kdfparams.n"'],
    ["n not an integer", (j) => (j.crypto.kdfparams.n = 1024.5), '"crypto.kdfparams.n"'],
    ["r of 0", (j) => (j.crypto.kdfparams.r = 0), '"crypto.kdfparams.r"'],
    ["r above 16", (j) => (j.crypto.kdfparams.r = 17), '"crypto.kdfparams.r"'],
    ["p above 4", (j) => (j.crypto.kdfparams.p = 5), '"crypto.kdfparams.p"'],
    ["p negative", (j) => (j.crypto.kdfparams.p = -1), '"crypto.kdfparams.p"'],
    // Each bound alone holds, together they would take 2 GiB: refused on 128·n·r.
    [
      "n = 2^20 with r = 16",
      (j) => Object.assign(j.crypto.kdfparams, { n: 2 ** 20, r: 16 }),
      '"crypto.kdfparams.n"',
    ],
  ];

  it.each(edits)(
    "refuses %s with KEYSTORE_MALFORMED, naming the field, before running scrypt",
    async (_, edit, path) => {
      const json = edited(file, edit);
      const text = JSON.stringify(json);
      expect(thrownCode(() => parseKeystoreFile(text))).toBe("KEYSTORE_MALFORMED");
      expect(() => parseKeystoreFile(text)).toThrow(path);
      const started = performance.now();
      expect(await rejectedCode(decryptKey(json, PASS))).toBe("KEYSTORE_MALFORMED");
      expect(performance.now() - started).toBeLessThan(1000);
    },
  );

  it("accepts the bounds themselves: n = 2^20 with r = 2, n = 2^10 with r = 16 and p = 4", () => {
    for (const params of [
      { n: 2 ** 20, r: 2, p: 1 },
      { n: 2 ** 10, r: 16, p: 4 },
    ]) {
      const json = edited(file, (j) => Object.assign(j.crypto.kdfparams, params));
      expect(parseKeystoreFile(JSON.stringify(json))).toEqual(json);
    }
  });

  it.each([
    ["not JSON", "{"],
    ["empty", ""],
    ["null", "null"],
    ["an array", "[]"],
    ["a string", '"ghostchain-keystore/v1"'],
    ["a number", "1"],
    ["an empty object", "{}"],
    ["very long", `"${"a".repeat(100_000)}"`],
  ])("refuses a file that is %s with KEYSTORE_MALFORMED", async (_, text) => {
    expect(thrownCode(() => parseKeystoreFile(text))).toBe("KEYSTORE_MALFORMED");
  });

  it.each([null, undefined, 0, "text", [], {}, new Uint8Array(80)])(
    "decryptKey refuses %o with KEYSTORE_MALFORMED",
    async (value) => {
      expect(await rejectedCode(decryptKey(value, PASS))).toBe("KEYSTORE_MALFORMED");
    },
  );
});

describe("openKeystore", () => {
  it("adds and unlocks a key, writing <dir>/<name>.json owner-only in a new 0700 directory", async () => {
    const ks = openKeystore(freshDir());
    const added = await ks.add("alice", alice, PASS, FAST);
    expect(added).toEqual(publicOf("alice", "account-0"));
    const k = await ks.unlock("alice", PASS);
    expect(k.l1.seed).toEqual(alice.l1Seed);
    expect(k.l2.privateKey).toEqual(alice.l2PrivateKey);
    expect(await readdir(ks.dir)).toEqual(["alice.json"]); // no temporary file left behind
    if (process.platform !== "win32") {
      expect((await stat(join(ks.dir, "alice.json"))).mode & 0o777).toBe(0o600);
      expect((await stat(ks.dir)).mode & 0o777).toBe(0o700);
    }
    expect(await ks.has("alice")).toBe(true);
    expect(await ks.has("bob")).toBe(false);
  });

  it("refuses to add a name twice with KEYSTORE_KEY_EXISTS and leaves the first file as it was", async () => {
    const ks = openKeystore(freshDir());
    await ks.add("alice", alice, PASS, FAST);
    const before = await readFile(join(ks.dir, "alice.json"), "utf8");
    expect(await rejectedCode(ks.add("alice", bob, "other", FAST))).toBe("KEYSTORE_KEY_EXISTS");
    expect(await readFile(join(ks.dir, "alice.json"), "utf8")).toBe(before);
    // Two adds racing for one name: exactly one wins.
    const codes = await Promise.all(
      [ks.add("carol", alice, PASS, FAST), ks.add("carol", bob, PASS, FAST)].map(rejectedCode),
    );
    expect(codes.sort()).toEqual(["KEYSTORE_KEY_EXISTS", "no error"]);
    expect(await readdir(ks.dir)).toEqual(["alice.json", "carol.json"]);
  });

  it("refuses an unknown name with KEYSTORE_KEY_NOT_FOUND, also in a directory that does not exist", async () => {
    const ks = openKeystore(freshDir());
    expect(await rejectedCode(ks.unlock("alice", PASS))).toBe("KEYSTORE_KEY_NOT_FOUND");
    expect(await ks.list()).toEqual([]);
    expect(await ks.has("alice")).toBe(false);
    await ks.add("bob", bob, PASS, FAST);
    expect(await rejectedCode(ks.unlock("alice", PASS))).toBe("KEYSTORE_KEY_NOT_FOUND");
  });

  it("refuses a wrong passphrase with KEYSTORE_BAD_PASSPHRASE", async () => {
    const ks = openKeystore(freshDir());
    await ks.add("alice", alice, PASS, FAST);
    expect(await rejectedCode(ks.unlock("alice", "nope"))).toBe("KEYSTORE_BAD_PASSPHRASE");
  });

  it("refuses invalid names with CLI_USAGE in every method", async () => {
    const ks = openKeystore(freshDir());
    await ks.add(`a${"b".repeat(63)}`, alice, PASS, FAST); // 64 characters: the longest name
    for (const name of ["", ".hidden", "-x", "a/b", "../a", "a b", "é", `a${"b".repeat(64)}`]) {
      expect(await rejectedCode(ks.has(name))).toBe("CLI_USAGE");
      expect(await rejectedCode(ks.unlock(name, PASS))).toBe("CLI_USAGE");
      expect(await rejectedCode(ks.add(name, alice, PASS, FAST))).toBe("CLI_USAGE");
    }
  });

  it("lists names, addresses and public keys without a passphrase, sorted, with unreadable files marked", async () => {
    const ks = openKeystore(freshDir());
    await ks.add("zed", bob, PASS, FAST);
    await ks.add("alice", alice, "another passphrase", FAST);
    await writeFile(join(ks.dir, "README.txt"), "not a key");
    await writeFile(join(ks.dir, ".zed.json.0123.tmp"), "{");
    await writeFile(join(ks.dir, ".hidden.json"), "{");
    await mkdir(join(ks.dir, "subdir"));
    await writeFile(join(ks.dir, "broken.json"), "{");
    const aliceText = await readFile(join(ks.dir, "alice.json"), "utf8");
    await writeFile(join(ks.dir, "copy.json"), aliceText); // the file of "alice" under another name
    await writeFile(join(ks.dir, "bad name.json"), aliceText);
    await writeFile(join(ks.dir, "huge.json"), aliceText + " ".repeat(70_000)); // read no further than 64 KiB

    const list = await ks.list();
    expect(list.map((e) => [e.name, e.error?.code])).toEqual([
      ["alice", undefined],
      ["bad name", "KEYSTORE_MALFORMED"],
      ["broken", "KEYSTORE_MALFORMED"],
      ["copy", "KEYSTORE_MALFORMED"],
      ["huge", "KEYSTORE_MALFORMED"],
      ["zed", undefined],
    ]);
    expect(list[0]).toEqual(publicOf("alice", "account-0"));
    expect(list[5]).toEqual(publicOf("zed", "account-1"));
    // A file whose "name" is not its file name does not unlock under either name.
    expect(await rejectedCode(ks.unlock("copy", "another passphrase"))).toBe("KEYSTORE_MALFORMED");
  });

  it("generates fresh 32-byte secrets that round-trip", async () => {
    const a = generateKeySecrets();
    const b = generateKeySecrets();
    expect(a.l1Seed.length).toBe(32);
    expect(a.l2PrivateKey.length).toBe(32);
    expect(a.l1Seed).not.toEqual(b.l1Seed);
    expect(a.l1Seed).not.toEqual(a.l2PrivateKey);
    const ks = openKeystore(freshDir());
    const added = await ks.add("fresh", a, PASS, FAST);
    const k = await ks.unlock("fresh", PASS);
    expect(formatL1Address(k.l1.address)).toBe(added.l1Address);
    expect(k.l2.privateKey).toEqual(a.l2PrivateKey);
  });
});
