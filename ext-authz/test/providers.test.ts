// Credential injection per provider, the 503 of a provider without a key, and provider-
// shaped errors, over a real gRPC socket with the CheckRequests Envoy sends on each route.
import t from 'tap';
import type { CheckResponse } from '../src/wire-types.js';
import { headerMap, httpStatus, loadCheckRequest, startTestServer, TEST_PROVIDER_KEYS, withHeaders } from '../test-support/harness.js';

interface InjectionCase {
  readonly provider: string;
  readonly fixture: string;
  readonly injected: Record<string, string>;
  readonly kept: string;
}

const injections: readonly InjectionCase[] = [
  { provider: 'openai', fixture: 'allowed-chat', injected: { authorization: `Bearer ${TEST_PROVIDER_KEYS.OPENAI_API_KEY}` }, kept: 'authorization' },
  { provider: 'azure', fixture: 'azure-chat', injected: { 'api-key': TEST_PROVIDER_KEYS.AZURE_OPENAI_KEY }, kept: 'api-key' },
  { provider: 'anthropic', fixture: 'anthropic-messages', injected: { 'x-api-key': TEST_PROVIDER_KEYS.ANTHROPIC_API_KEY, 'anthropic-version': '2023-06-01' }, kept: 'x-api-key' },
  { provider: 'google', fixture: 'google-generate', injected: { 'x-goog-api-key': TEST_PROVIDER_KEYS.GOOGLE_AI_API_KEY }, kept: 'x-goog-api-key' },
];

const KEY_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

t.test('each provider gets its own credential and never the Aegis key', async (t) => {
  const { client, logs } = await startTestServer(t);
  for (const c of injections) {
    t.test(`${c.provider}: ${Object.keys(c.injected).join(', ')}`, async (t) => {
      const res = await client.check(loadCheckRequest(c.fixture));
      const ok = res.ok_response;
      if (!ok) return t.fail(`expected ok_response, got ${JSON.stringify(res.denied_response)}`);
      t.match(headerMap(ok.headers), c.injected);
      t.same(
        [...ok.headers_to_remove].sort(),
        KEY_HEADERS.filter((h) => h !== c.kept).sort(),
        'every other key header is removed, so the client key cannot reach the provider',
      );
      t.ok(ok.headers.some((h) => h.header.key === c.kept), 'the provider key header is set, overwriting the client key');
    });
  }
  t.test('anthropic-version is added only when the client sent none', async (t) => {
    const res = await client.check(loadCheckRequest('anthropic-messages'));
    const version = res.ok_response?.headers.find((h) => h.header.key === 'anthropic-version');
    t.equal(version?.append_action, 'ADD_IF_ABSENT');
    const credential = res.ok_response?.headers.find((h) => h.header.key === 'x-api-key');
    t.equal(credential?.append_action, 'OVERWRITE_IF_EXISTS_OR_ADD');
  });
  t.test('a Google ?key= query parameter is removed', async (t) => {
    const res = await client.check(loadCheckRequest('google-generate'));
    t.same(res.ok_response?.query_parameters_to_remove, ['key']);
    const openai = await client.check(loadCheckRequest('allowed-chat'));
    t.same(openai.ok_response?.query_parameters_to_remove ?? [], []);
  });
  t.notOk(Object.values(TEST_PROVIDER_KEYS).some((k) => JSON.stringify(logs).includes(k) && k.startsWith('sk-')), 'no provider key appears in a log');
});

interface MissingCase {
  readonly fixture: string;
  readonly variable: string;
  readonly body: object;
}

const missing: readonly MissingCase[] = [
  { fixture: 'allowed-chat', variable: 'OPENAI_API_KEY', body: { error: { code: 'authz.provider_key_missing', type: 'service_unavailable', message: /OPENAI_API_KEY/, request_id: 'req-allowed-chat' } } },
  { fixture: 'azure-chat', variable: 'AZURE_OPENAI_KEY', body: { error: { code: 'authz.provider_key_missing', status: 503, message: /AZURE_OPENAI_KEY/, innererror: { request_id: 'req-azure-chat' } } } },
  { fixture: 'anthropic-messages', variable: 'ANTHROPIC_API_KEY', body: { type: 'error', error: { code: 'authz.provider_key_missing', message: /ANTHROPIC_API_KEY/ }, request_id: 'req-anthropic-messages' } },
  { fixture: 'google-generate', variable: 'GOOGLE_AI_API_KEY', body: { error: { code: 503, status: 'UNAVAILABLE', message: /GOOGLE_AI_API_KEY/, details: [{ reason: 'AUTHZ_PROVIDER_KEY_MISSING', metadata: { code: 'authz.provider_key_missing' } }] } } },
];

t.test('a provider without a key is a 503 in its own error shape, named in the log, even in dry run', async (t) => {
  const noKeys = { OPENAI_API_KEY: '', AZURE_OPENAI_KEY: '', ANTHROPIC_API_KEY: '', GOOGLE_AI_API_KEY: '', DRY_RUN: 'true' };
  const { client, logs } = await startTestServer(t, noKeys);
  for (const c of missing) {
    const res: CheckResponse = await client.check(loadCheckRequest(c.fixture));
    t.equal(httpStatus(res.denied_response?.status.code), 503, `${c.fixture}: 503`);
    t.match(JSON.parse(res.denied_response?.body ?? '{}'), c.body, `${c.fixture}: the provider's error shape`);
    t.ok(logs.some((l) => l['event'] === 'provider_key_missing' && l['variable'] === c.variable && l['level'] === 'warn'), `${c.fixture}: ${c.variable} named in the log`);
    t.match(logs.filter((l) => l['event'] === 'decision').at(-1), { code: 'authz.provider_key_missing', status: 503 }, 'the decision log has the code');
  }
});

