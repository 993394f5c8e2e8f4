/**
 * Random operations for the differential tests, valid and invalid. A spec is drawn by fast-check and
 * turned into an op only when it is applied, against the model's state at that moment, so "the
 * sender's current nonce" and "the owner's address" mean what they say. Hostile ops (wrong JS types,
 * out-of-range widths, unknown types) come from one table.
 */
import fc from "fast-check";
import {
  FIELD_MODULUS,
  getAccount,
  type Op,
  type State,
  signTx,
  type TokenId,
} from "../../src/protocol/index.js";
import { CONFIG, key, l1 } from "./fixtures.js";

type Sig = "good" | "wrongKey" | "corrupt" | "otherChain";
type NonceSpec = "current" | "next" | "prev";

export type Spec =
  | {
      kind: "transfer" | "withdraw";
      from: number;
      to: number;
      token: TokenId;
      amount: bigint;
      fee: bigint;
      nonce: NonceSpec;
      sig: Sig;
    }
  | { kind: "deposit"; to: number | null; token: TokenId; amount: bigint; fresh: number }
  | { kind: "forcedExit"; account: number; token: TokenId; owner: boolean }
  | { kind: "noop" }
  | { kind: "hostile"; variant: number };

const token = fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<TokenId>;
/** Mostly genesis accounts (0-3), sometimes ones deposits may have created, sometimes none. */
const index = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 3 }) },
  fc.integer({ min: 4, max: 17 }),
);
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt(0n, 400n) },
  { weight: 2, arbitrary: fc.bigInt(0n, 6000n).map((x) => x * 10n) },
  fc.constantFrom(10n ** 6n, 2n ** 125n, 2147483647n * 10n ** 20n),
);
const fee = fc.oneof({ weight: 5, arbitrary: fc.bigInt(0n, 5n) }, fc.constantFrom(2047n, 20470n, 10n ** 6n));

const l2: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom("transfer" as const, "withdraw" as const),
  from: index,
  to: index,
  token,
  amount,
  fee,
  nonce: fc.oneof(
    { weight: 8, arbitrary: fc.constant("current" as const) },
    fc.constantFrom("next" as const, "prev" as const),
  ),
  sig: fc.oneof(
    { weight: 12, arbitrary: fc.constant("good" as const) },
    fc.constantFrom("wrongKey" as const, "corrupt" as const, "otherChain" as const),
  ),
});

const deposit: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constant("deposit" as const),
  to: fc.option(index, { nil: null, freq: 2 }),
  token,
  amount,
  fresh: fc.integer({ min: 0, max: 5 }),
});

const forcedExit: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constant("forcedExit" as const),
  account: index,
  token,
  owner: fc.boolean(),
});

export const HOSTILE_COUNT = 25;

/** An op spec: mostly L2 txs, then priority ops, Noops and hostile ops. */
export function specArb(signatures: boolean): fc.Arbitrary<Spec> {
  return fc.oneof(
    { weight: signatures ? 6 : 10, arbitrary: l2 },
    { weight: 3, arbitrary: deposit },
    { weight: 2, arbitrary: forcedExit },
    { weight: 1, arbitrary: fc.constant({ kind: "noop" as const }) },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: HOSTILE_COUNT - 1 })
        .map((variant) => ({ kind: "hostile" as const, variant })),
    },
  );
}

const signatureCache = new Map<string, Uint8Array>();

/** Seeds of every key an account can hold: genesis keys and the keys deposits create accounts with. */
const SEEDS = [0, 1, 2, 3, 100, 101, 102, 103, 104, 105];

/** The seed of the key that owns account `index` in `s` (or a key of its own if there is none). */
function ownerSeed(s: State, index: number): number {
  const account = getAccount(s, index);
  return SEEDS.find((seed) => key(seed).publicKey.ax === account?.ax) ?? index;
}

/** A signature of `tx` by key `seed` for `chainId`, cached (signing costs ~25 ms). */
function sign(chainId: number, seed: number, tx: Parameters<typeof signTx>[2]): Uint8Array {
  const id = `${chainId}|${seed}|${JSON.stringify(tx, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`;
  let sig = signatureCache.get(id);
  if (sig === undefined) {
    sig = signTx(chainId, key(seed).privateKey, tx).signature;
    signatureCache.set(id, sig);
  }
  return sig;
}

const NO_SIG = new Uint8Array(64);

