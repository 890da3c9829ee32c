// The quota stores, in-process and Redis, driven through the same table of scenarios with
// the same clock: both must agree to the millisecond. The Redis store runs against a real
// redis-server started for this file.
import t, { type Test } from 'tap';
import { startRedisServer, type TestRedis } from '../../scripts/stack/redis-server.js';
import { createLocalStore } from '../src/quota/local-store.js';
import { createRedisStore } from '../src/quota/redis-store.js';
import type { QuotaLimits, QuotaStore, ReserveResult, SettleResult } from '../src/quota/types.js';
import { waitMs } from '../src/quota/window.js';

const W = 60_000;
const LIMITS: QuotaLimits = { requests: 3, tokens: 100, windowMs: W };
const T0 = 29_000_000 * W; // the start of a window

type Step =
  | { at: number; reserve: string; tokens: number; expect: Partial<Expect> }
  | { at: number; settle: string; charged: number | undefined; expect: Partial<SettleResult> };

interface Expect {
  admitted: boolean;
  kind: 'requests' | 'tokens';
  retryAfterMs: number | undefined;
  requestsRemaining: number;
  tokensRemaining: number;
}

interface Scenario {
  name: string;
  steps: Step[];
}

const r = (at: number, id: string, tokens: number, expect: Partial<Expect>): Step => ({ at, reserve: id, tokens, expect });
const s = (at: number, id: string, charged: number | undefined, expect: Partial<SettleResult>): Step => ({ at, settle: id, charged, expect });

const scenarios: Scenario[] = [
  {
    name: 'admits up to the request limit, then refuses until the window has faded enough',
    steps: [
      r(T0, 'a1', 10, { admitted: true, requestsRemaining: 2, tokensRemaining: 90 }),
      r(T0 + 1, 'a2', 10, { admitted: true, requestsRemaining: 1 }),
      r(T0 + 2, 'a3', 10, { admitted: true, requestsRemaining: 0 }),
      // next window: 3 · (W − e)/W + 1 ≤ 3 once e ≥ W/3, i.e. 60 000 − 3 + 20 000 ms from now
      r(T0 + 3, 'a4', 10, { admitted: false, kind: 'requests', retryAfterMs: W - 3 + W / 3 }),
      r(T0 + W, 'a5', 10, { admitted: false, kind: 'requests', retryAfterMs: W / 3 }),
      r(T0 + W + W / 3, 'a6', 10, { admitted: true, requestsRemaining: 0 }),
      r(T0 + 3 * W, 'a7', 10, { admitted: true, requestsRemaining: 2, tokensRemaining: 90 }),
    ],
  },
  {
    name: 'reserves the estimated tokens and refuses what would overrun the token budget',
    steps: [
      r(T0, 'b1', 60, { admitted: true, tokensRemaining: 40 }),
      r(T0 + 10, 'b2', 50, { admitted: false, kind: 'tokens', tokensRemaining: 40, requestsRemaining: 2 }),
      r(T0 + 20, 'b3', 40, { admitted: true, tokensRemaining: 0 }),
      r(T0 + 30, 'b4', 150, { admitted: false, kind: 'tokens', retryAfterMs: undefined }),
    ],
  },
  {
    name: 'a usage report below the estimate gives the difference back; a second report finds nothing',
    steps: [
      r(T0, 'c1', 60, { admitted: true }),
      r(T0 + 1, 'c2', 80, { admitted: false, kind: 'tokens' }),
      s(T0 + 2, 'c1', 10, { outcome: 'settled', reserved: 60, charged: 10 }),
      r(T0 + 3, 'c3', 80, { admitted: true, tokensRemaining: 10 }),
      s(T0 + 4, 'c1', 10, { outcome: 'unknown' }),
    ],
  },
  {
    name: 'a failed request releases its reservation; an unreported usage keeps it as spent',
    steps: [
      r(T0, 'd1', 60, { admitted: true }),
      s(T0 + 1, 'd1', 0, { outcome: 'released', reserved: 60, charged: 0 }),
      r(T0 + 2, 'd2', 100, { admitted: true, tokensRemaining: 0 }),
      s(T0 + 3, 'd2', undefined, { outcome: 'kept', reserved: 100, charged: 100 }),
      r(T0 + 4, 'd3', 1, { admitted: false, kind: 'tokens' }),
    ],
  },
  {
    name: 'usage above the estimate is charged too, and a settlement lands in the window it was reserved in',
    steps: [
      r(T0, 'e1', 50, { admitted: true }),
      s(T0 + 1, 'e1', 90, { outcome: 'settled', charged: 90 }),
      r(T0 + 2, 'e2', 20, { admitted: false, kind: 'tokens', tokensRemaining: 10 }),
      r(T0 + W - 1, 'e3', 10, { admitted: true, tokensRemaining: 0 }),
      // e3 is settled in the next window: its 10 tokens come off the previous window's count
      s(T0 + W, 'e3', 0, { outcome: 'released' }),
      r(T0 + W, 'e4', 10, { admitted: true, tokensRemaining: 0 }),
    ],
  },
];

async function runScenario(t: Test, store: QuotaStore, scenario: Scenario, clock: { now: number }): Promise<void> {
  for (const [i, step] of scenario.steps.entries()) {
    clock.now = step.at;
    if ('reserve' in step) {
      const got = await store.reserve({ subject: `tenant/${scenario.name}`, requestId: step.reserve, tokens: step.tokens });
      t.match(summary(got), step.expect, `step ${i + 1}: reserve ${step.reserve} (${step.tokens} tokens)`);
    } else {
      const got = await store.settle({ requestId: step.settle, charged: step.charged });
      t.match(got, step.expect, `step ${i + 1}: settle ${step.settle} (${String(step.charged)})`);
    }
  }
}

