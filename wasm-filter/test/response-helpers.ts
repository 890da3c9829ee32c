// Builders for provider answers (SSE streams and JSON bodies) and readers of what the client got.
import type { ProxyWasmHost } from '../host/index.js';
import { chat } from './helpers.js';

export type Provider = 'openai' | 'anthropic' | 'google';

const PATHS: Record<Provider, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
  google: '/v1beta/models/gemini-1.5-flash:streamGenerateContent',
};

function ev(data: unknown, event?: string): string {
  return (event ? `event: ${event}\n` : '') + `data: ${JSON.stringify(data)}\n\n`;
}

/** The answer `text` as the provider streams it, `piece` characters per event. */
export function sseStream(provider: Provider, text: string, piece: number): string {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += piece) parts.push(text.slice(i, i + piece));
  if (provider === 'openai') {
    const chunk = (delta: object, finish: string | null) =>
      ev({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] });
    return chunk({ role: 'assistant', content: '' }, null) + parts.map((p) => chunk({ content: p }, null)).join('') +
      chunk({}, 'stop') + 'data: [DONE]\n\n';
  }
  if (provider === 'anthropic') {
    return ev({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } }, 'message_start') +
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start') +
      parts.map((p) => ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } }, 'content_block_delta')).join('') +
      ev({ type: 'content_block_stop', index: 0 }, 'content_block_stop') +
      ev({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } }, 'message_delta') +
      ev({ type: 'message_stop' }, 'message_stop');
  }
  return parts.map((p, i) => ev({ candidates: [{ content: { parts: [{ text: p }], role: 'model' }, index: 0,
    ...(i === parts.length - 1 ? { finishReason: 'STOP' } : {}) }] })).join('');
}

/** The text a client reads from a stream: every event's delta text, in order; throws on bad JSON. */
export function readStream(provider: Provider, body: string): string {
  let out = '';
  for (const block of body.split('\n\n')) {
    const line = block.split('\n').find((l) => l.startsWith('data: '));
    if (!line || line === 'data: [DONE]') continue;
    const j = JSON.parse(line.slice(6));
    if (provider === 'openai') out += j.choices?.[0]?.delta?.content ?? '';
    else if (provider === 'anthropic') out += j.type === 'content_block_delta' ? j.delta.text : '';
    else out += j.candidates?.[0]?.content?.parts?.[0]?.text ?? '';
  }
  return out;
}

/** Cuts `body` at the given offsets. */
export function cut(body: Buffer, points: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) { out.push(body.subarray(at, p)); at = p; }
  out.push(body.subarray(at));
  return out;
}

/** Sends one streamed answer through the filter in these chunks; returns what the client got. */
export function streamThrough(host: ProxyWasmHost, provider: Provider, chunks: Buffer[]) {
  const ex = host.exchange({
    path: PATHS[provider],
    body: chat('hello', { stream: true }),
    response: { headers: { ':status': '200', 'content-type': 'text/event-stream' }, chunks },
  });
  return { ex, body: ex.downstream!.body.toString('utf8') };
}
