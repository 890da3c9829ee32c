// The quota's settings from the environment, its cost estimate and its header formats.
import t from 'tap';
import { parseConfig } from '../src/config.js';
import type { RequestFeatures } from '../src/request-features.js';
import { estimateCost } from '../src/quota/cost.js';
import { durationText } from '../src/quota/rate-limit-headers.js';

t.test('quota settings have named defaults and refuse bad values, naming the variable', async (t) => {
  const parsed = parseConfig({});
  if (!parsed.ok) return t.fail(parsed.error.message);
  t.match(parsed.config, { rateLimitMax: 100, rateLimitTokens: 100_000, rateLimitDefaultMaxTokens: 1024, redisTimeoutMs: 100, reservationTtlMs: 600_000, usageToken: undefined, redisUrl: undefined });
  const off = parseConfig({ RATE_LIMIT_TOKENS: '0', REDIS_URL: 'rediss://cache.internal:6380/2', AEGIS_USAGE_TOKEN: ' s3cret ' });
  t.match(off, { ok: true, config: { rateLimitTokens: 0, redisUrl: 'rediss://cache.internal:6380/2', usageToken: 's3cret' } });
  const bad: [Record<string, string>, string][] = [
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ RATE_LIMIT_MAX: '0' }, 'RATE_LIMIT_MAX'],
    [{ RATE_LIMIT_TOKENS: '-5' }, 'RATE_LIMIT_TOKENS'],
    [{ RATE_LIMIT_DEFAULT_MAX_TOKENS: 'many' }, 'RATE_LIMIT_DEFAULT_MAX_TOKENS'],
    [{ AEGIS_REDIS_TIMEOUT_MS: '0' }, 'AEGIS_REDIS_TIMEOUT_MS'],
    [{ AEGIS_RESERVATION_TTL_MS: '10' }, 'AEGIS_RESERVATION_TTL_MS'],
  ];
  for (const [env, variable] of bad) t.match(parseConfig(env), { ok: false, error: { code: 'authz.config_invalid', where: variable } }, variable);
});

function features(f: Partial<RequestFeatures>): RequestFeatures {
  return { models: ['m'], maxTokens: undefined, messageCount: 1, toolsRequested: false, promptTokens: undefined, body: {}, ...f } as RequestFeatures;
}

t.test('the reserved cost is the prompt estimate plus the most the model may answer', async (t) => {
  t.equal(estimateCost(features({ promptTokens: 12, maxTokens: 100 }), '/v1/chat/completions', 1024), 112);
  t.equal(estimateCost(features({ promptTokens: 12 }), '/v1/messages', 1024), 1036, 'no max: the default is reserved');
  t.equal(estimateCost(features({ body: { messages: [{ role: 'user', content: 'abcdefgh' }] } }), '/v1/chat/completions', 0), 2, 'the prompt is estimated when the policy did not ask for it');
  t.equal(estimateCost(features({ promptTokens: 7, maxTokens: 100 }), '/v1/embeddings', 1024), 7, 'embeddings answer no tokens');
  t.equal(estimateCost(features({ promptTokens: 7 }), '/v1beta/models/text-embedding-004:embedContent', 1024), 7);
  t.equal(estimateCost(features({ models: [], promptTokens: 7 }), '/v1/anything', 1024), 0, 'no model, no inference');
  t.equal(estimateCost(undefined, '/v1/chat/completions', 1024), 0);
  t.equal(estimateCost(features({ promptTokens: 1, maxTokens: 1e15 }), '/v1/chat/completions', 0), 1_000_000_000, 'capped');
});

t.test('OpenAI-style reset durations', async (t) => {
  t.equal(durationText(250), '250ms');
  t.equal(durationText(1000), '1s');
  t.equal(durationText(12_400), '13s');
  t.equal(durationText(360_000), '6m0s');
  t.equal(durationText(80_000), '1m20s');
});
