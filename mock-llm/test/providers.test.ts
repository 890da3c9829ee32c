// The mock speaks each provider's API well enough for the official SDKs: every call here
// goes through the SDK a user would use, straight at the mock (no gateway).
import t, { type Test } from 'tap';
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import { MOCK_PROVIDER_KEYS } from '../src/credentials.js';
import { startMockLlm, type MockLlm } from '../src/server.js';

async function mockWithKeys(t: Test): Promise<MockLlm> {
  const mock = await startMockLlm({ keys: MOCK_PROVIDER_KEYS });
  t.teardown(() => mock.close());
  return mock;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

t.test('OpenAI: chat, responses and embeddings through the openai SDK', async (t) => {
  const mock = await mockWithKeys(t);
  const client = new OpenAI({ apiKey: MOCK_PROVIDER_KEYS.openai, baseURL: `${mock.url}/v1`, maxRetries: 0 });
  const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi there' }] });
  t.equal(chat.choices[0]?.message.content, 'hi there');
  const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'a responses echo' });
  t.equal(response.output_text, 'a responses echo');
  t.ok(response.usage && response.usage.input_tokens > 0, 'responses usage');
  const stream = await client.responses.create({ model: 'gpt-4o-mini', input: [{ role: 'user', content: 'streamed responses echo' }], stream: true });
  let text = '';
  let completed = false;
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response.usage !== null;
  }
  t.equal(text, 'streamed responses echo');
  t.ok(completed, 'response.completed carries usage');
  const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
  t.equal(embeddings.data.length, 2);
  t.equal(embeddings.data[0]?.embedding.length, 8, 'base64 vectors decode to floats');
  t.ok(embeddings.usage.prompt_tokens > 0);
  const wrong = new OpenAI({ apiKey: 'wrong', baseURL: `${mock.url}/v1`, maxRetries: 0 });
  const err = await wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
  t.ok(err instanceof OpenAI.AuthenticationError, 'a wrong provider key is a 401 the SDK understands');
});

t.test('Azure OpenAI: deployments path with api-version through the AzureOpenAI client', async (t) => {
  const mock = await mockWithKeys(t);
  const client = new AzureOpenAI({ apiKey: MOCK_PROVIDER_KEYS.azure, endpoint: mock.url, apiVersion: '2024-10-21', deployment: 'gpt-4o-mini', maxRetries: 0 });
  const chat = await client.chat.completions.create({ model: 'ignored-by-azure', messages: [{ role: 'user', content: 'azure echo' }] });
  t.equal(chat.choices[0]?.message.content, 'azure echo');
  t.equal(chat.model, 'gpt-4o-mini', 'the deployment names the model');
  const last = mock.requests.at(-1);
  t.match(last?.path, /^\/openai\/deployments\/gpt-4o-mini\/chat\/completions\?api-version=2024-10-21$/);
  const stream = await client.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: 'azure streamed echo' }] });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  t.equal(text, 'azure streamed echo');
  const noVersion = await post(`${mock.url}/openai/deployments/d/chat/completions`, { messages: [] }, { 'api-key': MOCK_PROVIDER_KEYS.azure });
  t.equal(noVersion.status, 404, 'api-version is required');
  t.match(await noVersion.json(), { error: { code: '404' } }, 'in the Azure error shape');
});

t.test('Anthropic: messages, streamed events and errors through @anthropic-ai/sdk', async (t) => {
  const mock = await mockWithKeys(t);
  const client = new Anthropic({ apiKey: MOCK_PROVIDER_KEYS.anthropic, baseURL: mock.url, maxRetries: 0 });
  const message = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: 'anthropic echo' }] });
  t.same(message.content, [{ type: 'text', text: 'anthropic echo' }]);
  t.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
  const stream = client.messages.stream({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: 'a streamed anthropic echo' }] });
  let text = '';
  stream.on('text', (delta) => (text += delta));
  const final = await stream.finalMessage();
  t.equal(text, 'a streamed anthropic echo');
  t.ok(final.usage.output_tokens > 1, 'message_delta carries the output tokens');
  const missing = await client.messages.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] } as never).catch((e: unknown) => e);
  t.ok(missing instanceof Anthropic.BadRequestError, 'max_tokens is required');
  const wrong = new Anthropic({ apiKey: 'wrong', baseURL: mock.url, maxRetries: 0 });
  const err = await wrong.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
  t.ok(err instanceof Anthropic.AuthenticationError);
});

t.test('Google: generateContent and streamGenerateContent through @google/genai', async (t) => {
  const mock = await mockWithKeys(t);
  const ai = new GoogleGenAI({ apiKey: MOCK_PROVIDER_KEYS.google, httpOptions: { baseUrl: mock.url } });
  const done = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'google echo' });
  t.equal(done.text, 'google echo');
  t.ok((done.usageMetadata?.promptTokenCount ?? 0) > 0);
  t.match(mock.requests.at(-1)?.path, /^\/v1beta\/models\/gemini-2\.0-flash:generateContent/);
  let text = '';
  for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'a streamed google echo' })) text += chunk.text ?? '';
  t.equal(text, 'a streamed google echo');
  const array = await post(`${mock.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent`, { contents: [{ parts: [{ text: 'array form' }] }] }, { 'x-goog-api-key': MOCK_PROVIDER_KEYS.google });
  const chunks = (await array.json()) as { candidates: { content: { parts: { text: string }[] } }[] }[];
  t.equal(chunks.map((c) => c.candidates[0]?.content.parts[0]?.text).join(''), 'array form', 'without alt=sse the stream is a JSON array');
  const wrong = new GoogleGenAI({ apiKey: 'wrong', httpOptions: { baseUrl: mock.url } });
  const err = await wrong.models.generateContent({ model: 'gemini-2.0-flash', contents: 'x' }).catch((e: unknown) => e);
  t.ok(err instanceof ApiError);
  t.equal((err as ApiError).status, 401);
});

t.test('without keys the mock accepts any credential; with keys it names the missing one', async (t) => {
  const open = await startMockLlm();
  t.teardown(() => open.close());
  const res = await post(`${open.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
  t.equal(res.status, 200);
  const strict = await mockWithKeys(t);
  const none = await post(`${strict.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
  t.equal(none.status, 401);
  t.match(await none.json(), { type: 'error', error: { type: 'authentication_error', message: /No anthropic API key/ } });
  const noVersion = await post(`${strict.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'x-api-key': MOCK_PROVIDER_KEYS.anthropic });
  t.equal(noVersion.status, 400, 'anthropic-version is required');
  const google = await post(`${strict.url}/v1beta/models/g:generateContent?key=${MOCK_PROVIDER_KEYS.google}`, { contents: [] });
  t.equal(google.status, 400, 'the ?key= form is a credential too; empty contents is invalid');
  t.match(await google.json(), { error: { code: 400, status: 'INVALID_ARGUMENT' } });
});
