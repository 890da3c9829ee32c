// OpenAI Responses API (`POST /v1/responses`): echo of the last user input, streamed as the
// API's typed events (response.created … response.output_text.delta … response.completed).
import type { ApiCall, Invalid } from './api.js';
import { contentText, estimateTokens, lastUserText, mockId, replyFor } from './reply.js';
import { sendJson, sendProviderError, sseFrame, startSse } from './respond.js';

interface ResponsesRequest {
  model: string;
  promptText: string;
  userText: string;
  stream: boolean;
}

function validate(b: Record<string, unknown>): ResponsesRequest | Invalid {
  if (typeof b.model !== 'string' || b.model === '') return "'model' is required";
  if (b.stream !== undefined && typeof b.stream !== 'boolean') return "'stream' must be a boolean";
  const input = b.input;
  if (typeof input === 'string' && input !== '') return { model: b.model, promptText: input, userText: input, stream: b.stream === true };
  if (Array.isArray(input) && input.length > 0) {
    return { model: b.model, promptText: JSON.stringify(input), userText: lastUserText(input) || contentText(input.at(-1)), stream: b.stream === true };
  }
  return "'input' must be a non-empty string or array";
}

export function handleResponses(call: ApiCall): void {
  const request = validate(call.body);
  if (typeof request === 'string') return sendProviderError(call.res, call.provider, 400, request);
  const { text, chunks } = replyFor(call.req.headers, request.userText);
  const inputTokens = estimateTokens(request.promptText);
  const usage = { input_tokens: inputTokens, output_tokens: estimateTokens(text), total_tokens: inputTokens + estimateTokens(text) };
  const ids = { response: mockId('resp_'), message: mockId('msg_') };
  const complete = responseObject(ids, request.model, 'completed', text, usage);
  if (!request.stream) return sendJson(call.res, 200, complete);
  streamResponse(call, ids, request.model, chunks, complete);
}

interface Ids {
  response: string;
  message: string;
}

function messageItem(id: string, text: string, status: string): object {
  return { type: 'message', id, status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
}

function responseObject(ids: Ids, model: string, status: string, text: string | undefined, usage: object | null): object {
  return {
    id: ids.response,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output: text === undefined ? [] : [messageItem(ids.message, text, 'completed')],
    usage,
  };
}

function streamResponse(call: ApiCall, ids: Ids, model: string, chunks: string[], complete: object): void {
  startSse(call.res);
  let sequence = 0;
  const emit = (type: string, fields: object): void => {
    call.res.write(sseFrame({ type, sequence_number: sequence++, ...fields }, type));
  };
  const part = { item_id: ids.message, output_index: 0, content_index: 0 };
  emit('response.created', { response: responseObject(ids, model, 'in_progress', undefined, null) });
  emit('response.output_item.added', { output_index: 0, item: { ...messageItem(ids.message, '', 'in_progress'), content: [] } });
  emit('response.content_part.added', { ...part, part: { type: 'output_text', text: '', annotations: [] } });
  for (const delta of chunks) emit('response.output_text.delta', { ...part, delta });
  const text = chunks.join('');
  emit('response.output_text.done', { ...part, text });
  emit('response.content_part.done', { ...part, part: { type: 'output_text', text, annotations: [] } });
  emit('response.output_item.done', { output_index: 0, item: messageItem(ids.message, text, 'completed') });
  emit('response.completed', { response: complete });
  call.res.end();
}
