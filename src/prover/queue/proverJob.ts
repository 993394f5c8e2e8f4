/**
 * What crosses Redis between the sequencer and `ghost prover` workers, and the checks on each side: a
 * worker trusts no job it did not parse, the sequencer trusts no result it did not parse and verify.
 *
 * A job carries the circuit input (the compact binary codec, base64), not the witness: a devnet batch's
 * input is 13 kB, its witness 2.6 MB (32 bytes × 80,934 wires), and computing the witness costs a worker
 * ≈ 0.3 s beside a ≈ 10 s proof (docs/operations.md §Provers has the figures). It carries the content
 * hashes of the artifacts the worker needs, never a path and never a secret.
 */
import { z } from "zod";
import { GhostError } from "../../protocol/errors.js";
import { type BatchProof, proofFromJson } from "../proofJson.js";

/** The queue both sides use unless told otherwise; one queue per chain (docs/operations.md). */
export const DEFAULT_PROVER_QUEUE_NAME = "ghost-proofs";

/** BullMQ's job name for a batch proof. */
export const PROVE_JOB_NAME = "prove-batch";

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 as 64 lowercase hex digits");
const DECIMAL = z.string().regex(/^(0|[1-9][0-9]*)$/, "a decimal integer");

/** The three files a worker needs, by content hash (GET /artifacts/<sha256> on the sequencer). */
export const artifactHashesSchema = z.strictObject({
  /** The proving key (.zkey). */
  zkey: SHA256,
  /** The witness generator (.wasm). */
  wasm: SHA256,
  /** circom's witness_calculator.js, which loads that .wasm. */
  calculator: SHA256,
});
export type ArtifactHashes = z.infer<typeof artifactHashesSchema>;

export const proveJobDataSchema = z.strictObject({
  /** Format version of this object. */
  v: z.literal(1),
  batchNumber: z.number().int().min(1),
  /** Decimal; the proof's one public signal. */
  publicInputHash: DECIMAL,
  /** The batch circuit's name (informational: the artifacts' hashes decide). */
  circuit: z.string().min(1).max(64),
  artifacts: artifactHashesSchema,
  /** Where the sequencer serves its artifacts (http://host:port/), unless a worker is told otherwise. */
  artifactsUrl: z.url().nullable(),
  /** encodeCircuitInput's bytes, base64. */
  input: z.base64().max(8 * 1024 * 1024),
  /** Workers whose proof of this batch the sequencer refused: they leave the job to others. */
  refusedBy: z.array(z.string().max(256)).max(1024),
  /** The sequencer's attempt number for this batch (0 first). */
  attempt: z.number().int().min(0),
});
export type ProveJobData = z.infer<typeof proveJobDataSchema>;

export const proveJobResultSchema = z.strictObject({
  /** proofToJson's form; checked again by proofFromJson and then verified by the sequencer. */
  proof: z.unknown(),
  publicSignals: z.array(DECIMAL).max(16),
  proveMs: z.number().min(0),
  witnessMs: z.number().min(0),
  maxRssKiB: z.number().min(0),
  /** The worker that made it (its --name). */
  worker: z.string().min(1).max(256),
});
export type ProveJobResult = z.infer<typeof proveJobResultSchema>;

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new GhostError("PROVER_JOB_INVALID", `${what}: "${issue.path.join(".")}" ${issue.message}`);
  }
  return r.data;
}

export function parseProveJobData(value: unknown): ProveJobData {
  return parse(proveJobDataSchema, value, "prover job");
}

/** A worker's result, its proof in the shape ghostd accepts (not yet verified). */
export function parseProveJobResult(value: unknown): ProveJobResult & BatchProof {
  const r = parse(proveJobResultSchema, value, "prover result");
  const { proof } = (() => {
    try {
      return proofFromJson(JSON.stringify({ proof: r.proof, publicSignals: r.publicSignals }));
    } catch (e) {
      throw new GhostError("PROVER_JOB_INVALID", `prover result: ${(e as Error).message}`, { cause: e });
    }
  })();
  return { ...r, proof };
}

/**
 * The job id of one attempt at a batch: the batch number and its public-input hash, so a restarted
 * sequencer finds its jobs and their results again, and a queue shared by mistake with another chain
 * (or a chain reset) never hands it a result for another batch of the same number.
 */
export function proveJobId(batchNumber: number, publicInputHash: bigint, attempt: number): string {
  return `b${batchNumber}-${publicInputHash.toString(16)}-a${attempt}`;
}
