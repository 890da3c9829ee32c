// The rows of bench/results/detection.json: one per detector, dataset and language, with
// the confusion counts, the rates that follow, and latency per item.
import { emptyConfusion, percentile, rates, record, type Confusion } from './metrics.js';

export interface ResultRow {
  readonly detector: string;
  readonly dataset: string;
  readonly lang: string;
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly fpr: number | null;
  readonly p50_ms: number | null;
  readonly p99_ms: number | null;
  /** Latency rows: CPU time of the calling thread per call (what "on one core" costs on a shared machine). */
  readonly cpu_p50_ms?: number | null;
  readonly cpu_p99_ms?: number | null;
  readonly note?: string;
}

/** Confusion counts and latencies collected under (detector, dataset, lang) keys. */
export class Tally {
  private readonly groups = new Map<string, { detector: string; dataset: string; lang: string; confusion: Confusion; ms: number[] }>();

  add(detector: string, dataset: string, lang: string, actual: boolean, predicted: boolean, ms?: number): void {
    const key = `${detector}\u0000${dataset}\u0000${lang}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { detector, dataset, lang, confusion: emptyConfusion(), ms: [] }));
    record(g.confusion, actual, predicted);
    if (ms !== undefined) g.ms.push(ms);
  }

  rows(note?: string): ResultRow[] {
    return [...this.groups.values()].map((g) => toRow(g.detector, g.dataset, g.lang, g.confusion, g.ms, note));
  }
}

export function toRow(detector: string, dataset: string, lang: string, c: Confusion, ms: readonly number[], note?: string): ResultRow {
  const r = rates(c);
  return {
    detector,
    dataset,
    lang,
    n: r.n,
    positives: r.positives,
    negatives: r.negatives,
    ...c,
    precision: round(r.precision),
    recall: round(r.recall),
    f1: round(r.f1),
    fpr: round(r.fpr),
    p50_ms: ms.length ? round(percentile(ms, 50)) : null,
    p99_ms: ms.length ? round(percentile(ms, 99)) : null,
    ...(note ? { note } : {}),
  };
}

/** A row for a detector that could not run on a dataset. */
export function unavailableRow(detector: string, dataset: string, lang: string, note: string): ResultRow {
  return { detector, dataset, lang, n: 0, positives: 0, negatives: 0, tp: 0, fp: 0, tn: 0, fn: 0, precision: null, recall: null, f1: null, fpr: null, p50_ms: null, p99_ms: null, note };
}

export function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10000) / 10000;
}
