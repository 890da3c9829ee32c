// The quota as the rest of the service sees it: the Redis store when REDIS_URL is set,
// the in-process store otherwise, and the in-process store again whenever Redis fails or
// is away: no request fails because of Redis. After a failure Redis is left alone for a
// short pause (so a hung Redis costs one timeout, not one per request), then tried again;
// the client reconnects by itself, and health reports `degraded` until Redis answers.
import { AUTHZ_FAILURES } from '../errors.js';
import type { Logger } from '../logger.js';
import { createLocalStore } from './local-store.js';
import type { QuotaMetrics } from './quota-metrics.js';
import { createRedisStore, type RedisStore } from './redis-store.js';
import type { QuotaLimits, ReserveRequest, ReserveResult, SettleRequest, SettleResult } from './types.js';

export type RedisHealth = 'ok' | 'degraded' | 'disabled';

export interface QuotaServiceOptions {
  readonly limits: QuotaLimits;
  readonly redisUrl: string | undefined;
  readonly redisTimeoutMs: number;
  readonly reservationTtlMs: number;
  readonly logger: Logger;
  readonly metrics: QuotaMetrics;
  /** How long Redis is skipped after a failure before it is tried again. */
  readonly retryPauseMs?: number;
  /** Fixed clock for tests (both stores). */
  readonly now?: () => number;
}

export interface QuotaService {
  readonly limits: QuotaLimits;
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  settle(request: SettleRequest): Promise<SettleResult>;
  redisHealth(): RedisHealth;
  close(): Promise<void>;
}

export function createQuotaService(options: QuotaServiceOptions): QuotaService {
  const { logger, metrics } = options;
  const local = createLocalStore({ limits: options.limits, reservationTtlMs: options.reservationTtlMs, ...(options.now ? { now: options.now } : {}) });
  const pauseMs = options.retryPauseMs ?? 1000;
  let pausedUntil = 0;
  let failing = false;

  const markFailed = (err: Error, operation: 'reserve' | 'settle' | 'connection'): void => {
    metrics.redisError(operation);
    pausedUntil = Date.now() + pauseMs;
    if (failing) return;
    failing = true;
    logger.warn({ event: 'redis_degraded', code: AUTHZ_FAILURES.redisDegraded.code, operation, error: err.message }, 'Redis unavailable: quotas fall back to in-process limits on this replica');
  };
  const markOk = (): void => {
    pausedUntil = 0;
    if (!failing) return;
    failing = false;
    logger.info({ event: 'redis_recovered' }, 'Redis is back: quotas are shared again');
  };

  const redis: RedisStore | undefined = options.redisUrl
    ? createRedisStore({
        url: options.redisUrl,
        limits: options.limits,
        reservationTtlMs: options.reservationTtlMs,
        commandTimeoutMs: options.redisTimeoutMs,
        ...(options.now ? { now: options.now } : {}),
        onConnectionError: (err) => markFailed(err, 'connection'),
        onReady: markOk,
      })
    : undefined;

  const usable = (): boolean => redis !== undefined && redis.ready() && Date.now() >= pausedUntil;

  async function viaRedis<T>(operation: 'reserve' | 'settle', run: (store: RedisStore) => Promise<T>): Promise<T | undefined> {
    if (!redis || !usable()) return undefined;
    try {
      const result = await run(redis);
      markOk();
      return result;
    } catch (err) {
      markFailed(err as Error, operation);
      return undefined;
    }
  }

  return {
    limits: options.limits,
    async reserve(request) {
      const shared = await viaRedis('reserve', (store) => store.reserve(request));
      if (shared) return shared;
      if (redis) metrics.localFallback();
      return local.reserve(request);
    },
    async settle(request) {
      const shared = await viaRedis('settle', (store) => store.settle(request));
      if (shared && shared.outcome !== 'unknown') return shared;
      // Made locally while Redis was away, or Redis is away now.
      return local.settle(request);
    },
    redisHealth() {
      if (!redis) return 'disabled';
      return redis.ready() && !failing ? 'ok' : 'degraded';
    },
    async close() {
      await Promise.all([local.close(), redis?.close()]);
    },
  };
}
