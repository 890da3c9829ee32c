// The Check service over a real socket (port 0) with a real @grpc/grpc-js client.
import t, { type Test } from 'tap';
import { headerMap, httpStatus, loadCheckRequest, startTestServer, TEST_DEMO_KEY, TEST_PROVIDER_KEYS, withHeaders } from '../test-support/harness.js';
import type { CheckResponse } from '../src/wire-types.js';

interface DenyCase {
  readonly name: string;
  readonly fixture: string;
  readonly status: number;
  readonly code: string;
  readonly type: string;
}

const denials: readonly DenyCase[] = [
  { name: 'a request with no key is denied 401', fixture: 'missing-key', status: 401, code: 'authz.unauthenticated', type: 'authentication_error' },
  { name: 'a request with an unknown key is denied 401', fixture: 'wrong-key', status: 401, code: 'authz.unauthenticated', type: 'authentication_error' },
  { name: 'a model outside the allowlist is denied 403', fixture: 'model-not-allowed', status: 403, code: 'authz.model_not_allowed', type: 'aegis_policy_violation' },
  { name: 'a body that is not JSON is denied 400', fixture: 'malformed-json', status: 400, code: 'authz.invalid_json', type: 'invalid_request_error' },
  { name: 'a request that bypassed the filter is denied 403', fixture: 'missing-filter-header', status: 403, code: 'authz.filter_missing', type: 'aegis_policy_violation' },
  { name: 'a flagged prompt injection is denied by the default policy', fixture: 'injection-flagged', status: 403, code: 'policy.deny_prompt_injection', type: 'aegis_policy_violation' },
  { name: 'a blocking finding that reached the service is denied with the filter rule id', fixture: 'secret-block-leaked', status: 403, code: 'filter.secret.aws_access_key', type: 'aegis_policy_violation' },
];

t.test('the Check service over a real socket', async (t) => {
  const { client, logs } = await startTestServer(t);

  t.test('an allowed chat completion gets an OK response with Aegis headers', async (t) => {
    const res = await client.check(loadCheckRequest('allowed-chat'));
    t.equal(res.status.code, 0);
    const ok = res.ok_response;
    if (!ok) return t.fail('expected ok_response');
    const upstream = headerMap(ok.headers);
    t.equal(upstream['x-aegis-decision'], 'allow');
    t.equal(upstream['x-aegis-tenant'], 'demo');
    t.equal(upstream['authorization'], `Bearer ${TEST_PROVIDER_KEYS.OPENAI_API_KEY}`, 'the provider key replaces the client key upstream');
    t.ok(ok.headers_to_remove.includes('x-api-key'));
    t.equal(headerMap(ok.response_headers_to_add)['x-aegis-decision'], 'allow');
    t.ok(ok.headers.every((h) => h.append_action === 'OVERWRITE_IF_EXISTS_OR_ADD'));
    const fields = res.dynamic_metadata?.fields ?? {};
    t.match(fields['decision_id'], { stringValue: 'req-allowed-chat' });
    t.match(fields['tenant'], { stringValue: 'demo' });
    t.match(fields['decision'], { stringValue: 'allow' });
  });

  t.test('the raw_body form of the same request is allowed too', async (t) => {
    const res = await client.check(loadCheckRequest('allowed-chat-raw-body'));
    t.equal(res.status.code, 0);
    t.ok(res.ok_response);
  });

  t.test('a Google request with the model in the path and x-goog-api-key is allowed', async (t) => {
    const res = await client.check(loadCheckRequest('google-generate'));
    t.equal(res.status.code, 0);
    t.ok(res.ok_response);
  });

  t.test('a request with redacted PII passes', async (t) => {
    const res = await client.check(loadCheckRequest('pii-redacted'));
    t.equal(headerMap(res.ok_response?.response_headers_to_add)['x-aegis-decision'], 'allow');
  });

  for (const c of denials) {
    t.test(c.name, async (t) => {
      const res = await client.check(loadCheckRequest(c.fixture));
      assertDenied(t, res, c.status, `req-${c.fixture}`);
      const body = JSON.parse(res.denied_response?.body ?? '{}') as { error: Record<string, unknown> };
      t.same(body.error, { message: body.error['message'], type: c.type, code: c.code, param: null, request_id: `req-${c.fixture}` });
    });
  }

  t.test('an Anthropic route gets the Anthropic error shape', async (t) => {
    const res = await client.check(loadCheckRequest('anthropic-wrong-key'));
    assertDenied(t, res, 401, 'req-anthropic-wrong-key');
    const body = JSON.parse(res.denied_response?.body ?? '{}') as Record<string, unknown>;
    t.equal(body['type'], 'error');
    t.match(body['error'], { type: 'authentication_error', message: String, code: 'authz.unauthenticated' });
  });

  t.test('a Google route gets the Google error shape', async (t) => {
    const res = await client.check(loadCheckRequest('google-model-not-allowed'));
    assertDenied(t, res, 403, 'req-google-model-not-allowed');
    const body = JSON.parse(res.denied_response?.body ?? '{}') as Record<string, unknown>;
    t.match(body['error'], { code: 403, status: 'PERMISSION_DENIED', message: /gemini-ultra-unlisted/ });
  });

  t.test('a CheckRequest without an HTTP request is denied 400', async (t) => {
    const res = await client.check({ attributes: {} });
    t.equal(httpStatus(res.denied_response?.status.code), 400);
    t.match(JSON.parse(res.denied_response?.body ?? '{}'), { error: { code: 'authz.request_malformed' } });
  });

  t.test('one decision log line per decision, with no key and no body', async (t) => {
    const before = logs.length;
    await client.check(loadCheckRequest('allowed-chat'));
    const lines = logs.slice(before).filter((l) => l['event'] === 'decision');
    t.equal(lines.length, 1);
    t.match(lines[0], { request_id: 'req-allowed-chat', tenant: 'demo', decision: 'allow', rules: [], findings: [], duration_ms: Number });
    const all = JSON.stringify(logs);
    t.notOk(all.includes(TEST_DEMO_KEY), 'the demo key never appears in a log');
    t.notOk(all.includes('Say hello in one word'), 'the prompt never appears in a log');
  });
});

