// The Redis quota check alone: the authz service's Redis store (ext-authz/src/quota/
// redis-store.ts) reserving a request and its tokens — one atomic Lua script a check —
// against a redis-server the bench starts on a free loopback port, on the SUT's CPUs.
// Its baseline, in the same run: a plain PING over a second connection, i.e. what any
// Redis round trip costs here. One call at a time (the latency of one check, not Redis'
// throughput), timed in the bench process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { freePort } from '../../scripts/stack/free-port.js';
import { waitFor } from '../../scripts/stack/wait.js';
import type { Pinning } from './machine.js';
import { launch } from './procs.js';
import type { Row } from './results.js';
import { Recorder, summarize } from './stats.js';

interface Store {
  reserve(r: { subject: string; requestId: string; tokens: number }): Promise<unknown>;
  close(): Promise<void>;
  ready(): boolean;
}

interface StoreModule {
  createRedisStore(o: { url: string; limits: { requests: number; tokens: number; windowMs: number }; reservationTtlMs: number; commandTimeoutMs: number; keyPrefix?: string }): Store;
}

export function redisMissing(): string | undefined {
  return spawnSync('redis-server', ['--version']).status === 0 ? undefined : 'redis-server not installed (apt-get install redis-server)';
}

async function timeCalls(n: number, call: (i: number) => Promise<unknown>): Promise<Recorder> {
  for (let i = 0; i < Math.min(500, n); i++) await call(-1 - i);
  const rec = new Recorder(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call(i);
    rec.add(performance.now() - t0);
  }
  return rec;
}

function row(scenario: string, n: number, rec: Recorder, extra: Partial<Row>): Row {
  const s = summarize(rec.view());
  return { scenario, mix: 'reserve', mode: 'micro', status: 'ok', requests: n, rps: null, p50_ms: s.p50_ms, p90_ms: s.p90_ms, p99_ms: s.p99_ms, max_ms: s.max_ms, errors: 0, cpu_s: {}, rss_mb: {}, value: s.p99_ms, unit: 'ms p99', ...extra };
}

export async function runRedisQuota(quick: boolean, dir: string, pinning: Pinning): Promise<Row[]> {
  const port = await freePort();
  const redis = launch('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { logFile: join(dir, 'redis.log'), pinning, cwd: dir });
  const url = `redis://127.0.0.1:${port}`;
  const ping = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  ping.on('error', () => undefined);
  let store: Store | undefined;
  try {
    await waitFor('redis-server', async () => (redis.tail().includes('Ready to accept connections') ? true : undefined), 10_000, redis.exited);
    await ping.connect();
    const mod = (await import('../../ext-authz/src/quota/redis-store.js')) as unknown as StoreModule;
    store = mod.createRedisStore({ url, limits: { requests: 1e9, tokens: 1e9, windowMs: 60_000 }, reservationTtlMs: 60_000, commandTimeoutMs: 1000 });
    await waitFor('quota store', async () => (store?.ready() ? true : undefined), 10_000);
    const n = quick ? 2000 : 20_000;
    const base = await timeCalls(n, () => ping.ping());
    const s = store;
    const quota = await timeCalls(n, (i) => s.reserve({ subject: `demo/key${i & 7}`, requestId: `bench-${i}`, tokens: 2048 }));
    const p99 = summarize(quota.view()).p99_ms;
    return [
      row('authz-redis-ping', n, base, { note: 'baseline: PING round trip on its own connection' }),
      row('authz-redis-quota', n, quota, { baseline: 'authz-redis-ping', target: '≤ 0.3 ms p99', met: p99 <= 0.3, note: `reserve (requests + tokens, one Lua script) over ${n.toLocaleString('en')} sequential checks, 8 subjects` }),
    ];
  } catch (err) {
    return [{ scenario: 'authz-redis-quota', mix: 'reserve', mode: 'micro', status: 'failed', note: `${(err as Error).message.split('\n')[0]}\n${redis.tail(300)}`, rps: null, p50_ms: null, p99_ms: null, errors: null, cpu_s: {}, rss_mb: {} }];
  } finally {
    await store?.close().catch(() => undefined);
    ping.disconnect();
    await redis.stop();
  }
}
