// The in-process quota store: used when REDIS_URL is unset, and by each replica on its
// own while Redis is unreachable. Counters per subject, reservations per request id with
// a TTL (an unreported reservation expires as spent), both swept as they age.
import type { QuotaLimits, QuotaStore, ReserveRequest, ReserveResult, SettleRequest, SettleResult } from './types.js';
import { adjust, emptyState, evaluate, roll, views, windowOf, type WindowState } from './window.js';

export interface LocalStoreOptions {
  readonly limits: QuotaLimits;
  readonly reservationTtlMs: number;
  /** Reservations kept at most; past it the oldest are dropped (they stay spent). */
  readonly maxReservations?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

interface Reservation {
  readonly subject: string;
  readonly window: number;
  readonly tokens: number;
  readonly expiresAt: number;
}

export interface LocalStore extends QuotaStore {
  /** Counters and reservations held, for tests. */
  size(): { subjects: number; reservations: number };
}

export function createLocalStore(options: LocalStoreOptions): LocalStore {
  const { limits, reservationTtlMs } = options;
  const maxReservations = options.maxReservations ?? 100_000;
  const now = options.now ?? Date.now;
  const subjects = new Map<string, WindowState>();
  const reservations = new Map<string, Reservation>();

  function stateAt(subject: string, i: number): WindowState {
    return roll(subjects.get(subject) ?? emptyState(i), i);
  }

  function remember(requestId: string, reservation: Reservation): void {
    reservations.delete(requestId);
    reservations.set(requestId, reservation);
    while (reservations.size > maxReservations) reservations.delete(reservations.keys().next().value as string);
  }

  function sweep(t: number): void {
    const { i } = windowOf(t, limits.windowMs);
    for (const [subject, s] of subjects) if (s.w < i - 1) subjects.delete(subject);
    for (const [id, r] of reservations) if (r.expiresAt <= t) reservations.delete(id);
  }
  const timer = setInterval(() => sweep(now()), Math.min(limits.windowMs, reservationTtlMs));
  timer.unref();

  return {
    async reserve(request: ReserveRequest): Promise<ReserveResult> {
      const t = now();
      const { i, e } = windowOf(t, limits.windowMs);
      const s = stateAt(request.subject, i);
      const verdict = evaluate(s, e, limits, request.tokens);
      if (!verdict.ok) {
        return { admitted: false, kind: verdict.kind, retryAfterMs: verdict.retryAfterMs, cost: request.tokens, nowMs: t, ...views(s, e, limits) };
      }
      s.rc += 1;
      s.tc += request.tokens;
      subjects.set(request.subject, s);
      remember(request.requestId, { subject: request.subject, window: i, tokens: request.tokens, expiresAt: t + reservationTtlMs });
      return { admitted: true, nowMs: t, ...views(s, e, limits) };
    },

    async settle(request: SettleRequest): Promise<SettleResult> {
      const t = now();
      const reservation = reservations.get(request.requestId);
      if (!reservation || reservation.expiresAt <= t) return { outcome: 'unknown' };
      reservations.delete(request.requestId);
      if (request.charged === undefined) return { outcome: 'kept', reserved: reservation.tokens, charged: reservation.tokens };
      const s = subjects.get(reservation.subject);
      if (s) {
        const rolled = roll(s, windowOf(t, limits.windowMs).i);
        if (adjust(rolled, reservation.window, request.charged - reservation.tokens)) subjects.set(reservation.subject, rolled);
      }
      return { outcome: request.charged === 0 ? 'released' : 'settled', reserved: reservation.tokens, charged: request.charged };
    },

    async close() {
      clearInterval(timer);
    },

    size: () => ({ subjects: subjects.size, reservations: reservations.size }),
  };
}