t.test('DRY_RUN lets would-be denials through, marked dry-run-deny', async (t) => {
  const { client, logs } = await startTestServer(t, { DRY_RUN: 'true' });
  const res = await client.check(loadCheckRequest('model-not-allowed'));
  t.equal(res.status.code, 0);
  t.notOk(res.denied_response);
  t.equal(headerMap(res.ok_response?.headers)['x-aegis-decision'], 'dry-run-deny');
  t.equal(headerMap(res.ok_response?.response_headers_to_add)['x-aegis-decision'], 'dry-run-deny');
  t.match(logs.find((l) => l['event'] === 'decision'), { decision: 'dry-run-deny', code: 'authz.model_not_allowed' });
});

t.test('AEGIS_REQUIRE_FILTER=false accepts requests that did not pass the filter', async (t) => {
  const { client } = await startTestServer(t, { AEGIS_REQUIRE_FILTER: 'false' });
  const res = await client.check(loadCheckRequest('missing-filter-header'));
  t.equal(res.status.code, 0);
});

t.test('with OPENAI_API_KEY set, the provider key replaces the client key upstream', async (t) => {
  const { client, logs } = await startTestServer(t, { OPENAI_API_KEY: 'sk-provider-test-0001' });
  const res = await client.check(loadCheckRequest('allowed-chat'));
  const ok = res.ok_response;
  t.equal(headerMap(ok?.headers)['authorization'], 'Bearer sk-provider-test-0001');
  t.notOk(ok?.headers_to_remove.includes('authorization'), 'set, not removed after being set');
  t.ok(ok?.headers_to_remove.includes('x-goog-api-key'));
  t.notOk(JSON.stringify(logs).includes('sk-provider-test-0001'), 'the provider key never appears in a log');
});

t.test('filter monitor mode turns a blocking finding into a flag', async (t) => {
  const { client } = await startTestServer(t);
  const request = withHeaders(loadCheckRequest('secret-block-leaked'), { 'x-aegis-filter': 'v1;mode=monitor', 'x-aegis-findings': 'pii:pii.email:block:1' });
  const res = await client.check(request);
  t.equal(headerMap(res.ok_response?.headers)['x-aegis-decision'], 'flag');
});

t.test('a malformed findings header fails closed with 503', async (t) => {
  const { client } = await startTestServer(t);
  const res = await client.check(withHeaders(loadCheckRequest('allowed-chat'), { 'x-aegis-findings': 'not a finding' }));
  t.equal(httpStatus(res.denied_response?.status.code), 503);
  t.match(JSON.parse(res.denied_response?.body ?? '{}'), { error: { code: 'authz.findings_invalid', type: 'service_unavailable' } });
});

function assertDenied(t: Test, res: CheckResponse, status: number, requestId: string): void {
  t.not(res.status.code, 0, 'gRPC status is not OK');
  const denied = res.denied_response;
  if (!denied) return void t.fail('expected denied_response');
  t.equal(httpStatus(denied.status.code), status);
  const headers = headerMap(denied.headers);
  t.equal(headers['content-type'], 'application/json');
  t.equal(headers['x-aegis-request-id'], requestId);
  t.equal(headers['x-aegis-decision'], 'deny');
}
