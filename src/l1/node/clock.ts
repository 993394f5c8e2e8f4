/** Time for the node, injected (lodestar's `clock?: IClock`): tests move block time with `l1_mine`, never by sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
