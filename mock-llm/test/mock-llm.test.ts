import t from 'tap';
import { startMockLlm } from '../src/server.js';
import { splitIntoChunks, lastUserText } from '../src/reply.js';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function sseDataLines(text: string): string[] {
  return text
    .split('\n\n')
    .filter((f) => f.startsWith('data: '))
    .map((f) => f.slice('data: '.length));
}

t.test('the mock echoes the last user message as the assistant content', async (t) => {
  const mock = await startMockLlm();
  t.teardown(() => mock.close());
  const res = await post(`${mock.url}/v1/chat/completions`, {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'text', text: '안녕하세요, ' }, { type: 'text', text: 'world' }] },
    ],
  });
  t.equal(res.status, 200);
  const json = (await res.json()) as { choices: { message: { content: string } }[]; usage: { total_tokens: number } };
  t.equal(json.choices[0]?.message.content, '안녕하세요, world');
  t.ok(json.usage.total_tokens > 0, 'usage is filled');
  t.equal(mock.requests.length, 1, 'the request is recorded');
});

t.test('a streamed completion splits the echo over several SSE chunks and ends with [DONE]', async (t) => {
  const mock = await startMockLlm();
  t.teardown(() => mock.close());
  const text = 'The quick brown fox jumps over the lazy dog';
  const res = await post(`${mock.url}/v1/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: text }] });
  t.equal(res.headers.get('content-type'), 'text/event-stream');
  const lines = sseDataLines(await res.text());
  t.equal(lines.at(-1), '[DONE]');
  const events = lines.slice(0, -1).map((l) => JSON.parse(l) as { choices: { delta: { content?: string } }[]; usage?: object });
  const contentChunks = events.map((e) => e.choices[0]?.delta.content ?? '').filter((c) => c !== '');
  t.ok(contentChunks.length > 2, 'several content chunks');
  t.equal(contentChunks.join(''), text);
  t.ok(events.at(-1)?.usage, 'the last event carries usage');
});

t.test('x-mock-reply makes the mock answer with the given text and chunk size', async (t) => {
  const mock = await startMockLlm();
  t.teardown(() => mock.close());
  const reply = 'key sk-proj-abc 900101-1234567';
  const res = await post(
    `${mock.url}/v1/chat/completions`,
    { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] },
    { 'x-mock-reply': Buffer.from(reply).toString('base64'), 'x-mock-chunk-size': '3' },
  );
  const lines = sseDataLines(await res.text()).slice(0, -1);
  const chunks = lines
    .map((l) => (JSON.parse(l) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
    .filter((c) => c !== '');
  t.equal(chunks.join(''), reply);
  t.ok(chunks.every((c) => [...c].length <= 3));
});

t.test('invalid requests get OpenAI-shaped errors', async (t) => {
  const mock = await startMockLlm();
  t.teardown(() => mock.close());
  const cases: [unknown, number][] = [
    ['{not json', 400],
    [{ messages: [{ role: 'user', content: 'x' }] }, 400],
    [{ model: 'm', messages: [] }, 400],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 400],
  ];
  for (const [body, status] of cases) {
    const res = await post(`${mock.url}/v1/chat/completions`, body as object);
    t.equal(res.status, status);
    const json = (await res.json()) as { error: { message: string; type: string } };
    t.type(json.error.message, 'string');
    t.equal(json.error.type, 'invalid_request_error');
  }
  const unknown = await post(`${mock.url}/v1/nope`, { a: 1 });
  t.equal(unknown.status, 404);
  const get = await fetch(`${mock.url}/v1/chat/completions`);
  t.equal(get.status, 405);
  const health = await fetch(`${mock.url}/health`);
  t.equal(health.status, 200);
});

t.test('chunks never split a surrogate pair and join back to the text', async (t) => {
  const text = 'a😀b😀c한글';
  for (let size = 1; size < 6; size++) {
    const chunks = splitIntoChunks(text, size);
    t.equal(chunks.join(''), text);
    t.ok(chunks.every((c) => !/[\uD800-\uDBFF]$/.test(c)));
  }
  t.same(splitIntoChunks('', 4), ['']);
  t.equal(lastUserText('nope'), '');
  t.equal(lastUserText([{ role: 'assistant', content: 'x' }]), '');
});
