/**
 * The devnet as a user starts it (`npm run devnet`, with the test-size circuit here and free ports) and the
 * `ghost` command run from dist/ against it, as in the README's tour: status, an L2 transfer watched until
 * it settles, its batch's proof verified from ghostd alone (and refused once its proof or its data is
 * tampered with), then the sequencer stopped, a forced exit left to pass its deadline, and the exodus
 * withdrawal paid on L1 with no sequencer running.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { devKeySeed } from "../../src/l1/keys/index.js";
import { initProtocol, l2KeyFromSeed } from "../../src/protocol/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
/** `test` in `npm test`; `npm run test:slow` runs the same at the devnet's own size. */
const CIRCUIT = process.env.DEVNET_TEST_CIRCUIT ?? "test";
const GHOST = join(ROOT, "dist", "cli", "ghost.js");

interface DevnetInfo {
  l1Url: string;
  l2Url: string;
  dataDir: string;
  pids: { ghostd: number; ghostplane: number };
  accounts: { name: string; l1Address: string; l2Account: number }[];
}

let devnet: ChildProcess;
let info: DevnetInfo;
let work: string;

/** Runs `ghost` against the devnet (with `env` added); resolves with its exit code and output whatever the code. */
function ghostWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GHOST, "--l1", info.l1Url, "--l2", info.l2Url, "--keystore", join(work, "keystore"), ...args],
      { timeout: 120_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : ((error.code as number) ?? 1), stdout, stderr }),
    );
  });
}

const ghost = (...args: string[]) => ghostWith({}, ...args);

