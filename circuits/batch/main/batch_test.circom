pragma circom 2.1.0;

// Test size, built in CI: 2 slots, depth 4 (chain config { depth: 4, batchSize: 2 }).
include "../batch.circom";

component main { public [publicInputHash] } = Batch(2, 4);
