// Quotas shared through a real redis-server: the burst through the Check service, and Redis
// killed mid-run and started again (local limits meanwhile, health degraded, a metric
// counting it, recovery by itself). No request fails because of Redis.
import t from 'tap';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { startRedisServer, type TestRedis } from '../../scripts/stack/redis-server.js';
import { createLogger } from '../src/logger.js';
import { createQuotaMetrics } from '../src/quota/quota-metrics.js';
import { createQuotaService, type QuotaService } from '../src/quota/quota-service.js';
import { headerMap, httpStatus, loadCheckRequest, startTestServer, withHeaders } from '../test-support/harness.js';

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let redis: TestRedis;
t.before(async () => {
  redis = await startRedisServer();
});
t.teardown(() => redis?.stop());

t.test('Redis killed mid-run: local limits, degraded, counted; back by itself once Redis returns', async (t) => {
  const registry = new Registry();
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const quota: QuotaService = createQuotaService({
    limits: { requests: 100, tokens: 0, windowMs: 60_000 },
    redisUrl: redis.url,
    // Generous: under a loaded test machine event-loop lag must not pass for a slow Redis.
    redisTimeoutMs: 1000,
    reservationTtlMs: 60_000,
    retryPauseMs: 200,
    logger,
    metrics: createQuotaMetrics(registry),
  });
  t.teardown(() => quota.close());
  const inspect = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  inspect.on('error', () => undefined);
  t.teardown(() => inspect.disconnect());
  const counted = async (): Promise<string | null> => inspect.hget('aegis:quota:{kill/test}', 'rc');
  const reserve = (id: string) => quota.reserve({ subject: 'kill/test', requestId: id, tokens: 1 });

  await until('redis ok', () => quota.redisHealth() === 'ok');
  for (const id of ['k1', 'k2', 'k3']) t.equal((await reserve(id)).admitted, true);
  await inspect.connect();
  t.equal(await counted(), '3', 'counted in Redis');

  await redis.kill();
  const started = Date.now();
  const during = await Promise.all(['k4', 'k5', 'k6'].map(reserve));
  t.ok(during.every((r) => r.admitted), 'requests are still admitted, by the local store');
  t.ok(Date.now() - started < 500, 'without waiting on the dead Redis');
  await until('degraded', () => quota.redisHealth() === 'degraded');
  const metrics = await registry.metrics();
  t.match(metrics, /^aegis_redis_errors_total\{operation="(reserve|connection)"\} [1-9]/m, 'aegis_redis_errors_total counts it');
  t.match(metrics, /^aegis_quota_local_fallback_total [1-9]/m, 'and the checks decided locally');
  t.ok(logs.some((l) => l['event'] === 'redis_degraded' && l['level'] === 'warn'), 'one warning in the log');
  t.equal(logs.filter((l) => l['event'] === 'redis_degraded').length, 1, 'not one per failed reconnect');

  await redis.restart();
  await until('recovered', () => quota.redisHealth() === 'ok');
  t.equal((await reserve('k7')).admitted, true);
  t.equal(await counted(), '1', 'counted in Redis again (the restarted Redis started empty)');
  t.ok(logs.some((l) => l['event'] === 'redis_recovered'), 'recovery is logged');
});

t.test('through the Check service: a burst of 50 against RATE_LIMIT_MAX=10 admits exactly 10, across two replicas', async (t) => {
  // A timeout would (rightly) fall back to local limits and admit more: not what this measures.
  const env = { REDIS_URL: redis.url, RATE_LIMIT_MAX: '10', AEGIS_REDIS_TIMEOUT_MS: '2000' };
  const a = await startTestServer(t, env);
  const b = await startTestServer(t, env);
  for (const server of [a, b]) await until('health ok', async () => ((await (await fetch(`${server.admin}/api/v1/health`)).json()) as { redis: string }).redis === 'ok');
  const fixture = loadCheckRequest('allowed-chat');
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).client.check(withHeaders(fixture, { 'x-aegis-request-id': `burst-${i}` }))));
  t.equal(answers.filter((r) => r.status.code === 0).length, 10, 'exactly 10 admitted');
  const refused = answers.filter((r) => r.denied_response);
  t.equal(refused.length, 40, 'the other 40 refused');
  t.ok(refused.every((r) => httpStatus(r.denied_response?.status.code) === 429 && headerMap(r.denied_response?.headers)['retry-after']), 'each a 429 with Retry-After');

  await redis.kill();
  const during = await Promise.all(Array.from({ length: 4 }, (_, i) => a.client.check(withHeaders(fixture, { 'x-aegis-request-id': `down-${i}` }))));
  t.ok(during.every((r) => r.status.code === 0), 'with Redis down, requests are decided by local limits (a fresh budget), none fails');
  const health = (await (await fetch(`${a.admin}/api/v1/health`)).json()) as { status: string; redis: string };
  t.match(health, { status: 'degraded', redis: 'degraded' });
  t.match(await (await fetch(`${a.admin}/api/v1/metrics`)).text(), /^aegis_redis_errors_total\{operation="[a-z]+"\} [1-9]/m);
  await redis.restart();
  await until('health ok again', async () => ((await (await fetch(`${a.admin}/api/v1/health`)).json()) as { status: string }).status === 'ok');
});
