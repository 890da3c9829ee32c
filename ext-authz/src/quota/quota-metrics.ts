// The quota's metrics, on the service's registry. Labels from bounded sets only: a
// configured tenant (else `unknown`), the quota kind, the Redis operation, the report result.
import { Counter, type Registry } from 'prom-client';
import type { QuotaKind, SettleOutcome } from './types.js';

export type RedisOperation = 'reserve' | 'settle' | 'connection';
export type UsageReportResult = SettleOutcome | 'rejected';

export interface QuotaMetrics {
  rejected(tenant: string, kind: QuotaKind): void;
  redisError(operation: RedisOperation): void;
  localFallback(): void;
  usageReport(result: UsageReportResult): void;
}

export function createQuotaMetrics(registry: Registry): QuotaMetrics {
  const m = {
    rejections: new Counter({ name: 'aegis_quota_rejections_total', help: 'Requests refused with 429 because a budget was spent, by tenant and kind (requests, tokens).', labelNames: ['tenant', 'kind'], registers: [registry] }),
    redisErrors: new Counter({ name: 'aegis_redis_errors_total', help: 'Failed Redis commands and connection errors of the quota store, by operation (reserve, settle, connection).', labelNames: ['operation'], registers: [registry] }),
    fallbacks: new Counter({ name: 'aegis_quota_local_fallback_total', help: 'Quota checks decided by the in-process store because Redis was configured but unavailable.', registers: [registry] }),
    reports: new Counter({ name: 'aegis_usage_reports_total', help: 'Usage reports received on POST /api/v1/usage, by result (settled, released, kept, unknown, rejected).', labelNames: ['result'], registers: [registry] }),
  };
  return {
    rejected: (tenant, kind) => m.rejections.inc({ tenant, kind }),
    redisError: (operation) => m.redisErrors.inc({ operation }),
    localFallback: () => m.fallbacks.inc(),
    usageReport: (result) => m.reports.inc({ result }),
  };
}
