// The quota model shared by the in-process and the Redis store: two sliding-window
// budgets per subject (a tenant's API key), requests and tokens, and token reservations
// keyed by request id that the usage report settles.

export type QuotaKind = 'requests' | 'tokens';

export interface QuotaLimits {
  /** Requests a window (RATE_LIMIT_MAX). */
  readonly requests: number;
  /** Tokens a window (RATE_LIMIT_TOKENS); 0 turns the token budget off. */
  readonly tokens: number;
  /** The window length, a minute in production. */
  readonly windowMs: number;
}

/** One budget as the rate-limit headers describe it. */
export interface BucketView {
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the budget is whole again (nothing more spent). */
  readonly resetMs: number;
}

export interface ReserveRequest {
  /** Whose budget: `tenant/key id`. */
  readonly subject: string;
  /** The reservation's key for the usage report (x-aegis-request-id). */
  readonly requestId: string;
  /** Estimated tokens of the request: prompt estimate + max output tokens. */
  readonly tokens: number;
}

interface ReserveCommon {
  readonly requests: BucketView;
  /** undefined when the token budget is off. */
  readonly tokens: BucketView | undefined;
  /** The time the views were computed at (epoch ms), for absolute reset times. */
  readonly nowMs: number;
}

export interface Admitted extends ReserveCommon {
  readonly admitted: true;
}

export interface Rejected extends ReserveCommon {
  readonly admitted: false;
  /** The budget that refused; requests when both did. */
  readonly kind: QuotaKind;
  /** When a retry would be admitted if nothing else were spent; undefined when it never would (cost over the limit). */
  readonly retryAfterMs: number | undefined;
  /** The tokens the request asked for. */
  readonly cost: number;
}

export type ReserveResult = Admitted | Rejected;

export interface SettleRequest {
  readonly requestId: string;
  /** Real tokens to charge instead of the reservation; 0 releases it; undefined keeps it as spent. */
  readonly charged: number | undefined;
}

/** settled: charged the real usage; released: charged nothing; kept: charged the estimate; unknown: no such reservation. */
export type SettleOutcome = 'settled' | 'released' | 'kept' | 'unknown';

export interface SettleResult {
  readonly outcome: SettleOutcome;
  readonly reserved?: number;
  readonly charged?: number;
}

export interface QuotaStore {
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  settle(request: SettleRequest): Promise<SettleResult>;
  close(): Promise<void>;
}

/** Largest token count a request may reserve or report (keeps Lua's doubles exact). */
export const MAX_TOKENS = 1_000_000_000;
