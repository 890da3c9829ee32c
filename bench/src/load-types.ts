// What every load generator is given and returns, whatever the protocol or the loop.
import type { LatencySummary } from './stats.js';

export type LoopMode = 'closed' | 'open';

export interface HttpTarget {
  /** Base URL, e.g. http://127.0.0.1:10000 */
  url: string;
  path: string;
  headers: Record<string, string>;
  /** Request bodies, rotated. */
  bodies: string[];
  /** The answer is an SSE stream: time to first byte is recorded too. */
  stream: boolean;
}

export interface LoadSpec {
  mode: LoopMode;
  durationS: number;
  /** Closed loop: requests in flight at any time (connections). */
  connections?: number;
  /** Open loop: requests started a second, on a fixed schedule. */
  rate?: number;
}

export interface LoadResult extends LatencySummary {
  requests: number;
  rps: number;
  errors: number;
  /** Responses with a status other than 2xx, counted in errors too. */
  non2xx: number;
  /** SSE: time to first byte of the answer. */
  ttfb_p50_ms?: number;
  ttfb_p99_ms?: number;
  /** Open loop: the rate asked for, and how far behind schedule the generator fell. */
  target_rate?: number;
  max_lag_ms?: number;
  generator: string;
  /** One sample of what went wrong, for the report. */
  first_error?: string;
}
