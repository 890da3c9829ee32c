// Anthropic Messages API (`POST /v1/messages`): validation (model, max_tokens, messages,
// the anthropic-version header), echo, and streaming as Anthropic's named SSE events.
import type { ApiCall, Invalid } from './api.js';
import { estimateTokens, lastUserText, mockId, replyFor } from './reply.js';
import { sendJson, sendProviderError, sseFrame, startSse } from './respond.js';

interface MessagesRequest {
  model: string;
  messages: unknown[];
  stream: boolean;
}

function validate(call: ApiCall): MessagesRequest | Invalid {
  const b = call.body;
  if (!call.req.headers['anthropic-version']) return 'anthropic-version: header is required';
  if (typeof b.model !== 'string' || b.model === '') return 'model: Field required';
  if (!Number.isInteger(b.max_tokens) || (b.max_tokens as number) < 1) return 'max_tokens: Field required (a positive integer)';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages: at least one message is required';
  if (b.stream !== undefined && typeof b.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  return { model: b.model, messages: b.messages, stream: b.stream === true };
}

export function handleMessages(call: ApiCall): void {
  const request = validate(call);
  if (typeof request === 'string') return sendProviderError(call.res, 'anthropic', 400, request);
  const { text, chunks } = replyFor(call.req.headers, lastUserText(request.messages));
  const prompt = JSON.stringify([call.body.system ?? '', request.messages]);
  const usage = { input_tokens: estimateTokens(prompt), output_tokens: estimateTokens(text) };
  const message = {
    id: mockId('msg_'),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
  if (!request.stream) return sendJson(call.res, 200, message);
  startSse(call.res);
  const emit = (type: string, fields: object = {}): void => {
    call.res.write(sseFrame({ type, ...fields }, type));
  };
  emit('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } } });
  emit('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  emit('ping');
  for (const chunk of chunks) emit('content_block_delta', { index: 0, delta: { type: 'text_delta', text: chunk } });
  emit('content_block_stop', { index: 0 });
  emit('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  emit('message_stop');
  call.res.end();
}
