/**
 * The genesis file (docs/l1.md §6), validated with zod at the boundary: strict objects, the JSON
 * conventions of transactions (§3.2) and of L2 accounts (P§9.1). Any failure is GENESIS_INVALID, naming
 * the field.
 */
import { z } from "zod";
import { type Account, GhostError } from "../../protocol/index.js";
import type { VerificationKey } from "../../prover/index.js";
import type { Balances4 } from "../state/index.js";
import { jsonFields, PUBLIC_KEY_BYTES } from "../tx/index.js";

const { address, decimal, fieldElement, hexBytes, uint } = jsonFields;
const u128 = decimal(128);
const balances = z.tuple([u128, u128, u128, u128]);
const safeUint = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const l2Account = z.strictObject({
  ax: fieldElement,
  ay: fieldElement,
  l1Address: address,
  nonce: uint(32),
  balances,
});

export const genesisSchema = z.strictObject({
  chainId: uint(32),
  timestamp: safeUint,
  minFee: u128,
  validator: z.strictObject({ address, publicKey: hexBytes(PUBLIC_KEY_BYTES) }),
  alloc: z.array(z.strictObject({ address, publicKey: hexBytes(PUBLIC_KEY_BYTES).optional(), balances })),
  rollup: z.strictObject({
    chainId: uint(32),
    depth: safeUint,
    batchSize: safeUint,
    circuit: z.string(),
    verificationKey: z.record(z.string(), z.unknown()),
    verificationKeyHash: z.string().regex(/^0x[0-9a-f]{64}$/),
    priorityDeadlineSeconds: uint(32),
    sequencer: address,
    minBond: u128,
    bond: u128,
    unbondDelaySeconds: uint(32),
    accounts: z.array(l2Account),
  }),
});

/** A parsed genesis: integers as bigints, addresses as 160-bit integers, L2 accounts as the model's. */
export interface Genesis {
  readonly chainId: number;
  readonly timestamp: number;
  readonly minFee: bigint;
  readonly validator: { readonly address: bigint; readonly publicKey: Uint8Array };
  readonly alloc: readonly {
    readonly address: bigint;
    readonly publicKey?: Uint8Array;
    readonly balances: Balances4;
  }[];
  readonly rollup: {
    readonly chainId: number;
    readonly depth: number;
    readonly batchSize: number;
    readonly circuit: string;
    readonly verificationKey: VerificationKey;
    readonly verificationKeyHash: string;
    readonly priorityDeadlineSeconds: number;
    readonly sequencer: bigint;
    readonly minBond: bigint;
    readonly bond: bigint;
    readonly unbondDelaySeconds: number;
    readonly accounts: readonly Account[];
  };
}

/** The deepest objects the schema reads fields of: an L2 account's balances (rollup → accounts → i → balances). */
const PLAIN_DEPTH = 4;

/** Validates parsed genesis JSON (shapes only; buildGenesis checks the rest). */
export function genesisFromJson(json: unknown): Genesis {
  const notPlain = jsonFields.nonPlainPath(json, PLAIN_DEPTH);
  if (notPlain !== undefined) {
    throw new GhostError(
      "GENESIS_INVALID",
      `genesis: "${notPlain.join(".")}" is not plain JSON (a prototype)`,
      {
        details: { path: notPlain },
      },
    );
  }
  const r = genesisSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    // An unknown key is reported on its object: name it, as the transaction codec does.
    const path = [...i.path.map(String), ...(i.code === "unrecognized_keys" ? i.keys : [])];
    throw new GhostError("GENESIS_INVALID", `genesis: "${path.join(".")}" ${i.message}`, {
      details: { path },
    });
  }
  return r.data as Genesis;
}