t.test('429s carry Retry-After and rate-limit headers in each provider style', async (t) => {
  const { client, admin } = await startTestServer(t, { RATE_LIMIT_MAX: '1', RATE_LIMIT_TOKENS: '5000' });
  const first = await client.check(loadCheckRequest('allowed-chat'));
  t.equal(first.status.code, 0, 'the first request is admitted');
  const again = (fixture: string, id: string) => client.check(withHeaders(loadCheckRequest(fixture), { 'x-aegis-request-id': id }));

  const openai = await again('allowed-chat', 'q-openai');
  t.equal(httpStatus(openai.denied_response?.status.code), 429);
  const oh = headerMap(openai.denied_response?.headers);
  t.match(oh, { 'x-ratelimit-limit-requests': '1', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': /^\d+m\d+s$|^\d+s$/, 'x-ratelimit-limit-tokens': '5000', 'retry-after': /^\d+$/, 'retry-after-ms': /^\d+$/ });
  t.ok(Number(oh['retry-after']) >= 1 && Number(oh['retry-after']) <= 120, 'Retry-After in seconds, within two windows');
  t.match(JSON.parse(openai.denied_response?.body ?? '{}'), { error: { code: 'authz.quota.requests', type: 'rate_limit_error', message: /1 requests per minute/ } });

  const azure = await again('azure-chat', 'q-azure');
  t.match(headerMap(azure.denied_response?.headers), { 'x-ratelimit-remaining-requests': '0', 'retry-after': /^\d+$/ });
  t.match(JSON.parse(azure.denied_response?.body ?? '{}'), { error: { code: 'authz.quota.requests', status: 429 } });

  const anthropic = await again('anthropic-messages', 'q-anthropic');
  const ah = headerMap(anthropic.denied_response?.headers);
  t.match(ah, { 'anthropic-ratelimit-requests-limit': '1', 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'anthropic-ratelimit-tokens-limit': '5000', 'retry-after': /^\d+$/ });
  t.notOk('x-ratelimit-limit-requests' in ah, 'no OpenAI-style headers on an Anthropic route');
  t.match(JSON.parse(anthropic.denied_response?.body ?? '{}'), { type: 'error', error: { type: 'rate_limit_error', code: 'authz.quota.requests' } });

  const google = await again('google-generate', 'q-google');
  const gh = headerMap(google.denied_response?.headers);
  t.match(gh, { 'retry-after': /^\d+$/ });
  const gbody = JSON.parse(google.denied_response?.body ?? '{}') as { error: { details: Record<string, unknown>[] } };
  t.match(gbody, { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
  t.match(gbody.error.details, [{ reason: 'AUTHZ_QUOTA_REQUESTS' }, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${gh['retry-after']}s` }]);

  const metrics = await (await fetch(`${admin}/api/v1/metrics`)).text();
  t.match(metrics, /^aegis_quota_rejections_total\{tenant="demo",kind="requests"\} 4$/m);
  t.match(metrics, /^aegis_blocked_total\{tenant="demo",rule="authz.quota.requests"\} 4$/m);
});

t.test('the token budget refuses what would overrun it, and a request larger than the budget says so', async (t) => {
  // The Anthropic fixture reserves its prompt estimate + max_tokens 256.
  const { client } = await startTestServer(t, { RATE_LIMIT_TOKENS: '400' });
  t.equal((await client.check(loadCheckRequest('anthropic-messages'))).status.code, 0);
  const second = await client.check(withHeaders(loadCheckRequest('anthropic-messages'), { 'x-aegis-request-id': 'tok-2' }));
  t.equal(httpStatus(second.denied_response?.status.code), 429);
  t.match(headerMap(second.denied_response?.headers), { 'anthropic-ratelimit-tokens-limit': '400', 'anthropic-ratelimit-tokens-remaining': /^\d+$/ });
  t.match(JSON.parse(second.denied_response?.body ?? '{}'), { error: { code: 'authz.quota.tokens', message: /Token rate limit reached/ } });
  const huge = loadCheckRequest('allowed-chat');
  const http = huge.attributes!.request!.http!;
  http.body = JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5000, messages: [{ role: 'user', content: 'hi' }] });
  const tooLarge = await client.check(withHeaders(huge, { 'x-aegis-request-id': 'tok-3', 'content-length': String(http.body.length) }));
  t.match(JSON.parse(tooLarge.denied_response?.body ?? '{}'), { error: { code: 'authz.quota.tokens', message: /more than the whole budget of 400 tokens/ } });
});

t.test('in dry run a spent quota is logged as dry-run-deny and passes', async (t) => {
  const { client } = await startTestServer(t, { RATE_LIMIT_MAX: '1', DRY_RUN: 'true' });
  await client.check(loadCheckRequest('allowed-chat'));
  const res = await client.check(withHeaders(loadCheckRequest('allowed-chat'), { 'x-aegis-request-id': 'dry-2' }));
  t.equal(res.status.code, 0);
  t.equal(headerMap(res.ok_response?.headers)['x-aegis-decision'], 'dry-run-deny');
});
