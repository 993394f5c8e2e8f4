/**
 * One stage's latencies in an HDR histogram (hdr-histogram-js: 3 significant digits at any magnitude, so
 * milliseconds of soft confirmation and hours of a proving backlog fit the same histogram in fixed
 * memory). Values are recorded in whole microseconds and summarised in milliseconds.
 */
import { build, type Histogram } from "hdr-histogram-js";

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Txs recorded. */
  readonly count: number;
}

export class LatencyHistogram {
  private readonly h: Histogram = build({ numberOfSignificantValueDigits: 3 });
  /** The exact largest value, µs: a percentile is its bucket's highest equivalent value, capped by this. */
  private maxUs = 0;

  /** A latency in ms; a negative one (clocks a millisecond apart) counts as 0. */
  record(ms: number): void {
    const us = Math.max(0, Math.round(ms * 1000));
    this.h.recordValue(us);
    this.maxUs = Math.max(this.maxUs, us);
  }

  /** p50, p99 and max in ms (0.01 ms), or null when nothing was recorded. */
  summary(): LatencySummary | null {
    if (this.h.totalCount === 0) return null;
    const ms = (us: number) => Math.round(Math.min(us, this.maxUs) / 10) / 100;
    return {
      p50: ms(this.h.getValueAtPercentile(50)),
      p99: ms(this.h.getValueAtPercentile(99)),
      max: ms(this.maxUs),
      count: this.h.totalCount,
    };
  }
}
