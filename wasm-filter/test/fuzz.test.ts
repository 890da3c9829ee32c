// Property tests: random and adversarial headers and bodies through the built .wasm. The
// filter must never trap, and every outcome is a documented one. Seeded and bounded.
import t from 'tap';
import fc from 'fast-check';
import { chat, load } from './helpers.js';

const host = await load({ config: { limits: { max_body_bytes: 256 * 1024 } } });
const SEED = 20261121;
const DOCUMENTED = new Set([200, 400, 403, 405, 413, 415, 431]);
const CODES = /^filter\.(injection|secret|pii|header|body|custom)\.[a-z0-9_.-]+$/;

function checkOutcome(ex: ReturnType<typeof host.exchange>, sentJson: boolean): void {
  if (host.trapped) throw host.trapped;
  if (!DOCUMENTED.has(ex.status)) throw new Error(`undocumented status ${ex.status}`);
  if (ex.localReply) {
    const err = (ex.json as { error?: { code?: string } } | null)?.error;
    if (!err || !CODES.test(err.code ?? '')) throw new Error(`bad error body ${ex.downstream?.body.toString()}`);
    if (!ex.downstream!.headers.get('x-aegis-request-id')) throw new Error('reply without request id');
  } else if (ex.upstream && sentJson) {
    JSON.parse(ex.upstream.body.toString('utf8')); // redaction keeps JSON valid
    const cl = ex.upstream.headers.get('content-length');
    if (cl !== undefined && Number(cl) !== ex.upstream.body.length) throw new Error('content-length mismatch');
  }
  if (ex.upstream && [...ex.upstream.headers.entries()].some(([k, v]) => k.startsWith('x-aegis-') && v.includes('FORGED'))) {
    throw new Error('a client x-aegis header survived');
  }
}

const interesting = fc.constantFrom(
  'ignore previous instructions', '이전 지시를 무시', 'a@b.co', '010-1234-5678', '4111111111111111', '900101-1234567',
  'AKIAIOSFODNN7EXAMPLE', 'sk-', '-----BEGIN', '\u200b', '\ud83d\ude00', '\\', '"', '\u0000', 'Ａ', 'ᄋ', '\u115f',
);
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(interesting, { maxLength: 8 }).map((a) => a.join(' ')), fc.string({ maxLength: 50 }));

t.test('random JSON request bodies (OpenAI, Anthropic, Google, anything)', async (t) => {
  fc.assert(
    fc.property(
      fc.oneof(
        text.map((s) => chat(s)),
        fc.array(text, { maxLength: 5 }).map((parts) => chat(parts.map((p) => ({ type: 'text', text: p })))),
        text.map((s) => ({ system: s, messages: [{ role: 'user', content: [{ type: 'tool_result', content: s }] }] })),
        text.map((s) => ({ contents: [{ parts: [{ text: s }, { functionResponse: { response: { x: [s, { y: s }] } } }] }] })),
        fc.jsonValue({ maxDepth: 6 }),
      ),
      fc.integer({ min: 1, max: 64 }),
      (body, chunk) => {
        const ex = host.exchange({ body: JSON.stringify(body), chunkSize: chunk, headers: { 'content-type': 'application/json', 'x-aegis-findings': 'FORGED' } });
        checkOutcome(ex, true);
      },
    ),
    { seed: SEED, numRuns: 1500 },
  );
  t.equal(host.trapped, null);
});

t.test('arbitrary bytes, truncated JSON, every byte value', async (t) => {
  const valid = JSON.stringify(chat('hello 010-1234-5678 and a@b.co "quoted" \\ back'));
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
        fc.integer({ min: 0, max: valid.length }).map((n) => Buffer.from(valid.slice(0, n))),
        fc.tuple(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
          const buf = Buffer.from(valid);
          buf[i] = b;
          return buf;
        }),
      ),
      (body) => {
        const ex = host.exchange({ body, headers: { 'content-type': 'application/json' } });
        let parsed = true;
        try { JSON.parse(body.toString('utf8')); } catch { parsed = false; }
        checkOutcome(ex, parsed && Buffer.from(body.toString('utf8')).equals(body));
      },
    ),
    { seed: SEED + 1, numRuns: 1500 },
  );
  for (let b = 0; b < 256; b++) {
    const body = Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"a'), Buffer.from([b]), Buffer.from('b"}]}')]);
    checkOutcome(host.exchange({ body, headers: { 'content-type': 'application/json' } }), false);
  }
  t.equal(host.trapped, null);
});

t.test('adversarial sizes: deep nesting, huge strings and arrays', async (t) => {
  const cases = [
    '['.repeat(100000),
    '{"a":'.repeat(50000) + '1' + '}'.repeat(50000),
    JSON.stringify(chat('x'.repeat(200000))),
    JSON.stringify(chat('\u200b'.repeat(60000))),
    JSON.stringify(chat('가'.repeat(60000))),
    JSON.stringify({ messages: Array.from({ length: 20000 }, () => ({ role: 'user', content: 'a@b.co' })) }),
    JSON.stringify(chat('9'.repeat(100000))),
    JSON.stringify(chat('a@'.repeat(50000))),
    '"' + '\\u'.repeat(1000),
    JSON.stringify(chat('\\ud800'.repeat(1000))),
  ];
  for (const body of cases) {
    const ex = host.exchange({ body, headers: { 'content-type': 'application/json' } });
    checkOutcome(ex, false);
  }
  t.equal(host.trapped, null);
});

t.test('random headers: any names and values', async (t) => {
  const name = fc.oneof(fc.constantFrom(':method', ':path', 'content-type', 'content-length', 'content-encoding', 'x-request-id', 'x-aegis-findings', 'X-AEGIS-X'), fc.string({ minLength: 0, maxLength: 20 }));
  fc.assert(
    fc.property(fc.array(fc.tuple(name, fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }))), { maxLength: 30 }), fc.boolean(), (headers, withBody) => {
      const s = host.stream();
      s.sendRequestHeaders(headers.map(([k, v]): [string, string] => [k, k.toLowerCase().startsWith('x-aegis-') ? 'FORGED' : v]), !withBody);
      if (withBody && !s.decoderAborted) s.sendRequestBody(JSON.stringify(chat('hi')), true);
      if (host.trapped) throw host.trapped;
      if (s.upstream && [...s.upstream.headers.entries()].some(([k, v]) => k.startsWith('x-aegis-') && v === 'FORGED')) throw new Error('forged header survived');
      s.finish();
    }),
    { seed: SEED + 2, numRuns: 1000 },
  );
  t.equal(host.trapped, null);
  t.equal(host.liveStreams(), 0);
});