async function ghostJson<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const r = await ghost(...args, "--json");
  if (r.code !== 0) throw new Error(`ghost ${args.join(" ")} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "ghost-cli-"));
  devnet = spawn(
    process.execPath,
    [
      ...["--import", "tsx", join(ROOT, "scripts", "devnet.ts"), "--circuit", CIRCUIT, "--accounts", "4"],
      ...["--l1-port", "0", "--l2-port", "0", "--batch-timeout", "200", "--block-time", "20", "--json"],
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  devnet.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  info = await new Promise<DevnetInfo>((resolve, reject) => {
    let out = "";
    devnet.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line !== undefined && out.includes("\n")) resolve(JSON.parse(line) as DevnetInfo);
    });
    devnet.once("exit", (code) =>
      reject(new Error(`the devnet exited (${code}) before it was ready:\n${stderr}`)),
    );
  });
}, 300_000);

afterAll(async () => {
  if (devnet.exitCode === null) {
    const exited = new Promise((r) => devnet.once("exit", r));
    devnet.kill("SIGINT");
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("the devnet and the ghost command", () => {
  let batchNumber: number;

  test("it starts with funded accounts in both layers, and ghost status shows both chains", async () => {
    expect(info.accounts.map((a) => a.l2Account)).toEqual([1, 2, 3, 4]);
    const status = await ghostJson<{ l1: { rollup: { exodus: boolean } }; l2: { circuit: string } }>(
      "status",
    );
    expect(status.l1.rollup.exodus).toBe(false);
    expect(status.l2.circuit).toBe(CIRCUIT);
    const l1 = await ghostJson<{ balances: string[] }>("l1", "balance", info.accounts[0]!.l1Address);
    expect(l1.balances).toEqual(Array(4).fill((10n ** 24n).toString()));
    const l2 = await ghostJson<{ account: { balances: string[] } }>("l2", "account", "1");
    expect(l2.account.balances).toEqual(Array(4).fill((10n ** 21n).toString()));
  });

  test("an L2 transfer made with ghost settles, watched through every stage", async () => {
    const r = await ghostJson<{ status: string; stages: { status: string; batchNumber?: number }[] }>(
      ..."l2 transfer --from dev:account-0 --to 2 --token GCC --amount 5 --watch".split(" "),
    );
    expect(r.status).toBe("settled");
    expect(r.stages.map((s) => s.status)).toEqual(["received", "sequenced", "sealed", "proven", "settled"]);
    batchNumber = r.stages.find((s) => s.batchNumber !== undefined)!.batchNumber!;
    const to = await ghostJson<{ account: { balances: string[] } }>("l2", "account", "2");
    expect(BigInt(to.account.balances[0]!)).toBe(10n ** 21n + 5n * 10n ** 18n);
  }, 180_000);

  test("ghost proof verify checks the settled batch from ghostd alone", async () => {
    const r = await ghost("proof", "verify", String(batchNumber));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("VALID");
    const json = await ghostJson<{ valid: boolean; checks: { name: string; status: string }[] }>(
      ...["proof", "verify", String(batchNumber)],
    );
    expect(json.valid).toBe(true);
    expect(json.checks.map((c) => c.status).every((s) => s === "passed")).toBe(true);
  }, 60_000);

  test("ghost proof verify refuses the batch with a tampered proof, or with tampered data", async () => {
    const batch = await ghostJson<{ data: string; proof: { pi_a: string[] } }>(
      ...["batch", "show", String(batchNumber), "--settled"],
    );
    const file = join(work, "batch.json");
    writeFileSync(file, JSON.stringify(batch));
    expect((await ghost("proof", "verify", String(batchNumber), "--batch-file", file)).code).toBe(0);

    const badProof = structuredClone(batch);
    badProof.proof.pi_a[0] = (BigInt(badProof.proof.pi_a[0]!) + 1n).toString();
    writeFileSync(file, JSON.stringify(badProof));
    const r1 = await ghost("proof", "verify", String(batchNumber), "--batch-file", file);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("error PROOF_INVALID");

    // One bit of the last byte: inside the last record (its fee or amount), so the data still decodes.
    const bytes = Buffer.from(batch.data.slice(2), "hex");
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(file, JSON.stringify({ ...batch, data: `0x${bytes.toString("hex")}` }));
    const r2 = await ghost("proof", "verify", String(batchNumber), "--batch-file", file, "--json");
    expect(r2.code).toBe(1);
    const verdict = JSON.parse(r2.stdout) as { error: { code: string } };
    expect(verdict.error.code).toBe("PROOF_INVALID");
  }, 60_000);

  test("errors print their code and a hint", async () => {
    const r = await ghost(..."l2 transfer --from dev:account-0 --to 2 --token GCC --amount x".split(" "));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error CLI_USAGE: .*\n {2}hint: /);
    const missing = await ghost("proof", "verify", "999");
    expect(missing.stderr).toContain("error BATCH_NOT_SETTLED");
  });

  test("with the sequencer stopped, a forced exit passes its deadline and ghost exodus pays on L1", async () => {
    const owner = info.accounts[1]!;
    expect((await ghost("exodus", "--from", "dev:account-1")).stderr).toContain("error ROLLUP_NOT_EXODUS");
    process.kill(info.pids.ghostplane, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    const before = await ghostJson<{ balances: string[] }>("l1", "balance", owner.l1Address);
    await ghostJson(
      ...["l1", "forced-exit", "--from", "dev:account-1", "--account", "2", "--token", "SPIRIT"],
    );
    await ghostJson("l1", "mine", "--advance", "3601");
    await ghostJson("l1", "mine");
    const status = await ghostJson<{ l1: { rollup: { exodus: boolean } } }>("status");
    expect(status.l1.rollup.exodus).toBe(true);

    const r = await ghostJson<{ withdrawals: { account: number; balances: string[] }[] }>(
      ...["exodus", "--from", "dev:account-1"],
    );
    expect(r.withdrawals.map((w) => w.account)).toEqual([2]);
    const paid = r.withdrawals[0]!.balances.map(BigInt);
    const after = await ghostJson<{ balances: string[] }>("l1", "balance", owner.l1Address);
    // GCC also paid the L1 fees of the forced exit and the exodus withdrawal.
    for (const t of [1, 2, 3])
      expect(BigInt(after.balances[t]!)).toBe(BigInt(before.balances[t]!) + paid[t]!);
    expect(BigInt(after.balances[0]!)).toBeGreaterThan(BigInt(before.balances[0]!));
    const again = await ghost("exodus", "--from", "dev:account-1", "--account", "2");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("ROLLUP_ALREADY_WITHDRAWN");
  }, 120_000);
});

describe("the keystore through ghost keys", () => {
  test("a key imported under a passphrase signs; a wrong passphrase fails with its code", async () => {
    const run = (passphrase: string, ...args: string[]) =>
      ghostWith({ GHOST_PASSPHRASE: passphrase }, ...args);
    expect((await run("correct horse", "keys", "import", "alice", "--dev", "account-2")).code).toBe(0);
    const listed = await run("", "keys", "list", "--json");
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: "alice", l1Address: info.accounts[2]!.l1Address }),
    ]);
    const file = readFileSync(join(work, "keystore", "alice.json"), "utf8").toLowerCase();
    await initProtocol();
    for (const secret of [devKeySeed("account-2"), l2KeyFromSeed("account-2").privateKey]) {
      expect(file).not.toContain(Buffer.from(secret).toString("hex"));
    }

    const wrong = await run("wrong", "l1", "balance", "--from", "alice");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("error KEYSTORE_BAD_PASSPHRASE");
    const right = await run("correct horse", "l1", "balance", "--from", "alice", "--json");
    expect(right.code).toBe(0);
  }, 60_000);
});

describe("the package", () => {
  test("exports the typed clients and the protocol helpers from dist/ to other programs", async () => {
    const script = [
      'const client = await import("ghostchain");',
      'const protocol = await import("ghostchain/protocol");',
      "console.log(JSON.stringify([client.createGhostdClient, client.createGhostplaneClient, client.createL2Wallet,",
      "  client.createL1Signer, client.verifySettledBatch, client.openKeystore, protocol.txHash, protocol.initProtocol,",
      "  protocol.signTx].map((f) => typeof f)));",
    ].join("\n");
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT }, (error, stdout) =>
        error === null ? resolve(stdout) : reject(error),
      ),
    );
    expect(JSON.parse(out)).toEqual(Array(9).fill("function"));
  });
});