/** A tx that passes every static check, for the hostile variants to break one field of. */
function baseTx(s: State): Record<string, unknown> {
  return {
    type: "transfer",
    from: 0,
    to: 1,
    token: 0,
    amount: 10n,
    fee: 1n,
    nonce: getAccount(s, 0)?.nonce ?? 0,
    signature: NO_SIG,
  };
}

function hostile(variant: number, s: State): Op {
  const tx = baseTx(s);
  const dep = { type: "deposit", to: 1, token: 0, amount: 5n, ax: 0n, ay: 0n, l1Address: 0n };
  const create = { ...dep, to: null, ...key(40).publicKey, l1Address: 77n };
  const exit = { type: "forcedExit", account: 1, token: 0, requester: l1(1) };
  const table: Record<string, unknown>[] = [
    { ...tx, from: -1 },
    { ...tx, to: 1.5 },
    { ...tx, from: 2 ** 32 },
    { ...tx, nonce: -1 },
    { ...tx, signature: new Uint8Array(63) },
    { ...tx, amount: 5 },
    { ...tx, token: 1.5 },
    { ...tx, token: 4 },
    { ...tx, token: -1, amount: -1n },
    { ...tx, amount: 2n ** 126n },
    { ...tx, fee: 2n ** 300n },
    { ...tx, amount: 2147483649n },
    { ...tx, fee: 2049n },
    { ...tx, to: 0 },
    { ...tx, nonce: 2 ** 32 - 1 },
    { ...dep, to: "1" },
    { ...dep, ax: 1n, amount: 2n ** 126n },
    { ...dep, ax: 1n },
    { ...create, l1Address: 2n ** 160n },
    { ...create, ax: FIELD_MODULUS, ay: 1n },
    { ...exit, requester: 2n ** 160n, token: 9 },
    { type: "mint", to: 1 },
    { ...dep, type: "toString" },
    Object.create(dep),
  ];
  if (variant === table.length) return null as unknown as Op;
  return table[variant % table.length] as unknown as Op;
}

/** The op a spec stands for, against model state `s`. */
export function materialize(spec: Spec, s: State, signatures: boolean): Op {
  switch (spec.kind) {
    case "noop":
      return { type: "noop" };
    case "hostile":
      return hostile(spec.variant, s);
    case "deposit": {
      if (spec.to !== null)
        return {
          type: "deposit",
          to: spec.to,
          token: spec.token,
          amount: spec.amount,
          ax: 0n,
          ay: 0n,
          l1Address: 0n,
        };
      const { ax, ay } = key(100 + spec.fresh).publicKey;
      return {
        type: "deposit",
        to: null,
        token: spec.token,
        amount: spec.amount,
        ax,
        ay,
        l1Address: l1(100 + spec.fresh),
      };
    }
    case "forcedExit": {
      const owner = getAccount(s, spec.account)?.l1Address ?? l1(spec.account);
      return {
        type: "forcedExit",
        account: spec.account,
        token: spec.token,
        requester: spec.owner ? owner : owner + 1n,
      };
    }
    default: {
      const current = getAccount(s, spec.from)?.nonce ?? 0;
      const nonce =
        spec.nonce === "current" ? current : spec.nonce === "next" ? current + 1 : Math.max(0, current - 1);
      const body = { from: spec.from, token: spec.token, amount: spec.amount, fee: spec.fee, nonce };
      const unsigned =
        spec.kind === "transfer"
          ? { type: "transfer" as const, to: spec.to, ...body }
          : { type: "withdraw" as const, ...body };
      if (!signatures) return { ...unsigned, signature: NO_SIG };
      const owner = ownerSeed(s, spec.from);
      const signer = spec.sig === "wrongKey" ? (owner === 0 ? 1 : 0) : owner;
      const chainId = spec.sig === "otherChain" ? CONFIG.chainId + 1 : CONFIG.chainId;
      // Only well-formed txs can be signed (floats must encode); others carry an empty signature.
      let signature: Uint8Array = NO_SIG;
      try {
        signature = sign(chainId, signer, unsigned);
      } catch {
        return { ...unsigned, signature: NO_SIG };
      }
      if (spec.sig === "corrupt") {
        signature = Uint8Array.from(signature);
        signature[40] = (signature[40]! + 1) & 0xff;
      }
      return { ...unsigned, signature };
    }
  }
}
