// Sliding-window counters, the arithmetic both stores share (redis-scripts.ts mirrors the
// admission test in Lua). Time is cut into fixed windows of W ms; a budget's usage at
// elapsed time e into window i is   prev · (W − e) / W + curr,   prev and curr the amounts
// counted in windows i−1 and i. It smooths the burst a fixed window allows at its edge,
// and needs two numbers per budget. Everything is kept scaled by W, in integers.
import type { BucketView, QuotaLimits } from './types.js';

/** The counters of one subject: window index w, requests and tokens of windows w and w−1. */
export interface WindowState {
  w: number;
  rc: number;
  rp: number;
  tc: number;
  tp: number;
}

export function emptyState(w: number): WindowState {
  return { w, rc: 0, rp: 0, tc: 0, tp: 0 };
}

/** The state as of window i: the current window becomes the previous one, or both are gone. */
export function roll(s: WindowState, i: number): WindowState {
  if (s.w === i) return { ...s };
  if (s.w === i - 1) return { w: i, rc: 0, rp: s.rc, tc: 0, tp: s.tc };
  return emptyState(i);
}

export function windowOf(nowMs: number, windowMs: number): { i: number; e: number } {
  const i = Math.floor(nowMs / windowMs);
  return { i, e: nowMs - i * windowMs };
}

/** Whether `cost` more fits under `limit`. */
export function fits(prev: number, curr: number, cost: number, limit: number, e: number, W: number): boolean {
  return prev * (W - e) + (curr + cost) * W <= limit * W;
}

/** Milliseconds until `cost` fits, assuming nothing else is spent; undefined if it never will. */
export function waitMs(prev: number, curr: number, cost: number, limit: number, e: number, W: number): number | undefined {
  if (fits(prev, curr, cost, limit, e, W)) return 0;
  if (cost > limit) return undefined;
  if (curr + cost <= limit) {
    // Only the previous window's share is in the way; it fades linearly (prev > 0 here).
    const at = W - ((limit - curr - cost) * W) / prev;
    return Math.max(1, Math.ceil(at - e));
  }
  // The current window must become the previous one and fade enough.
  const at = W - ((limit - cost) * W) / curr;
  return Math.max(1, Math.ceil(W - e + at));
}

export function view(prev: number, curr: number, limit: number, e: number, W: number): BucketView {
  const used = prev * (W - e) + curr * W;
  const remaining = Math.max(0, Math.floor((limit * W - used) / W));
  const resetMs = curr > 0 ? W - e + W : prev > 0 ? W - e : 0;
  return { limit, remaining, resetMs };
}

export interface Evaluation {
  readonly ok: boolean;
  /** The budget that refused (requests first). */
  readonly kind: 'requests' | 'tokens';
  readonly retryAfterMs: number | undefined;
}

/** Whether one more request costing `cost` tokens fits both budgets of state `s` (rolled to now). */
export function evaluate(s: WindowState, e: number, limits: QuotaLimits, cost: number): Evaluation {
  const W = limits.windowMs;
  const requestsWait = waitMs(s.rp, s.rc, 1, limits.requests, e, W);
  const tokensWait = limits.tokens > 0 ? waitMs(s.tp, s.tc, cost, limits.tokens, e, W) : 0;
  const ok = requestsWait === 0 && tokensWait === 0;
  const kind = requestsWait === 0 ? 'tokens' : 'requests';
  const retryAfterMs = requestsWait === undefined || tokensWait === undefined ? undefined : Math.max(requestsWait, tokensWait);
  return { ok, kind, retryAfterMs };
}

/** The views of both budgets (tokens undefined when that budget is off). */
export function views(s: WindowState, e: number, limits: QuotaLimits): { requests: BucketView; tokens: BucketView | undefined } {
  const W = limits.windowMs;
  return {
    requests: view(s.rp, s.rc, limits.requests, e, W),
    tokens: limits.tokens > 0 ? view(s.tp, s.tc, limits.tokens, e, W) : undefined,
  };
}

/** Applies a settlement: `delta` tokens to the window the reservation was counted in, if it still counts. */
export function adjust(s: WindowState, reservedIn: number, delta: number): boolean {
  if (reservedIn === s.w) s.tc = Math.max(0, s.tc + delta);
  else if (reservedIn === s.w - 1) s.tp = Math.max(0, s.tp + delta);
  else return false;
  return true;
}
