// The response side end to end: real Envoy, the compiled filter and the mock LLM told what to
// answer (x-mock-reply). Secrets and PII the model emits, split across SSE chunks, never reach
// the client; their typed placeholders do.
import t from 'tap';
import OpenAI from 'openai';
import { chat, withStack } from './support.js';

const ANSWER = 'Here you go: key AKIAIOSFODNN7EXAMPLE, 주민번호 900101-1234567, mail kim.minsu@example.co.kr. Bye.';
const EXPECTED = 'Here you go: key [AWS_KEY], 주민번호 [KR_RRN], mail [EMAIL]. Bye.';
const VALUES = ['AKIAIOSFODNN7EXAMPLE', '900101-1234567', 'kim.minsu@example.co.kr'];

const mockReply = (text: string, chunk: number) => ({
  'x-mock-reply': Buffer.from(text, 'utf8').toString('base64'),
  'x-mock-chunk-size': String(chunk),
});

function streamedText(raw: string): string {
  let out = '';
  for (const block of raw.split('\n\n')) {
    const line = block.split('\n').find((l) => l.startsWith('data: '));
    if (!line || line === 'data: [DONE]') continue;
    const j = JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] };
    out += j.choices[0]?.delta.content ?? '';
  }
  return out;
}

t.test('answers are redacted by the filter in real Envoy', async (t) => {
  // E-mail addresses in prompts are redacted reversibly: [EMAIL_1] upstream, the value again in
  // the answer; a GitHub token in an answer ends the stream with an error event.
  const stack = await withStack(t, {
    filterConfig: { rules: { 'filter.pii.email': { reversible: true }, 'filter.secret.github_token': { response_action: 'end_stream' } } },
  });

  t.test('a streamed answer with an AWS key, an RRN and an e-mail in 3-character chunks', async (t) => {
    for (const chunk of [3, 1, 64]) {
      const res = await chat(stack, { content: 'Tell me my details', stream: true, headers: mockReply(ANSWER, chunk) });
      t.equal(res.status, 200);
      t.match(res.headers.get('content-type'), /^text\/event-stream/);
      const raw = await res.text();
      for (const v of VALUES) t.notOk(raw.includes(v), `chunk ${chunk}: ${v} never reaches the client`);
      t.equal(streamedText(raw), EXPECTED, `chunk ${chunk}: placeholders in place, every event valid JSON`);
      t.ok(raw.trimEnd().endsWith('data: [DONE]'), 'the stream ends cleanly');
    }
  });

  t.test('a JSON answer is redacted in place with a correct length', async (t) => {
    const res = await chat(stack, { content: 'Tell me my details', headers: mockReply(ANSWER, 5) });
    t.equal(res.status, 200);
    const raw = await res.text();
    const len = res.headers.get('content-length');
    t.ok(len, 'the headers were held: content-length is set, not dropped');
    t.equal(Number(len), Buffer.byteLength(raw), 'content-length matches the rewritten body');
    for (const v of VALUES) t.notOk(raw.includes(v), `${v} never reaches the client`);
    const json = JSON.parse(raw) as { choices: { message: { content: string } }[] };
    t.equal(json.choices[0]?.message.content, EXPECTED);
  });

  t.test('reversible redaction: the provider sees [EMAIL_1], the user reads the address again', async (t) => {
    const prompt = 'My address is lee.jiwon@example.kr, please repeat it.';
    for (const stream of [false, true]) {
      const before = stack.mock?.requests.length ?? 0;
      const res = await chat(stack, { content: prompt, stream, headers: { 'x-mock-chunk-size': '2' } });
      t.equal(res.status, 200);
      const raw = await res.text();
      const text = stream ? streamedText(raw) : (JSON.parse(raw) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
      t.equal(text, prompt, `stream ${stream}: the user reads their own address`);
      const upstream = stack.mock!.requests.slice(before).map((r) => r.body.toString()).join('');
      t.match(upstream, /\[EMAIL_1\]/, 'the mock got the placeholder');
      t.notOk(upstream.includes('lee.jiwon@example.kr'), 'the provider never saw the address');
    }
  });

  t.test('a rule with response_action end_stream ends the stream: the OpenAI SDK raises an APIError', async (t) => {
    const token = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'A1b2C3';
    const client = new OpenAI({ apiKey: stack.key, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'token please' }], stream: true },
      { headers: mockReply(`Your token is ${token} keep it safe`, 3) },
    );
    let text = '';
    const err = await (async () => {
      try {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return null;
      } catch (e) {
        return e as { message?: string };
      }
    })();
    t.ok(err instanceof OpenAI.APIError, 'the SDK raises its API error');
    t.match(String(err?.message), /Response stopped by policy/);
    t.equal(text, 'Your token is ', 'the text before the token arrived');
    t.notOk(text.includes('ghp_'));
  });

  t.test('every output redaction is counted per rule in Envoy stats', async (t) => {
    const stats = await (await fetch(`${stack.envoyAdminUrl}/stats?filter=aegis_filter_response`)).text();
    t.match(stats, /aegis_filter_response_redactions_total\.filter\.secret\.aws_access_key: [1-9]/);
    t.match(stats, /aegis_filter_response_redactions_total\.filter\.pii\.kr_rrn: [1-9]/);
    t.match(stats, /aegis_filter_responses_redacted_total: [1-9]/);
  });
});
