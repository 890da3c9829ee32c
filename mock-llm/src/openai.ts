// OpenAI chat completions (also served on Azure deployment paths): validation, echo, streaming.
import type { ApiCall, Invalid } from './api.js';
import { estimateTokens, lastUserText, mockId, replyFor } from './reply.js';
import { sendJson, sendProviderError, sseFrame, startSse } from './respond.js';

interface ChatRequest {
  model: string;
  messages: unknown[];
  stream?: boolean;
}

function validateChatRequest(b: Record<string, unknown>, model: string | undefined): ChatRequest | Invalid {
  const name = model ?? b.model;
  if (typeof name !== 'string' || name === '') return "'model' is required";
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "'messages' must be a non-empty array";
  if (b.stream !== undefined && typeof b.stream !== 'boolean') return "'stream' must be a boolean";
  return { model: name, messages: b.messages, stream: b.stream as boolean | undefined };
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** `model` overrides the body's (Azure: the deployment named in the path). */
export function handleChatCompletion(call: ApiCall, model?: string): void {
  const chat = validateChatRequest(call.body, model);
  if (typeof chat === 'string') return sendProviderError(call.res, call.provider, 400, chat);
  const { text, chunks } = replyFor(call.req.headers, lastUserText(chat.messages));
  const promptTokens = estimateTokens(JSON.stringify(chat.messages));
  const usage = { prompt_tokens: promptTokens, completion_tokens: estimateTokens(text), total_tokens: promptTokens + estimateTokens(text) };
  const meta = { id: mockId('chatcmpl-'), created: Math.floor(Date.now() / 1000), model: chat.model, usage };
  if (chat.stream) return streamCompletion(call, meta, chunks);
  sendJson(call.res, 200, {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: chat.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    usage,
  });
}

interface StreamMeta {
  id: string;
  created: number;
  model: string;
  usage: Usage;
}

function streamCompletion(call: ApiCall, meta: StreamMeta, chunks: string[]): void {
  startSse(call.res);
  const frame = (delta: object, finish: string | null, usage?: object): string =>
    sseFrame({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    });
  call.res.write(frame({ role: 'assistant', content: '' }, null));
  for (const chunk of chunks) call.res.write(frame({ content: chunk }, null));
  call.res.write(frame({}, 'stop', meta.usage));
  call.res.end('data: [DONE]\n\n');
}
