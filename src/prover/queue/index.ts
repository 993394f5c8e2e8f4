/**
 * The distributed prover queue (docs/operations.md §Provers): BullMQ on Redis between the sequencer
 * (createRedisProverQueue, a ProverQueue backend) and `ghost prover` workers (startProverWorker), the
 * job and result formats both sides check, and circuit artifacts served and fetched by content hash.
 * Imported only where it is used: BullMQ and ioredis cost a devnet nothing.
 */
export {
  ArtifactCache,
  type ArtifactCacheOptions,
  artifactHandler,
  type CircuitArtifacts,
  hashCircuitArtifacts,
  type LocalArtifacts,
  sha256File,
} from "./artifacts.js";
export { createProofVerifier, type ProofVerifier } from "./proofVerifier.js";
export {
  type ArtifactHashes,
  DEFAULT_PROVER_QUEUE_NAME,
  PROVE_JOB_NAME,
  type ProveJobData,
  type ProveJobResult,
  parseProveJobData,
  parseProveJobResult,
  proveJobId,
} from "./proverJob.js";
export {
  type ProverWorker,
  type ProverWorkerOptions,
  startProverWorker,
  type WorkerProveFunction,
} from "./proverWorker.js";
export { redactUrl, redisConnectionOptions } from "./redisConnection.js";
export {
  createRedisProverQueue,
  type JobTiming,
  type RedisProverQueue,
  type RedisProverQueueOptions,
} from "./redisProverQueue.js";
export { serveWorkerStatus, type WorkerStatusServer } from "./workerStatusServer.js";
