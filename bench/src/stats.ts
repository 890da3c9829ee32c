// Percentiles of recorded latencies, in milliseconds.

export interface LatencySummary {
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(values: Float64Array): LatencySummary {
  const sorted = values.slice().sort();
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    p50_ms: r(percentile(sorted, 50)),
    p90_ms: r(percentile(sorted, 90)),
    p99_ms: r(percentile(sorted, 99)),
    max_ms: r(sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN),
  };
}

/** A growable record of latencies (ms). */
export class Recorder {
  private values: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.values = new Float64Array(Math.max(16, capacity));
  }
  add(ms: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = ms;
  }
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}
