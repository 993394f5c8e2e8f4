/**
 * The first `count` entries of ghostd's priority queue (docs/l1.md §4.2), read in pages of the most
 * `l1_priorityOps` answers. Fewer come back only if the queue is shorter; callers that need them all say so.
 */
import type { GhostdClient } from "./ghostd.js";

export type PriorityEntryWire = Awaited<ReturnType<GhostdClient["l1_priorityOps"]>>[number];

/** The largest page `l1_priorityOps` serves. */
const PAGE = 1000;

export async function fetchPriorityEntries(l1: GhostdClient, count: number): Promise<PriorityEntryWire[]> {
  const entries: PriorityEntryWire[] = [];
  while (entries.length < count) {
    const page = await l1.l1_priorityOps({
      from: entries.length,
      count: Math.min(PAGE, count - entries.length),
    });
    if (page.length === 0) break;
    entries.push(...page);
  }
  return entries;
}
