/**
 * The model's hashes and signatures against independent implementations: poseidon-lite for Poseidon and
 * @zk-kit/eddsa-poseidon (its BLAKE-512 variant, the one circomlib uses) for EdDSA. The circuit and the
 * WASM engine are checked against the model; this checks the model against the rest of the ecosystem.
 */
import { createRequire } from "node:module";
import { poseidon2, poseidon4, poseidon5, poseidon6 } from "poseidon-lite";
import { beforeAll, describe, expect, test } from "vitest";
import {
  accountLeaf,
  accountLeafInputs,
  emptySubtreeHashes,
  initProtocol,
  packTx,
  publicInputHash,
  TX_DOMAIN,
  txMessage,
} from "../../src/protocol/index.js";
import { fundedAccount, key, transfer } from "./helpers.js";

interface ZkSignature {
  R8: [bigint, bigint];
  S: bigint;
}
// The package's ESM entry for this variant is missing from its published files; its CommonJS build works.
const zk = createRequire(import.meta.url)("@zk-kit/eddsa-poseidon/blake-1") as {
  derivePublicKey(prv: Buffer): [bigint, bigint];
  signMessage(prv: Buffer, msg: bigint): ZkSignature;
  packSignature(sig: ZkSignature): Uint8Array;
  unpackSignature(b: Buffer): ZkSignature;
  verifySignature(msg: bigint, sig: ZkSignature, pk: [bigint, bigint]): boolean;
};

beforeAll(() => initProtocol());

describe("Poseidon agrees with poseidon-lite", () => {
  test("leaf, tree node, signed message and public-input hash", () => {
    const a = { ...fundedAccount(2), nonce: 9 };
    expect(accountLeaf(a)).toBe(poseidon5(accountLeafInputs(a)));
    const z1 = poseidon4([0n, 0n, 0n, 0n]);
    expect(emptySubtreeHashes(2)[2]).toBe(poseidon4([z1, z1, z1, z1]));
    const tx = transfer(0, 1);
    expect(txMessage(7, tx)).toBe(poseidon2([TX_DOMAIN, packTx(7, tx)]));
    const p = {
      chainId: 7,
      batchNumber: 3,
      feeAccount: 2,
      oldRoot: 11n,
      newRoot: 12n,
      oldPriorityHash: 13n,
      newPriorityHash: 14n,
      dataHash: 15n,
    };
    expect(publicInputHash(p)).toBe(poseidon6([7n + (3n << 32n) + (2n << 64n), 11n, 12n, 13n, 14n, 15n]));
  });
});

describe("EdDSA agrees with @zk-kit/eddsa-poseidon", () => {
  test("same public key, same signature bytes, and zk-kit verifies the model's signature", () => {
    const k = key(0);
    const pk = zk.derivePublicKey(Buffer.from(k.privateKey));
    expect(pk).toEqual([k.publicKey.ax, k.publicKey.ay]);
    const tx = transfer(0, 1, { amount: 5000n, fee: 3n });
    const msg = txMessage(7, tx);
    expect(Uint8Array.from(zk.packSignature(zk.signMessage(Buffer.from(k.privateKey), msg)))).toEqual(
      tx.signature,
    );
    expect(zk.verifySignature(msg, zk.unpackSignature(Buffer.from(tx.signature)), pk)).toBe(true);
    expect(zk.verifySignature(msg + 1n, zk.unpackSignature(Buffer.from(tx.signature)), pk)).toBe(false);
  });
});
