/**
 * Wall time per named step of a proof (witness read, A/B/C build, each NTT, each MSM, ...), in the
 * order the steps ran, so that a benchmark can show where the time goes and compare backends step by step.
 */
export interface StepTiming {
  readonly step: string;
  readonly ms: number;
}

export class StepTimer {
  readonly steps: StepTiming[] = [];

  /** Runs `fn` and records its wall time under `step`. */
  async time<T>(step: string, fn: () => T | Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.steps.push({ step, ms: performance.now() - t0 });
    }
  }

  /** Milliseconds per step (a step run twice adds up). */
  record(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { step, ms } of this.steps) out[step] = (out[step] ?? 0) + ms;
    return out;
  }
}
