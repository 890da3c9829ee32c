// What a Redis quota check adds to a decision, over loopback: two authz services (built,
// each its own process, as deployed), one with in-process quotas and one with REDIS_URL
// pointing at a local redis-server, answer sequential Check requests in alternation (so
// that both see the same background load); the p50/p99 difference is the cost of Redis.
// Also times the quota's reserve() alone. Prints a Markdown table.
//   npm run build && node --import tsx scripts/bench-quota.ts [requests per service, default 5000]
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAuthzClient } from '../ext-authz/src/client.js';
import { createLocalStore } from '../ext-authz/src/quota/local-store.js';
import { createRedisStore } from '../ext-authz/src/quota/redis-store.js';
import type { QuotaStore } from '../ext-authz/src/quota/types.js';
import type { CheckRequest } from '../ext-authz/src/wire-types.js';
import { loadCheckRequest, withHeaders } from '../ext-authz/test-support/harness.js';
import { startChild } from './stack/child.js';
import { freePort } from './stack/free-port.js';
import { startRedisServer } from './stack/redis-server.js';
import { repoRoot } from './stack/repo-root.js';
import { httpOk, waitFor } from './stack/wait.js';

const N = Number(process.argv[2] ?? 5000);
const WARMUP = 500;

function percentiles(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: samples.reduce((s, v) => s + v, 0) / samples.length };
}

interface Service {
  label: string;
  check(request: CheckRequest): Promise<number>;
  stop(): Promise<void>;
}

async function startService(env: Record<string, string>, label: string): Promise<Service> {
  const grpc = await freePort();
  const admin = await freePort();
  const child = startChild(`authz-${label}`, process.execPath, [join(repoRoot, 'dist', 'ext-authz', 'src', 'main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env, LOG_LEVEL: 'warn', AEGIS_GRPC_HOST: '127.0.0.1', AEGIS_GRPC_PORT: String(grpc), PORT: String(admin),
      AEGIS_DEMO_KEY: 'aegis-test-demo-key-0001', OPENAI_API_KEY: 'sk-bench', RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_TOKENS: '1000000000', ...env,
    },
  });
  await waitFor('authz', () => httpOk(`http://127.0.0.1:${admin}/api/v1/health`), 20_000, child.exited);
  if (env.REDIS_URL) {
    await waitFor('redis ok', async () => (((await (await fetch(`http://127.0.0.1:${admin}/api/v1/health`)).json()) as { redis: string }).redis === 'ok' ? true : undefined), 10_000);
  }
  const client = createAuthzClient(`127.0.0.1:${grpc}`);
  return {
    label,
    async check(request) {
      const start = performance.now();
      const res = await client.check(request);
      const ms = performance.now() - start;
      if (res.status.code !== 0) throw new Error(`${label}: not allowed: ${JSON.stringify(res.denied_response)}`);
      return ms;
    },
    async stop() {
      client.close();
      await child.stop();
    },
  };
}

/** Sequential Checks, alternating between the services so that both see the same background load. */
async function timeChecksInterleaved(services: Service[]): Promise<number[][]> {
  const fixture = loadCheckRequest('allowed-chat');
  const samples = services.map(() => [] as number[]);
  for (let i = 0; i < WARMUP + N; i++) {
    for (const [k, service] of services.entries()) {
      const ms = await service.check(withHeaders(fixture, { 'x-aegis-request-id': `${service.label}-${i}` }));
      if (i >= WARMUP) samples[k]!.push(ms);
    }
  }
  return samples;
}

/** The stores alone (no fallback), so that a slow Redis shows as slow, not as local. */
async function timeReserveInterleaved(redisUrl: string): Promise<number[][]> {
  const limits = { requests: 1e9, tokens: 1e9, windowMs: 60_000 };
  const redis = createRedisStore({ url: redisUrl, limits, reservationTtlMs: 600_000, commandTimeoutMs: 5000, keyPrefix: 'bench:' });
  const stores: QuotaStore[] = [createLocalStore({ limits, reservationTtlMs: 600_000 }), redis];
  try {
    await waitFor('redis ready', async () => (redis.ready() ? true : undefined), 10_000);
    const samples = stores.map(() => [] as number[]);
    for (let i = 0; i < WARMUP + N; i++) {
      for (const [k, store] of stores.entries()) {
        const start = performance.now();
        await store.reserve({ subject: 'bench/key', requestId: `r-${k}-${i}`, tokens: 30 });
        if (i >= WARMUP) samples[k]!.push(performance.now() - start);
      }
    }
    return samples;
  } finally {
    await Promise.all(stores.map((q) => q.close()));
  }
}

const redis = await startRedisServer();
const services: Service[] = [];
try {
  services.push(await startService({}, 'local'), await startService({ REDIS_URL: redis.url, AEGIS_REDIS_TIMEOUT_MS: '5000' }, 'redis'));
  const [local, shared] = await timeChecksInterleaved(services);
  const [reserveLocal, reserveRedis] = await timeReserveInterleaved(redis.url);
  const rows: [string, number[]][] = [
    ['Check, in-process quota', local!],
    ['Check, Redis quota', shared!],
    ['reserve() alone, in-process', reserveLocal!],
    ['reserve() alone, Redis', reserveRedis!],
  ];
  const fmt = (v: number): string => v.toFixed(3);
  const out = [`| ${N} sequential requests each, interleaved, loopback | p50 ms | p99 ms | mean ms |`, '| --- | ---: | ---: | ---: |'];
  const stats = rows.map(([name, s]) => [name, percentiles(s)] as const);
  for (const [name, p] of stats) out.push(`| ${name} | ${fmt(p.p50)} | ${fmt(p.p99)} | ${fmt(p.mean)} |`);
  const [a, b] = [stats[0]![1], stats[1]![1]];
  out.push('', `Redis adds ${fmt(b.p50 - a.p50)} ms at p50 and ${fmt(b.p99 - a.p99)} ms at p99 to a Check (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${cpus().length} CPUs).`);
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await Promise.all(services.map((s) => s.stop()));
  await redis.stop();
}
