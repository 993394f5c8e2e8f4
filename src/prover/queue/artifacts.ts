/**
 * Circuit artifacts by content hash. The sequencer serves the files its own proofs use
 * (`GET /artifacts/<sha256>`); a worker on another machine downloads each once into its cache, checked
 * against the hash the job names. A worker never builds keys itself: a development setup samples fresh
 * secrets, so its proving key would prove nothing the chain's verification key accepts.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { NextFunction, Request, Response } from "express";
import { GhostError } from "../../protocol/errors.js";
import type { ArtifactHashes } from "./proverJob.js";

const SHA256_HEX = /^[0-9a-f]{64}$/;

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(path), h);
  return h.digest("hex");
}

/** The files a prover needs, by hash, and where this machine keeps them. */
export interface CircuitArtifacts {
  readonly hashes: ArtifactHashes;
  /** sha256 → path. */
  readonly files: ReadonlyMap<string, string>;
}

/** Hashes a built circuit's proving key, witness generator and its loader (≈ 0.3 s for the devnet key). */
export async function hashCircuitArtifacts(circuit: {
  zkey: string;
  wasm: string;
}): Promise<CircuitArtifacts> {
  const calculatorPath = join(dirname(circuit.wasm), "witness_calculator.js");
  const [zkey, wasm, calculator] = await Promise.all(
    [circuit.zkey, circuit.wasm, calculatorPath].map(sha256File),
  );
  return {
    hashes: { zkey: zkey!, wasm: wasm!, calculator: calculator! },
    files: new Map([
      [zkey!, circuit.zkey],
      [wasm!, circuit.wasm],
      [calculator!, calculatorPath],
    ]),
  };
}

/**
 * Express handler for `GET /artifacts/:sha256`: the file's bytes, or a 404 with ARTIFACT_NOT_FOUND. Only
 * files registered here are served: the hash is a lookup key, never a path.
 */
export function artifactHandler(artifacts: CircuitArtifacts) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const hash = String(req.params.sha256 ?? "");
    const path = SHA256_HEX.test(hash) ? artifacts.files.get(hash) : undefined;
    if (path === undefined) {
      res
        .status(404)
        .json({ error: { code: "ARTIFACT_NOT_FOUND", message: `no artifact ${hash.slice(0, 80)}` } });
      return;
    }
    res.type("application/octet-stream");
    res.set("cache-control", "public, max-age=31536000, immutable");
    res.sendFile(path, { dotfiles: "allow" }, (e) => {
      if (e !== undefined && !res.headersSent) next(e);
    });
  };
}

export interface ArtifactCacheOptions {
  /** The directory artifacts are kept in, one file per hash. */
  readonly dir: string;
  /** The sequencer's HTTP base URL (http://host:port/) to download from when the cache lacks a file. */
  readonly baseUrl: string | null;
  /** Gives up on one download after this long (default 10 min). */
  readonly downloadTimeoutMs?: number;
}

/** The paths a prover reads: the proving key, and a witness generator with its loader beside it. */
export interface LocalArtifacts {
  readonly zkey: string;
  readonly wasm: string;
}

/** A worker's artifact cache: each hash downloaded at most once at a time, and checked before use. */
export class ArtifactCache {
  private readonly o: ArtifactCacheOptions;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(o: ArtifactCacheOptions) {
    this.o = o;
    mkdirSync(o.dir, { recursive: true });
  }

  /** The artifacts of one job, from the cache or downloaded from `baseUrl` (the job's unless set here). */
  async resolve(hashes: ArtifactHashes, jobBaseUrl: string | null): Promise<LocalArtifacts> {
    const [zkey, wasm, calculator] = await Promise.all(
      [hashes.zkey, hashes.wasm, hashes.calculator].map((h) => this.file(h, jobBaseUrl)),
    );
    // circom's loader sits beside its .wasm (calculateWitness looks for it there): one folder per pair.
    const dir = join(this.o.dir, `witness-${hashes.wasm.slice(0, 16)}-${hashes.calculator.slice(0, 16)}`);
    const wasmLink = join(dir, "circuit.wasm");
    if (!existsSync(wasmLink)) {
      const tmp = `${dir}.tmp-${randomBytes(4).toString("hex")}`;
      mkdirSync(tmp, { recursive: true });
      linkSync(wasm!, join(tmp, "circuit.wasm"));
      linkSync(calculator!, join(tmp, "witness_calculator.js"));
      try {
        renameSync(tmp, dir);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another job made it first
      }
    }
    return { zkey: zkey!, wasm: wasmLink };
  }

  /** The path of the file with this hash, downloading it when missing. */
  file(hash: string, jobBaseUrl: string | null): Promise<string> {
    if (!SHA256_HEX.test(hash))
      throw new GhostError("PROVER_JOB_INVALID", `not a sha256: ${hash.slice(0, 80)}`);
    const path = join(this.o.dir, hash);
    if (existsSync(path)) return Promise.resolve(path);
    let p = this.inFlight.get(hash);
    if (p === undefined) {
      p = this.download(hash, path, this.o.baseUrl ?? jobBaseUrl).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, p);
    }
    return p;
  }

  private async download(hash: string, path: string, baseUrl: string | null): Promise<string> {
    if (baseUrl === null) {
      throw new GhostError("ARTIFACT_NOT_FOUND", `artifact ${hash} is not cached and no URL serves it`);
    }
    const url = new URL(`artifacts/${hash}`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
    const res = await fetch(url, { signal: AbortSignal.timeout(this.o.downloadTimeoutMs ?? 600_000) });
    if (!res.ok || res.body === null) {
      throw new GhostError("ARTIFACT_NOT_FOUND", `GET ${url.href} answered ${res.status}`);
    }
    const tmp = `${path}.tmp-${randomBytes(4).toString("hex")}`;
    const h = createHash("sha256");
    try {
      const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
      body.on("data", (chunk: Buffer) => h.update(chunk));
      await pipeline(body, createWriteStream(tmp));
      const got = h.digest("hex");
      if (got !== hash) {
        throw new GhostError("ARTIFACT_HASH_MISMATCH", `${url.href} hashes to ${got}`, {
          details: { expected: hash, got },
        });
      }
      // Complete and checked, then renamed: a cache file is never partial.
      renameSync(tmp, path);
      return path;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
}
