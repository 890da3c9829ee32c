// The shape of bench/results/latest.json: the run's context and one row per measured run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine, Pinning, Versions } from './machine.js';

export type RowStatus = 'ok' | 'skipped' | 'failed';

export interface Row {
  scenario: string;
  /** 200b, 4k, 64k, ko, sse; or the micro benchmark's own input name. */
  mix: string;
  /** closed: fixed concurrency (throughput); open: fixed rate (latency); micro: in-process. */
  mode: 'closed' | 'open' | 'micro';
  status: RowStatus;
  /** Why a row was skipped or failed; what it means otherwise. */
  note?: string;
  connections?: number;
  rate?: number;
  duration_s?: number;
  requests?: number;
  rps: number | null;
  p50_ms: number | null;
  p90_ms?: number | null;
  p99_ms: number | null;
  max_ms?: number | null;
  errors: number | null;
  /** SSE: time to first byte. */
  ttfb_p50_ms?: number;
  ttfb_p99_ms?: number;
  /**
   * CPU seconds each process spent during the run (loadgen: this process; other: the rest
   * of the machine, i.e. other people's work on a shared machine — noise in that run).
   */
  cpu_s: Record<string, number>;
  /** Resident memory of each process at the end of the run. */
  rss_mb: Record<string, number>;
  /** CPU µs per request of the system under test, the upstream mock excluded. */
  gateway_cpu_us_per_req?: number;
  /** The service's own p99 decision time (from its histogram; a bucket's upper bound). */
  service_p99_ms?: number;
  baseline?: string;
  /** rps / the baseline's rps, same mix and load. */
  ratio?: number | null;
  /** p99 minus the baseline's p99, same mix and rate (open loop). */
  p99_added_ms?: number | null;
  /** Micro benchmarks: the figure and its unit. */
  value?: number;
  unit?: string;
  /** Micro benchmarks: the figure's target, and whether this run met it. */
  target?: string;
  met?: boolean;
  /** False for a figure that is not a time (memory growth): machine load does not move it. */
  wall_clock?: boolean;
  generator?: string;
  max_lag_ms?: number;
}

export interface BenchResults {
  schema: 1;
  date: string;
  quick: boolean;
  duration_s: number;
  machine: Machine;
  versions: Versions;
  pinning: Pinning;
  settings: Record<string, unknown>;
  /** Set when rows of an earlier run were kept (--merge): its date, and what was measured anew. */
  merged?: { kept_from: string; remeasured: string[] };
  rows: Row[];
}

const key = (r: Row): string => (r.mode === 'micro' ? r.scenario : `${r.scenario}/${r.mix}`);

/**
 * An earlier run's rows with this run's in place of those it measured anew. A mix is
 * always rerun with its baselines, so every comparison still stays within one run.
 */
export function mergeResults(previous: BenchResults, next: BenchResults): BenchResults {
  const fresh = new Set(next.rows.map(key));
  const freshScenarios = new Set(next.rows.filter((r) => r.mode === 'micro').map((r) => r.scenario.replace(/-(noop|ping)$/, '')));
  const kept = previous.rows.filter((r) => !fresh.has(key(r)) && !(r.mode === 'micro' && freshScenarios.has(r.scenario.replace(/-(noop|ping)$/, ''))));
  const mixOrder = (m: string): number => {
    const i = ['200b', '4k', '64k', 'ko', 'sse'].indexOf(m);
    return i === -1 ? 99 : i;
  };
  const rows = [...kept, ...next.rows].sort((a, b) => mixOrder(a.mix) - mixOrder(b.mix));
  return { ...next, rows, merged: { kept_from: previous.date, remeasured: [...fresh].sort() } };
}

export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'latest.json');
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

export function readResults(dir: string): BenchResults {
  return JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as BenchResults;
}
