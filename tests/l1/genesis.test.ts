/**
 * Genesis and keys (docs/l1.md §2, §6): the development genesis builds and is deterministic; every §6
 * condition is GENESIS_INVALID; development keys follow the seed rule; key files round-trip and a
 * reader checks the address.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import {
  ascii,
  blockHash,
  buildGenesis,
  devKey,
  devKeySeed,
  formatKeyFile,
  genesisFromJson,
  parseKeyFile,
  readKeyFile,
  sha3,
  toHex,
  verificationKeyHash,
  writeKeyFile,
} from "../../src/l1/index.js";
import { l1AddressOf } from "../../src/protocol/index.js";
import { ALICE, code, genesisJson, l2Accounts, SEQ } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the genesis JSON freely to make it invalid
type Draft = any;

const mutate = (f: (g: Draft) => void) => {
  const g = JSON.parse(JSON.stringify(genesisJson()));
  f(g);
  return g;
};

describe("genesis", () => {
  it("builds the development genesis: block 0, the rollup record, owners, the sequencer's bond", () => {
    const g = buildGenesis(genesisFromJson(genesisJson()));
    expect(g.header.height).toBe(0);
    expect(g.header.parentHash).toEqual(new Uint8Array(32));
    expect(g.header.txRoot).toEqual(sha3());
    expect(g.header.stateRoot).toEqual(g.state.root());
    expect(g.hash).toEqual(blockHash(g.header));
    const r = g.state.rollup();
    expect(r).toMatchObject({
      lastBatch: 0,
      lastRoot: g.l2Root,
      queueLength: 0,
      exodus: false,
      bond: 1000n * 10n ** 18n,
    });
    expect(r.escrow).toEqual([10000n, 1200n, 140n, 16n]);
    expect(g.state.owner(0)).toBe(SEQ.address);
    expect(g.state.owner(1)).toBe(ALICE.address);
    expect(g.state.publicKey(SEQ.address)).toEqual(SEQ.publicKey);
    expect(g.params.rollup.sequencer).toBe(SEQ.address);
    // deterministic: the same file gives the same genesis block
    expect(toHex(buildGenesis(genesisFromJson(genesisJson())).hash)).toBe(toHex(g.hash));
  });

  it.each([
    [
      "a verification key that does not match its hash",
      (g: Draft) => {
        g.rollup.verificationKey.nPublic = 2;
      },
    ],
    [
      "a validator key of another address",
      (g: Draft) => {
        g.validator.address = g.alloc[0].address;
      },
    ],
    [
      "an alloc key of another address",
      (g: Draft) => {
        g.alloc[1].publicKey = g.alloc[0].publicKey;
      },
    ],
    [
      "an address allocated twice",
      (g: Draft) => {
        g.alloc.push(g.alloc[0]);
      },
    ],
    [
      "a supply reaching 2^128",
      (g: Draft) => {
        g.alloc[1].balances[2] = ((1n << 128n) - 1n).toString();
      },
    ],
    [
      "an L2 account with an invalid key (P§5.1)",
      (g: Draft) => {
        g.rollup.accounts[1].ax = "0";
        g.rollup.accounts[1].ay = "1";
      },
    ],
    [
      "an L2 balance of 2^126",
      (g: Draft) => {
        g.rollup.accounts[1].balances[0] = (1n << 126n).toString();
      },
    ],
    [
      "an odd depth",
      (g: Draft) => {
        g.rollup.depth = 5;
      },
    ],
    [
      "an unknown field",
      (g: Draft) => {
        g.extra = 1;
      },
    ],
    [
      "a minFee as a number",
      (g: Draft) => {
        g.minFee = 1000;
      },
    ],
  ])("refuses %s (GENESIS_INVALID)", (_, f) => {
    expect(code(() => buildGenesis(genesisFromJson(mutate(f))))).toBe("GENESIS_INVALID");
  });

  it("hashes the verification key with its keys sorted", () => {
    expect(verificationKeyHash({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(
      verificationKeyHash({ a: [{ c: 3, d: 2 }], b: 1 }),
    );
  });

  it("gives the L2 genesis balances to escrow and its accounts to their owners", () => {
    const g = buildGenesis(genesisFromJson(genesisJson()));
    l2Accounts().forEach((a, i) => {
      expect(g.state.owner(i)).toBe(a.l1Address);
    });
  });
});

describe("keys", () => {
  it("derives development keys as ml_dsa65.keygen(SHA3(tag ‖ name))", () => {
    const seed = devKeySeed("validator");
    expect(seed).toEqual(sha3(ascii("GhostChain/devkey/v1"), ascii("validator")));
    const k = devKey("validator");
    expect(k.publicKey).toEqual(ml_dsa65.keygen(seed).publicKey);
    expect(k.address).toBe(l1AddressOf(k.publicKey));
    expect(devKey("account-0").address).not.toBe(devKey("account-1").address);
  });

  it("writes and reads key files, and refuses one whose address is not its seed's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ghost-keys-"));
    try {
      const path = join(dir, "sequencer.json");
      await writeKeyFile(path, devKeySeed("sequencer"));
      const k = await readKeyFile(path);
      expect(k.address).toBe(devKey("sequencer").address);
      await expect(writeKeyFile(path, devKeySeed("sequencer"))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true });
    }
    const text = formatKeyFile(devKeySeed("account-0"));
    expect(JSON.parse(text)).toMatchObject({ type: "ghostchain-mldsa65-seed/v1" });
    const wrong = JSON.stringify({
      ...JSON.parse(text),
      address: JSON.parse(formatKeyFile(devKeySeed("account-1"))).address,
    });
    expect(code(() => parseKeyFile(wrong))).toBe("L1_KEY_MALFORMED");
    expect(code(() => parseKeyFile("{"))).toBe("L1_KEY_MALFORMED");
    expect(code(() => parseKeyFile(JSON.stringify({ ...JSON.parse(text), seed: "0x00" })))).toBe(
      "L1_KEY_MALFORMED",
    );
  });
});
