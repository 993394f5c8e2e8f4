/**
 * Artifacts by content hash: the sequencer's handler serves only registered files, a worker's cache
 * downloads each once, refuses bytes that do not hash to the name, and never keeps a partial file. Jobs
 * and results read from Redis are checked before use.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ArtifactCache,
  artifactHandler,
  hashCircuitArtifacts,
  parseProveJobData,
  parseProveJobResult,
  proveJobId,
  redisConnectionOptions,
} from "../../../src/prover/queue/index.js";
import { thrownCode } from "../../thrownCode.js";

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

let dir: string;
let server: Server;
let baseUrl: string;
let requests = 0;
const zkey = Buffer.from("proving key bytes");
const wasm = Buffer.from("witness generator");
const calculator = Buffer.from("module.exports = () => 0;");
const liar = Buffer.from("not what the name says");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ghost-artifacts-"));
  writeFileSync(join(dir, "batch.zkey"), zkey);
  mkdirSync(join(dir, "batch_js"));
  writeFileSync(join(dir, "batch_js", "batch.wasm"), wasm);
  writeFileSync(join(dir, "batch_js", "witness_calculator.js"), calculator);
  const artifacts = await hashCircuitArtifacts({
    zkey: join(dir, "batch.zkey"),
    wasm: join(dir, "batch_js", "batch.wasm"),
  });
  const app = express();
  app.use((_req, _res, next) => {
    requests++;
    next();
  });
  // A server that names a file by a hash its bytes do not have.
  app.get(`/artifacts/${sha("the real thing")}`, (_req, res) => {
    res.send(liar);
  });
  app.get("/artifacts/:sha256", artifactHandler(artifacts));
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("artifacts by content hash", () => {
  test("the handler serves registered files by hash and nothing else", async () => {
    const ok = await fetch(new URL(`artifacts/${sha(zkey)}`, baseUrl));
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(zkey);
    for (const bad of [sha("unknown"), "..%2Fbatch.zkey", "ABC", sha(zkey).toUpperCase()]) {
      const res = await fetch(new URL(`artifacts/${bad}`, baseUrl));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ARTIFACT_NOT_FOUND");
    }
  });

  test("a worker's cache downloads each file once, checked, with the loader beside the .wasm", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "ghost-cache-"));
    try {
      const cache = new ArtifactCache({ dir: cacheDir, baseUrl: null });
      const hashes = { zkey: sha(zkey), wasm: sha(wasm), calculator: sha(calculator) };
      const before = requests;
      const [a, b] = await Promise.all([cache.resolve(hashes, baseUrl), cache.resolve(hashes, baseUrl)]);
      expect(a).toEqual(b);
      expect(requests - before).toBe(3);
      expect(readFileSync(a.zkey)).toEqual(zkey);
      expect(readFileSync(a.wasm)).toEqual(wasm);
      expect(readFileSync(join(a.wasm, "..", "witness_calculator.js"))).toEqual(calculator);
      await cache.resolve(hashes, baseUrl);
      expect(requests - before).toBe(3); // from the cache now
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test("bytes that do not hash to the name are refused and leave nothing behind", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "ghost-cache-"));
    try {
      const cache = new ArtifactCache({ dir: cacheDir, baseUrl });
      await expect(cache.file(sha("the real thing"), null)).rejects.toMatchObject({
        code: "ARTIFACT_HASH_MISMATCH",
      });
      await expect(cache.file(sha("missing"), null)).rejects.toMatchObject({ code: "ARTIFACT_NOT_FOUND" });
      await expect(
        new ArtifactCache({ dir: cacheDir, baseUrl: null }).file(sha("x"), null),
      ).rejects.toMatchObject({
        code: "ARTIFACT_NOT_FOUND",
      });
      expect(thrownCode(() => cache.file("../../etc/passwd", baseUrl))).toBe("PROVER_JOB_INVALID");
      expect(readdirSync(cacheDir)).toEqual([]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe("jobs and results read from Redis", () => {
  const job = {
    v: 1,
    batchNumber: 3,
    publicInputHash: "123",
    circuit: "test",
    artifacts: { zkey: sha("a"), wasm: sha("b"), calculator: sha("c") },
    artifactsUrl: "http://127.0.0.1:9090/",
    input: Buffer.from("input").toString("base64"),
    refusedBy: [],
    attempt: 0,
  };

  test("a well-formed job parses; anything else is PROVER_JOB_INVALID naming the field", () => {
    expect(parseProveJobData(job)).toEqual(job);
    for (const bad of [
      null,
      "job",
      { ...job, v: 2 },
      { ...job, batchNumber: 0 },
      { ...job, publicInputHash: "0x1" },
      { ...job, artifacts: { ...job.artifacts, zkey: "../zkey" } },
      { ...job, artifactsUrl: "not a url" },
      { ...job, input: "%%%" },
      { ...job, extra: 1 },
    ]) {
      expect(thrownCode(() => parseProveJobData(bad))).toBe("PROVER_JOB_INVALID");
    }
    expect(() => parseProveJobData({ ...job, batchNumber: -1 })).toThrow(/batchNumber/);
  });

  test("a result must carry a groth16 proof of the right shape", () => {
    const proof = {
      pi_a: ["1", "2", "1"],
      pi_b: [
        ["1", "2"],
        ["3", "4"],
        ["1", "0"],
      ],
      pi_c: ["1", "2", "1"],
      protocol: "groth16",
      curve: "bn128",
    };
    const result = { proof, publicSignals: ["5"], proveMs: 1, witnessMs: 1, maxRssKiB: 1, worker: "w" };
    expect(parseProveJobResult(result).proof).toEqual(proof);
    for (const bad of [
      undefined,
      { ...result, proof: { ...proof, protocol: "plonk" } },
      { ...result, proof: { ...proof, pi_a: ["1", "2"] } },
      { ...result, publicSignals: [5] },
      { ...result, worker: "" },
    ]) {
      expect(thrownCode(() => parseProveJobResult(bad))).toBe("PROVER_JOB_INVALID");
    }
  });

  test("job ids name the batch, its public-input hash and the attempt; Redis URLs are checked", () => {
    expect(proveJobId(7, 255n, 2)).toBe("b7-ff-a2");
    expect(redisConnectionOptions("redis://u:p%40ss@10.0.0.5:6380/2")).toMatchObject({
      host: "10.0.0.5",
      port: 6380,
      db: 2,
      username: "u",
      password: "p@ss",
    });
    expect(redisConnectionOptions("rediss://h").tls).toEqual({});
    for (const bad of ["http://h:1", "nonsense", "redis://h/x"]) {
      expect(thrownCode(() => redisConnectionOptions(bad))).toBe("PROVER_QUEUE_UNAVAILABLE");
    }
  });
});
