import t from 'tap';
import { chat, load } from './helpers.js';
import { cut, readStream, sseStream, streamThrough, type Provider } from './response-helpers.js';

const host = await load();

const SECRET_TEXT = 'Sure. The key is AKIAIOSFODNN7EXAMPLE, the RRN is 900101-1234567 and the mail is kim.minsu@example.co.kr. 끝.';
const EXPECTED = 'Sure. The key is [AWS_KEY], the RRN is [KR_RRN] and the mail is [EMAIL]. 끝.';
const VALUES = ['AKIAIOSFODNN7EXAMPLE', '900101-1234567', 'kim.minsu@example.co.kr', 'AKIA', 'minsu@'];

function noValue(t: { notOk(v: unknown, msg: string): void }, body: string, name: string) {
  for (const v of VALUES) t.notOk(body.includes(v), `${name}: ${v} never reaches the client`);
}

t.test('an OpenAI stream is redacted the same at every split point of the byte stream', async (t) => {
  const body = Buffer.from(sseStream('openai', SECRET_TEXT, 3));
  const reference = streamThrough(host, 'openai', [body]).body;
  t.equal(readStream('openai', reference), EXPECTED);
  let bad = 0;
  for (let p = 1; p < body.length; p++) {
    const got = streamThrough(host, 'openai', cut(body, [p])).body;
    if (got !== reference) bad++;
  }
  t.equal(bad, 0, 'every single split point gives the same bytes');
  t.equal(host.trapped, null);
});

t.test('one-byte chunks, two cuts everywhere near the values, and one huge chunk give the same output', async (t) => {
  const body = Buffer.from(sseStream('openai', SECRET_TEXT, 1));
  const reference = streamThrough(host, 'openai', [body]).body;
  t.equal(readStream('openai', reference), EXPECTED);
  noValue(t, reference, 'one chunk');
  const ones = [...Array(body.length - 1).keys()].map((i) => i + 1);
  t.equal(streamThrough(host, 'openai', cut(body, ones)).body, reference, 'one byte chunks');
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 200; round++) {
    const points = new Set<number>();
    const n = 1 + Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) points.add(1 + Math.floor(rnd() * (body.length - 1)));
    const got = streamThrough(host, 'openai', cut(body, [...points].sort((a, b) => a - b))).body;
    if (got !== reference) { t.fail(`random chunking ${[...points]}`); break; }
  }
});

t.test('values split over 3-byte events in each provider format are replaced by their placeholders', async (t) => {
  for (const provider of ['openai', 'anthropic', 'google'] as Provider[]) {
    const body = Buffer.from(sseStream(provider, SECRET_TEXT, 3));
    const one = streamThrough(host, provider, [body]).body;
    t.equal(readStream(provider, one), EXPECTED, provider);
    noValue(t, one, provider);
    const small = streamThrough(host, provider, cut(body, [...Array(Math.floor(body.length / 5)).keys()].map((i) => (i + 1) * 5))).body;
    t.equal(small, one, `${provider}: 5-byte chunks give the same output`);
  }
});

t.test('text without findings is released before the stream ends (only a possible match is held)', async (t) => {
  const s = host.stream();
  s.sendRequestHeaders({ ':method': 'POST', ':path': '/v1/chat/completions', 'content-type': 'application/json' }, false);
  s.sendRequestBody(JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }), true);
  s.sendResponseHeaders({ ':status': '200', 'content-type': 'text/event-stream', 'content-length': '999' }, false);
  t.equal(s.downstream!.headers.get('content-length'), undefined, 'content-length removed: events change size');
  const ev = (c: string) => `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(c)}},"finish_reason":null}]}\n\n`;
  s.sendResponseBody(ev('Hello there, how are '), false);
  t.equal(readStream('openai', s.downstream!.body.toString()), 'Hello there, how are ', 'plain words released at once');
  s.sendResponseBody(ev('you? Write to kim'), false);
  t.equal(readStream('openai', s.downstream!.body.toString()), 'Hello there, how are you? Write to ', 'a word that may start an e-mail is held');
  s.sendResponseBody(ev('@example.com today'), false);
  s.sendResponseBody('data: [DONE]\n\n', true);
  t.equal(readStream('openai', s.downstream!.body.toString()), 'Hello there, how are you? Write to [EMAIL] today');
  s.finish();
});

t.test('a private key streamed in small pieces is held whole and redacted; memory stays bounded', async (t) => {
  const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA' + 'q'.repeat(1500) + '\n-----END RSA PRIVATE KEY-----';
  const body = Buffer.from(sseStream('openai', `Here: ${key} done`, 7));
  const got = streamThrough(host, 'openai', cut(body, [...Array(Math.floor(body.length / 11)).keys()].map((i) => (i + 1) * 11))).body;
  t.equal(readStream('openai', got), 'Here: [PRIVATE_KEY] done');
  t.notOk(got.includes('MIIEow'));
});

