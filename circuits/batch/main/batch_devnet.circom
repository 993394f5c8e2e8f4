pragma circom 2.1.0;

// Devnet size: 4 slots, depth 16 (chain config { depth: 16, batchSize: 4 }).
include "../batch.circom";

component main { public [publicInputHash] } = Batch(4, 16);
