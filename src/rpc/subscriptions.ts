/**
 * Subscriptions per connection (Hardhat `jsonrpc/handler.ts`): each socket owns its subscription ids and
 * receives only their events, holds at most `max` of them, and loses them all when it closes. `publish`
 * is synchronous and sockets keep message order, so each subscription sees its events in publish order.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { GhostError } from "../protocol/index.js";
import { createRequest } from "./envelope.js";
import {
  type EventOf,
  type ParamsOf,
  SUBSCRIPTION_NOTIFICATION,
  type SubscriptionDefinition,
  type SubscriptionTable,
} from "./methodTable.js";
import { invalidParams, issuesOf } from "./validate.js";

/** The part of a connection the registry needs: an identity and a way to push a message. */
export interface Subscriber {
  readonly id: number;
  send(text: string): void;
}

interface Active {
  readonly subscriber: Subscriber;
  readonly params: unknown;
}

/** Selects the subscribers of one publish by their (decoded) subscription params. */
export type SubscriptionFilter<D extends SubscriptionDefinition> = (params: ParamsOf<D>) => boolean;

export class SubscriptionRegistry<S extends SubscriptionTable> {
  /** name → subscription id → subscriber; Maps keep insertion order, so delivery order is stable. */
  private readonly byName = new Map<string, Map<string, Active>>();
  private readonly byConnection = new Map<number, Map<string, string>>();

  constructor(
    private readonly table: S,
    private readonly maxPerConnection: number,
  ) {}

  /** Validates the name and params, enforces the cap, and returns the new subscription's id. */
  subscribe(subscriber: Subscriber, name: string, rawParams: unknown): string {
    if (!Object.hasOwn(this.table, name)) {
      throw new GhostError("RPC_INVALID_PARAMS", `unknown subscription "${name}"`, {
        details: { known: Object.keys(this.table) },
      });
    }
    const def = this.table[name]!;
    const parsed = def.params.safeParse(rawParams ?? {});
    if (!parsed.success) throw invalidParams(parsed.error);
    const mine = this.byConnection.get(subscriber.id) ?? new Map<string, string>();
    if (mine.size >= this.maxPerConnection) {
      throw new GhostError(
        "RPC_LIMIT_EXCEEDED",
        `at most ${this.maxPerConnection} subscriptions per connection`,
        {
          details: { limit: "subscriptions", max: this.maxPerConnection },
        },
      );
    }
    const id = `0x${randomBytes(16).toString("hex")}`;
    mine.set(id, name);
    this.byConnection.set(subscriber.id, mine);
    let ofName = this.byName.get(name);
    if (ofName === undefined) {
      ofName = new Map();
      this.byName.set(name, ofName);
    }
    ofName.set(id, { subscriber, params: parsed.data });
    return id;
  }

  /** Only the owning connection may end a subscription; another's id is simply not found. */
  unsubscribe(subscriber: Subscriber, id: string): boolean {
    const mine = this.byConnection.get(subscriber.id);
    const name = mine?.get(id);
    if (mine === undefined || name === undefined) return false;
    mine.delete(id);
    if (mine.size === 0) this.byConnection.delete(subscriber.id);
    this.byName.get(name)?.delete(id);
    return true;
  }

  removeConnection(subscriber: Subscriber): void {
    const mine = this.byConnection.get(subscriber.id);
    if (mine === undefined) return;
    for (const [id, name] of mine) this.byName.get(name)?.delete(id);
    this.byConnection.delete(subscriber.id);
  }

  /**
   * Sends `payload` to every subscription of `name` whose params pass `filter` (all when omitted).
   * The payload is encoded to its wire form once; returns how many subscriptions it was sent to.
   */
  publish<K extends keyof S & string>(
    name: K,
    filter: SubscriptionFilter<S[K]> | undefined,
    payload: EventOf<S[K]>,
  ): number {
    const def = this.table[name];
    if (def === undefined) throw new GhostError("RPC_INTERNAL", `publish to unknown subscription "${name}"`);
    const encoded = z.safeEncode(def.event, payload);
    if (!encoded.success) {
      // The node broke its own table's contract: refuse loudly here rather than mislead every subscriber.
      throw new GhostError("RPC_INTERNAL", `a ${name} event does not match its schema`, {
        details: { issues: issuesOf(encoded.error) },
      });
    }
    const result = encoded.data;
    let sent = 0;
    for (const [id, active] of this.byName.get(name) ?? []) {
      if (filter !== undefined && !filter(active.params as ParamsOf<S[K]>)) continue;
      const note = createRequest(undefined, SUBSCRIPTION_NOTIFICATION, { subscription: id, result });
      active.subscriber.send(JSON.stringify(note));
      sent++;
    }
    return sent;
  }

  /** Active subscriptions, for the metrics gauge. */
  get size(): number {
    let n = 0;
    for (const mine of this.byConnection.values()) n += mine.size;
    return n;
  }
}