t.test('a long stream holds a bounded tail: memory does not grow with the stream length', async (t) => {
  const s = host.stream();
  s.sendRequestHeaders({ ':method': 'POST', ':path': '/v1/chat/completions', 'content-type': 'application/json' }, false);
  s.sendRequestBody(JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }), true);
  s.sendResponseHeaders({ ':status': '200', 'content-type': 'text/event-stream' }, false);
  const ev = `data: {"choices":[{"index":0,"delta":{"content":"lorem ipsum dolor sit amet, mail a@b.io 010-1234-5678 "},"finish_reason":null}]}\n\n`;
  const batch = ev.repeat(200);
  let before = 0;
  for (let i = 0; i < 80; i++) { // ~2 MB of events (the bench streams 10 MB through Envoy)
    s.sendResponseBody(batch, false);
    if (i === 10) before = host.memoryBytes();
  }
  s.sendResponseBody('data: [DONE]\n\n', true);
  t.equal(host.memoryBytes(), before, 'linear memory unchanged after the first 250 kB');
  const tail = s.downstream!.body.subarray(-400).toString();
  t.match(tail, /\[EMAIL\] "[^\n]*\n\ndata: [^\n]*\[PHONE\] lorem/);
  s.finish();
});

t.test('response redactions are counted per rule and logged without the value', async (t) => {
  const h = await load();
  const body = Buffer.from(sseStream('openai', SECRET_TEXT, 4));
  streamThrough(h, 'openai', [body]);
  t.equal(h.metric('aegis_filter_responses_redacted_total'), 1);
  t.equal(h.metric('aegis_filter_response_redactions_total.filter.secret.aws_access_key'), 1);
  t.equal(h.metric('aegis_filter_response_redactions_total.filter.pii.email'), 1);
  const line = h.logs.find((l) => l.message.includes('response redacted='));
  t.ok(line);
  t.match(line!.message, /secret:filter\.secret\.aws_access_key:redact:1/);
  for (const v of VALUES) t.notOk(h.logs.some((l) => l.message.includes(v)), `log never has ${v}`);
});

t.test('response.enabled false passes answers unchanged; invalid holdback_bytes is refused', async (t) => {
  const h = await load({ config: { response: { enabled: false } } });
  const body = Buffer.from(sseStream('openai', SECRET_TEXT, 3));
  t.equal(streamThrough(h, 'openai', [body]).body, body.toString());
  const bad = await load({ config: { response: { holdback_bytes: -1 } } });
  t.equal(bad.configured, false);
  t.match(bad.logs.find((l) => l.level === 'error')?.message ?? '', /response\.holdback_bytes: must be between/);
});

t.test('response_action end_stream: the stream ends with an error event in the provider format', async (t) => {
  const h = await load({ config: { rules: { 'filter.secret.aws_access_key': { response_action: 'end_stream' } } } });
  for (const provider of ['openai', 'anthropic', 'google'] as Provider[]) {
    const body = Buffer.from(sseStream(provider, SECRET_TEXT, 3));
    const got = streamThrough(h, provider, cut(body, [...Array(Math.floor(body.length / 4)).keys()].map((i) => (i + 1) * 4))).body;
    noValue(t, got, provider);
    t.equal(readStream(provider, got.split(/data: \{"(?:type":"error|error)/)[0]!), 'Sure. The key is ', `${provider}: text up to the value`);
    const blocks = got.trimEnd().split('\n\n');
    const errLine = blocks.find((b) => b.includes('"error"'))!.split('\n').find((l) => l.startsWith('data: '))!;
    const err = JSON.parse(errLine.slice(6)) as { error: { code?: string; reason?: string; details?: { reason: string }[] } };
    const code = err.error.code ?? err.error.details?.[0]?.reason;
    t.equal(provider === 'google' ? err.error.details?.[0]?.reason : code, 'filter.secret.aws_access_key', `${provider}: the rule id in the error`);
    if (provider === 'openai') t.equal(blocks[blocks.length - 1], 'data: [DONE]', 'openai: [DONE] closes the stream');
    if (provider === 'anthropic') t.match(got, /event: error\ndata: /);
    t.notOk(got.slice(got.indexOf('"error"')).includes('[KR_RRN]'), `${provider}: nothing after the error`);
  }
  t.equal(h.metric('aegis_filter_response_streams_ended_total'), 3);
  // Non-streamed answers cannot be ended: the rule redacts there.
  const ex = h.exchange({ path: '/v1/chat/completions', body: chat('hi'), response: { headers: { ':status': '200', 'content-type': 'application/json' }, body: JSON.stringify({ choices: [{ message: { content: SECRET_TEXT } }] }) } });
  t.equal(JSON.parse(ex.downstream!.body.toString()).choices[0].message.content, EXPECTED);
});
