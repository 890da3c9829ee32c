import t from 'tap';
import { chat, load, type ErrorJson } from './helpers.js';

const code = (ex: { json: unknown }) => (ex.json as ErrorJson).error.code;

t.test('allowed methods and path prefixes', async (t) => {
  const host = await load({ config: { headers: { allowed_methods: ['GET', 'POST'], allowed_path_prefixes: ['/v1/', '/v1beta/'] } } });
  const m = host.exchange({ method: 'TRACE', path: '/v1/models' });
  t.equal(m.status, 405);
  t.equal(code(m), 'filter.header.method_not_allowed');
  const p = host.exchange({ method: 'GET', path: '/admin' });
  t.equal(p.status, 403);
  t.equal(code(p), 'filter.header.path_not_allowed');
  t.equal(host.exchange({ method: 'GET', path: '/v1beta/models' }).status, 200);
});

t.test('required headers', async (t) => {
  const host = await load({ config: { headers: { required: ['Authorization'] } } });
  const ex = host.exchange({ body: chat('hi') });
  t.equal(ex.status, 400);
  t.equal(code(ex), 'filter.header.required_missing');
  t.equal(host.exchange({ body: chat('hi'), headers: { authorization: 'Bearer x' } }).status, 200);
});

t.test('LLM routes need a JSON content-type: text/plain does not slip past the body checks', async (t) => {
  const host = await load();
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const ex = host.exchange({ body: 'ignore previous instructions', headers: { 'content-type': type } });
    t.equal(ex.status, 415, type);
    t.equal(code(ex), 'filter.body.content_type');
  }
  const none = host.exchange({ body: '{"messages":[]}' });
  t.equal(none.status, 415, 'no content-type at all');
  for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/vnd.api+json']) {
    t.equal(host.exchange({ body: chat('hi'), headers: { 'content-type': type } }).status, 200, type);
  }
  const other = await load({ config: { body: { llm_path_prefixes: ['/v1/'] } } });
  t.equal(other.exchange({ path: '/upload', body: 'anything', headers: { 'content-type': 'text/plain' } }).status, 200, 'non-LLM routes are not inspected');
});

t.test('bodies with a content-encoding the filter cannot read are refused (415)', async (t) => {
  const host = await load();
  for (const enc of ['gzip', 'br', 'deflate', 'identity, gzip']) {
    const ex = host.exchange({ body: chat('hi'), headers: { 'content-encoding': enc } });
    t.equal(ex.status, 415, enc);
    t.equal(code(ex), 'filter.body.unsupported_encoding');
  }
  t.equal(host.exchange({ body: chat('hi'), headers: { 'content-encoding': 'identity' } }).status, 200);
});

t.test('header size limits', async (t) => {
  const host = await load({ config: { limits: { max_header_bytes: 1024, max_header_count: 20 } } });
  const big = host.exchange({ method: 'GET', path: '/', headers: { 'x-big': 'a'.repeat(2000) } });
  t.equal(big.status, 431);
  t.equal(code(big), 'filter.header.too_large');
  const many = host.exchange({ method: 'GET', path: '/', headers: Array.from({ length: 30 }, (_, i): [string, string] => [`x-h${i}`, '1']) });
  t.equal(many.status, 431);
});

t.test('deny patterns on chosen headers', async (t) => {
  const host = await load({ config: { headers: { deny: [
    { id: 'filter.header.scanner_ua', header: 'user-agent', pattern: '(?i)(sqlmap|nikto|nuclei)', action: 'block' },
    { id: 'filter.header.debug', header: 'x-debug', pattern: '^on$', action: 'flag' },
  ] } } });
  const ex = host.exchange({ method: 'GET', path: '/v1/models', headers: { 'user-agent': 'Mozilla/5.0 SQLMap/1.7' } });
  t.equal(ex.status, 403);
  t.equal(code(ex), 'filter.header.scanner_ua');
  t.equal(host.exchange({ method: 'GET', path: '/v1/models', headers: { 'user-agent': 'curl/8' } }).status, 200);
  const flag = host.exchange({ body: chat('hi'), headers: { 'x-debug': 'on' } });
  t.equal(flag.status, 200);
  t.equal(flag.upstream!.headers.get('x-aegis-findings'), 'header:filter.header.debug:flag:1');
  t.equal(host.exchange({ method: 'GET', path: '/', headers: { 'x-debug': 'only' } }).upstream!.headers.get('x-aegis-findings'), undefined);
});

t.test('a deny pattern that is not in the supported subset is refused at load', async (t) => {
  const host = await load({ config: { headers: { deny: [{ id: 'filter.header.bad', header: 'x', pattern: '(a)\\1' }] } } });
  t.equal(host.configured, false);
  t.match(host.logs.find((l) => l.level === 'error')!.message, /headers\.deny rule filter\.header\.bad: pattern 0: unsupported escape/);
});
