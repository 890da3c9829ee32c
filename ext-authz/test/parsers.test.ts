// The small pure readers: findings header, API key, provider, request features, token estimate.
import t from 'tap';
import { extractApiKey } from '../src/api-key.js';
import { parseFindings } from '../src/findings.js';
import { detectProvider } from '../src/provider.js';
import { readFilterMode, readHeaders, toCheckInput } from '../src/request-mapper.js';
import { estimateTokens } from '../src/token-estimate.js';
import { errorBody } from '../src/error-body.js';
import { compileGlobs } from '../src/glob.js';

t.test('the findings header', async (t) => {
  const table: [string | undefined, unknown][] = [
    [undefined, []],
    ['', []],
    ['pii:pii.email:redact:2', [{ detector: 'pii', rule: 'filter.pii.email', action: 'redact', count: 2 }]],
    ['secret:filter.secret.aws_access_key:block:1', [{ detector: 'secret', rule: 'filter.secret.aws_access_key', action: 'block', count: 1 }]],
    ['pii:pii.email:redact:2, injection:injection.phrase:flag:1', [{ rule: 'filter.pii.email' }, { rule: 'filter.injection.phrase' }]],
    ['pii:pii.email:redact', undefined],
    ['pii:pii.email:destroy:1', undefined],
    ['pii:PII.Email:redact:1', undefined],
    ['pii:pii.email:redact:-1', undefined],
    ['pii:pii.email:redact:1,', undefined],
    [Array.from({ length: 33 }, () => 'pii:pii.email:redact:1').join(','), undefined],
  ];
  for (const [header, expected] of table) t.match(parseFindings(header), expected, `${JSON.stringify(header)?.slice(0, 60)}`);
  t.equal(parseFindings(Array.from({ length: 32 }, () => 'pii:pii.email:redact:1').join(','))?.length, 32, '32 entries are fine');
});

t.test('the API key comes from the header each SDK uses', async (t) => {
  const table: [Record<string, string>, string | undefined][] = [
    [{ authorization: 'Bearer k1' }, 'k1'],
    [{ authorization: 'bearer   k1  ' }, 'k1'],
    [{ authorization: 'Basic k1' }, undefined],
    [{ authorization: 'Basic k1', 'x-api-key': 'k2' }, 'k2'],
    [{ 'x-api-key': 'k2' }, 'k2'],
    [{ 'api-key': 'k3' }, 'k3'],
    [{ 'x-goog-api-key': 'k4' }, 'k4'],
    [{ authorization: 'Bearer k1', 'x-api-key': 'k2' }, 'k1'],
    [{}, undefined],
  ];
  for (const [headers, expected] of table) t.equal(extractApiKey(headers), expected, JSON.stringify(headers));
});

t.test('the provider comes from the route extension, else the path', async (t) => {
  const table: [string, Record<string, string>, string][] = [
    ['/v1/chat/completions', {}, 'openai'],
    ['/v1/messages', {}, 'anthropic'],
    ['/v1beta/models/gemini-2.0-flash:generateContent', {}, 'google'],
    ['/v1/models/gemini-2.0-flash:streamGenerateContent', {}, 'google'],
    ['/openai/deployments/gpt-4o/chat/completions', {}, 'azure'],
    ['/v1/chat/completions', { provider: 'anthropic' }, 'anthropic'],
    ['/v1/chat/completions', { provider: 'bogus' }, 'openai'],
  ];
  for (const [path, ext, expected] of table) t.equal(detectProvider(path, ext), expected, `${path} ${JSON.stringify(ext)}`);
});

t.test('the filter header gives the mode', async (t) => {
  t.equal(readFilterMode(undefined), undefined);
  t.equal(readFilterMode('v1;mode=enforce'), 'enforce');
  t.equal(readFilterMode('v1;mode=monitor'), 'monitor');
  t.equal(readFilterMode('v1'), 'enforce');
});

t.test('raw header_map entries are read like headers', async (t) => {
  const headers = readHeaders({
    header_map: { headers: [{ key: 'X-Aegis-Filter', raw_value: Buffer.from('v1;mode=enforce') }, { key: 'accept', value: 'a' }, { key: 'accept', value: 'b' }] },
  });
  t.same({ ...headers }, { 'x-aegis-filter': 'v1;mode=enforce', accept: 'a,b' });
});

t.test('the request mapper reads path without query, body and ids', async (t) => {
  const mapped = toCheckInput({
    attributes: { request: { http: { id: 'envoy-id', method: 'post', path: '/v1/chat/completions?x=1', headers: {}, raw_body: Buffer.from('{}') } } },
  });
  t.match(mapped, { ok: true, input: { requestId: 'envoy-id', method: 'POST', path: '/v1/chat/completions', filterMode: undefined, findings: [] } });
  t.equal(toCheckInput({ attributes: null }).ok, false);
});

t.test('the token estimate', async (t) => {
  t.equal(estimateTokens(''), 0);
  t.equal(estimateTokens('abcd'), 1);
  t.equal(estimateTokens('abcde'), 2);
  t.equal(estimateTokens('안녕하세요'), 5);
  t.equal(estimateTokens('hi 안녕'), 3);
});

t.test('globs match whole names with * wildcards', async (t) => {
  const match = compileGlobs(['gpt-4o', 'claude-*-latest']);
  t.ok(match('gpt-4o'));
  t.notOk(match('gpt-4o-mini'));
  t.ok(match('claude-3-5-sonnet-latest'));
  t.notOk(match('claude-3-5-sonnet-latest-x'));
});

t.test('error bodies take each provider shape', async (t) => {
  const denial = { status: 429, code: 'authz.rate_limited', type: 'rate_limit_error' as const, message: 'slow down' };
  t.same(JSON.parse(errorBody('openai', denial, 'r1')), { error: { message: 'slow down', type: 'rate_limit_error', code: 'authz.rate_limited', param: null, request_id: 'r1' } });
  t.match(JSON.parse(errorBody('anthropic', denial, 'r1')), { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
  t.match(JSON.parse(errorBody('google', denial, 'r1')), { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'slow down' } });
  t.match(JSON.parse(errorBody('azure', denial, 'r1')), { error: { code: 'authz.rate_limited' } });
});
