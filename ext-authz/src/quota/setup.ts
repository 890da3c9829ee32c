// Wires the quota for the server: the store (Redis or in-process), admission for the
// Check handler, the usage report endpoint for the admin port, and Redis health.
import type { Registry } from 'prom-client';
import type { AuthzConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createAdmission, type Admission } from './admission.js';
import { createQuotaMetrics } from './quota-metrics.js';
import { createQuotaService, type RedisHealth } from './quota-service.js';
import { createUsageHandler, USAGE_PATH, type AdminHandler } from './usage-endpoint.js';

/** A minute: RATE_LIMIT_MAX and RATE_LIMIT_TOKENS are per minute. */
export const QUOTA_WINDOW_MS = 60_000;

export interface Quota {
  readonly admission: Admission;
  /** Admin HTTP routes: POST /api/v1/usage. */
  readonly adminRoutes: Readonly<Record<string, AdminHandler>>;
  redisHealth(): RedisHealth;
  close(): Promise<void>;
}

export function createQuota(config: AuthzConfig, logger: Logger, registry: Registry): Quota {
  const metrics = createQuotaMetrics(registry);
  const quota = createQuotaService({
    limits: { requests: config.rateLimitMax, tokens: config.rateLimitTokens, windowMs: QUOTA_WINDOW_MS },
    redisUrl: config.redisUrl,
    redisTimeoutMs: config.redisTimeoutMs,
    reservationTtlMs: config.reservationTtlMs,
    logger,
    metrics,
  });
  const admission = createAdmission({ providerKeys: config.providerKeys, quota, defaultMaxTokens: config.rateLimitDefaultMaxTokens, dryRun: config.dryRun, logger, metrics });
  const usage = createUsageHandler({ quota, token: config.usageToken, metrics, logger });
  return {
    admission,
    adminRoutes: { [USAGE_PATH]: usage },
    redisHealth: () => quota.redisHealth(),
    close: () => quota.close(),
  };
}