function summary(result: ReserveResult): Expect {
  return {
    admitted: result.admitted,
    kind: result.admitted ? ('' as never) : result.kind,
    retryAfterMs: result.admitted ? 0 : result.retryAfterMs,
    requestsRemaining: result.requests.remaining,
    tokensRemaining: result.tokens?.remaining ?? -1,
  };
}

t.test('the sliding-window arithmetic', async (t) => {
  t.equal(waitMs(0, 3, 1, 3, 0, W), W + W / 3, 'a full current window waits for the next one and a third');
  t.equal(waitMs(3, 0, 1, 3, 0, W), W / 3, 'a full previous window fades linearly');
  t.equal(waitMs(0, 0, 4, 3, 0, W), undefined, 'more than the limit never fits');
  t.equal(waitMs(1, 1, 1, 3, 0, W), 0, 'fits now');
});

t.test('the in-process store', async (t) => {
  for (const scenario of scenarios) {
    t.test(scenario.name, async (t) => {
      const clock = { now: T0 };
      const store = createLocalStore({ limits: LIMITS, reservationTtlMs: 10 * W, now: () => clock.now });
      t.teardown(() => store.close());
      await runScenario(t, store, scenario, clock);
    });
  }
  t.test('an unreported reservation expires as spent, and the store forgets idle subjects', async (t) => {
    const clock = { now: T0 };
    const store = createLocalStore({ limits: LIMITS, reservationTtlMs: 5000, maxReservations: 2, now: () => clock.now });
    t.teardown(() => store.close());
    await store.reserve({ subject: 's', requestId: 'x1', tokens: 50 });
    clock.now += 5000;
    t.match(await store.settle({ requestId: 'x1', charged: 0 }), { outcome: 'unknown' }, 'expired');
    t.match(await store.reserve({ subject: 's', requestId: 'x2', tokens: 60 }), { admitted: false, kind: 'tokens' }, 'still spent');
    for (const id of ['y1', 'y2', 'y3']) await store.reserve({ subject: `s-${id}`, requestId: id, tokens: 1 });
    t.equal(store.size().reservations, 2, 'at most maxReservations are kept; the oldest are dropped (as spent)');
  });
});

t.test('the Redis store against a real redis-server', async (t) => {
  let redis: TestRedis;
  try {
    redis = await startRedisServer();
  } catch (err) {
    return t.fail((err as Error).message);
  }
  t.teardown(() => redis.stop());
  let prefix = 0;
  const store = (limits: QuotaLimits, now?: () => number, ttl = 10 * W) =>
    createRedisStore({ url: redis.url, limits, reservationTtlMs: ttl, commandTimeoutMs: 1000, keyPrefix: `test${prefix++}:`, ...(now ? { now } : {}) });
  const ready = async (s: ReturnType<typeof store>): Promise<void> => {
    for (let i = 0; i < 100 && !s.ready(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  for (const scenario of scenarios) {
    t.test(`${scenario.name} (as the in-process store)`, async (t) => {
      const clock = { now: T0 };
      const s = store(LIMITS, () => clock.now);
      t.teardown(() => s.close());
      await ready(s);
      await runScenario(t, s, scenario, clock);
    });
  }

  t.test('a burst of 50 concurrent requests against a budget of 10 admits exactly 10, across replicas too', async (t) => {
    const limits = { requests: 10, tokens: 0, windowMs: W };
    const one = store(limits);
    t.teardown(() => one.close());
    await ready(one);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => one.reserve({ subject: 'burst/one', requestId: `one-${i}`, tokens: 5 })));
    t.equal(burst.filter((b) => b.admitted).length, 10, 'one client: exactly 10 admitted');
    // Two replicas: two connections sharing one prefix, 25 requests each, all in flight at once.
    const shared = `shared${prefix++}:`;
    const replicas = [0, 1].map(() => createRedisStore({ url: redis.url, limits, reservationTtlMs: W, commandTimeoutMs: 1000, keyPrefix: shared }));
    t.teardown(() => Promise.all(replicas.map((r) => r.close())));
    await Promise.all(replicas.map(ready));
    const both = await Promise.all(Array.from({ length: 50 }, (_, i) => replicas[i % 2]!.reserve({ subject: 'burst/two', requestId: `two-${i}`, tokens: 5 })));
    t.equal(both.filter((b) => b.admitted).length, 10, 'two replicas: exactly 10 admitted');
    const refused = both.find((b) => !b.admitted);
    t.match(refused, { admitted: false, kind: 'requests', requests: { limit: 10, remaining: 0 } });
    t.ok(refused && !refused.admitted && refused.retryAfterMs && refused.retryAfterMs > 0, 'with a retry time');
  });

  t.test('with Redis time (no injected clock) reservations expire as spent after their TTL', async (t) => {
    const s = store({ requests: 5, tokens: 100, windowMs: W }, undefined, 300);
    t.teardown(() => s.close());
    await ready(s);
    t.match(await s.reserve({ subject: 'ttl/x', requestId: 'ttl-1', tokens: 70 }), { admitted: true, tokens: { remaining: 30 } });
    t.match(await s.settle({ requestId: 'ttl-1', charged: 20 }), { outcome: 'settled' }, 'settles before the TTL');
    t.match(await s.reserve({ subject: 'ttl/x', requestId: 'ttl-2', tokens: 70 }), { admitted: true, tokens: { remaining: 10 } });
    await new Promise((r) => setTimeout(r, 450));
    t.match(await s.settle({ requestId: 'ttl-2', charged: 0 }), { outcome: 'unknown' }, 'expired: nothing to release');
    t.match(await s.reserve({ subject: 'ttl/x', requestId: 'ttl-3', tokens: 20 }), { admitted: false, kind: 'tokens' }, 'the expired reservation stays spent');
  });
});
