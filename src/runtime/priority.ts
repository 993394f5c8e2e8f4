/**
 * Scheduling priority of helper processes: background work (sealing, proving) runs at a lower priority
 * than the process that answers users, so on a machine with few cores a burst of soft confirmations
 * takes the CPU first and the helpers use what it leaves idle.
 */
import type { ChildProcess } from "node:child_process";
import { getPriority, setPriority } from "node:os";

/** Raises `child`'s nice value by `by` (capped at 19) above this process's; ignored where the OS refuses. */
export function lowerPriority(child: ChildProcess, by: number): void {
  if (child.pid === undefined || by <= 0) return;
  try {
    setPriority(child.pid, Math.min(19, getPriority() + by));
  } catch {
    // Not permitted here (some containers): the child keeps this process's priority.
  }
}
