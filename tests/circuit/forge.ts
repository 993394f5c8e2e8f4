/**
 * Forged transitions for the mutation tests: an op's effects applied with every check of the model skipped
 * (and values allowed outside their widths, taken modulo p by the circuit). Feeding such a transition to the
 * witness builder gives a witness that is consistent everywhere (roots, paths, hashes) except for the one
 * rule the model enforces, so the test shows that the circuit enforces that rule by itself.
 */
import {
  type Account,
  BALANCE_BITS,
  encodeDaRecord,
  FIELD_MODULUS,
  OP_TYPE,
  type Op,
  poseidon,
  type State,
  setLeaf,
} from "../../src/protocol/index.js";
import { circuitLeaf } from "../../src/prover/index.js";

export interface ForgeOptions {
  /** A priority op consumed as a no-op whatever the state says. */
  readonly priorityNoop?: boolean;
}

function put(state: State, index: number, account: Account): State {
  const accounts = new Map(state.accounts);
  accounts.set(index, account);
  return {
    ...state,
    accounts,
    nodes: setLeaf(state.nodes, state.config.depth, index, circuitLeaf(account)),
    nextIndex: Math.max(state.nextIndex, index + 1),
  };
}

function withBalance(a: Account, token: number, delta: bigint): Account {
  const balances = [...a.balances] as [bigint, bigint, bigint, bigint];
  balances[token] = balances[token]! + delta;
  return { ...a, balances };
}

/** The priority-queue step computed arithmetically (no width checks), as the circuit does. */
function consume(state: State, op: Op & { type: "deposit" | "forcedExit" }): State {
  const create = op.type === "deposit" && op.to === null ? 1n : 0n;
  const account = BigInt(op.type === "deposit" ? (op.to ?? 0) : op.account);
  const amount = op.type === "deposit" ? op.amount : 0n;
  const w0 =
    BigInt(OP_TYPE[op.type]) + (BigInt(op.token) << 2n) + (create << 4n) + (account << 5n) + (amount << 37n);
  const w = op.type === "deposit" ? [w0, op.l1Address, op.ax, op.ay] : [w0, op.requester, 0n, 0n];
  const h = poseidon([state.priorityHash, ...w].map((x) => x % FIELD_MODULUS));
  return { ...state, priorityCount: state.priorityCount + 1, priorityHash: h };
}

export function forgeApply(options: ForgeOptions = {}) {
  return (state: State, op: Op): { state: State; da: Uint8Array } => {
    const depth = state.config.depth;
    switch (op.type) {
      case "noop":
        return { state, da: new Uint8Array(0) };
      case "transfer":
      case "withdraw": {
        const from = state.accounts.get(op.from)!;
        let next = put(state, op.from, {
          ...withBalance(withBalance(from, op.token, -op.amount), 0, -op.fee),
          nonce: from.nonce + 1,
        });
        if (op.type === "transfer") {
          next = put(next, op.to, withBalance(next.accounts.get(op.to)!, op.token, op.amount));
        }
        const { from: f, token, amount, fee } = op;
        const da =
          op.type === "transfer"
            ? encodeDaRecord({ type: "transfer", from: f, to: op.to, token, amount, fee }, depth)
            : encodeDaRecord({ type: "withdraw", from: f, token, amount, fee }, depth);
        return { state: { ...next, pendingFees: next.pendingFees + op.fee }, da };
      }
      case "deposit": {
        if (options.priorityNoop) {
          return {
            state: consume(state, op),
            da: encodeDaRecord({ type: "deposit", applied: false, account: 0 }, depth),
          };
        }
        const index = op.to ?? state.nextIndex;
        const base: Account = state.accounts.get(index) ?? {
          ax: op.ax,
          ay: op.ay,
          l1Address: op.l1Address,
          nonce: 0,
          balances: [0n, 0n, 0n, 0n],
        };
        const next = put(state, index, withBalance(base, op.token, op.amount));
        return {
          state: consume(next, op),
          da: encodeDaRecord({ type: "deposit", applied: true, account: index }, depth),
        };
      }
      case "forcedExit": {
        const a = state.accounts.get(op.account)!;
        const amount = a.balances[op.token];
        const next = put(state, op.account, withBalance(a, op.token, -amount));
        return {
          state: consume(next, op),
          da: encodeDaRecord(
            { type: "forcedExit", applied: true, account: op.account, token: op.token, amount },
            depth,
          ),
        };
      }
    }
  };
}

export const BALANCE_LIMIT = 1n << BigInt(BALANCE_BITS);
