import t from 'tap';
import { chat, load } from './helpers.js';

const host = await load();

function answer(path: string, json: object, headers: Record<string, string> = {}) {
  const body = JSON.stringify(json);
  return host.exchange({
    path,
    body: chat('hello'),
    response: { headers: { ':status': '200', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }, body },
  });
}

const TEXT = 'Call 010-1234-5678 or write to kim@example.com; key "AKIAIOSFODNN7EXAMPLE"\n끝';
const WANT = 'Call [PHONE] or write to [EMAIL]; key "[AWS_KEY]"\n끝';

t.test('JSON answers of each provider are redacted in place, valid JSON, content-length fixed', async (t) => {
  const cases: Array<[string, string, object, (j: any) => string]> = [
    ['openai', '/v1/chat/completions', { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: TEXT }, finish_reason: 'stop' }], usage: { prompt_tokens: 1 } }, (j) => j.choices[0].message.content],
    ['anthropic', '/v1/messages', { id: 'm', type: 'message', role: 'assistant', content: [{ type: 'text', text: TEXT }], stop_reason: 'end_turn' }, (j) => j.content[0].text],
    ['google', '/v1beta/models/g:generateContent', { candidates: [{ content: { parts: [{ text: TEXT }], role: 'model' }, finishReason: 'STOP' }] }, (j) => j.candidates[0].content.parts[0].text],
  ];
  for (const [name, path, json, read] of cases) {
    const ex = answer(path, json);
    const raw = ex.downstream!.body.toString();
    t.equal(read(JSON.parse(raw)), WANT, name);
    t.equal(ex.downstream!.headers.get('content-length'), String(Buffer.byteLength(raw)), `${name}: content-length`);
    t.notOk(raw.includes('AKIA') || raw.includes('kim@') || raw.includes('5678'), `${name}: no value`);
  }
});

t.test('escaped values are found and the rest of the document is untouched', async (t) => {
  const body = '{"choices":[{"message":{"content":"mail: kim\\u0040example.com \\ud83d\\ude00"}}],"model":"kim@example.com"}';
  const ex = host.exchange({ path: '/v1/chat/completions', body: chat('hi'), response: { headers: { ':status': '200', 'content-type': 'application/json' }, body } });
  const raw = ex.downstream!.body.toString();
  t.equal(JSON.parse(raw).choices[0].message.content, 'mail: [EMAIL] 😀');
  t.match(raw, /"model":"kim@example.com"/, 'fields the user does not read are left as they are');
  t.equal(ex.downstream!.headers.get('content-length'), undefined, 'no length to fix: none given');
});

t.test('answers without findings, error statuses and non-LLM content types pass byte for byte', async (t) => {
  const clean = { choices: [{ message: { content: 'Nothing to see here.' } }] };
  const ex = answer('/v1/chat/completions', clean);
  t.equal(ex.downstream!.body.toString(), JSON.stringify(clean));
  const err = host.exchange({ path: '/v1/chat/completions', body: chat('hi'), response: { status: 400, headers: { ':status': '400', 'content-type': 'application/json' }, body: '{"error":{"message":"kim@example.com"}}' } });
  t.equal(err.downstream!.body.toString(), '{"error":{"message":"kim@example.com"}}');
});

t.test('reversible redaction: the request carries [EMAIL_1], the answer gives the value back', async (t) => {
  const h = await load({ config: { rules: { 'filter.pii.email': { reversible: true }, 'filter.pii.kr_phone': { reversible: true } } } });
  const prompt = 'I am kim@example.com, also lee@example.org, again kim@example.com, call 010-1234-5678';
  const echo = (up: string) => JSON.parse(up).messages[1].content as string;
  // JSON answer that echoes the (redacted) prompt.
  const s = h.stream();
  s.sendRequestHeaders({ ':method': 'POST', ':path': '/v1/chat/completions', 'content-type': 'application/json' }, false);
  s.sendRequestBody(JSON.stringify(chat(prompt)), true);
  const sent = echo(s.upstream!.body.toString());
  t.equal(sent, 'I am [EMAIL_1], also [EMAIL_2], again [EMAIL_1], call [PHONE_1]', 'the provider never sees the values');
  s.sendResponseHeaders({ ':status': '200', 'content-type': 'application/json' }, false);
  s.sendResponseBody(JSON.stringify({ choices: [{ message: { content: `You said: ${sent}` } }] }), true);
  t.equal(JSON.parse(s.downstream!.body.toString()).choices[0].message.content, `You said: ${prompt}`);
  s.finish();
  // A streamed answer with every placeholder split across 1..5-byte events.
  for (const piece of [1, 2, 3, 5]) {
    const st = h.stream();
    st.sendRequestHeaders({ ':method': 'POST', ':path': '/v1/chat/completions', 'content-type': 'application/json' }, false);
    st.sendRequestBody(JSON.stringify(chat(prompt, { stream: true })), true);
    const up = echo(st.upstream!.body.toString());
    st.sendResponseHeaders({ ':status': '200', 'content-type': 'text/event-stream' }, false);
    for (let i = 0; i < up.length; i += piece) {
      st.sendResponseBody(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: up.slice(i, i + piece) }, finish_reason: null }] })}\n\n`, false);
    }
    st.sendResponseBody('data: [DONE]\n\n', true);
    let text = '';
    for (const b of st.downstream!.body.toString().split('\n\n')) {
      if (b.startsWith('data: {')) text += JSON.parse(b.slice(6)).choices[0].delta.content;
    }
    t.equal(text, prompt, `${piece}-byte events: values restored`);
    st.finish();
  }
  // Another request has its own map: its placeholders are not restored with the first one's values.
  const other = h.exchange({ path: '/v1/chat/completions', body: chat('hi'), response: { headers: { ':status': '200', 'content-type': 'application/json' }, body: '{"choices":[{"message":{"content":"[EMAIL_1]"}}]}' } });
  t.equal(JSON.parse(other.downstream!.body.toString()).choices[0].message.content, '[EMAIL_1]');
  const bad = await load({ config: { rules: { 'filter.secret.jwt': { reversible: true } } } });
  t.equal(bad.configured, false, 'reversible only for pii redact rules');
});
