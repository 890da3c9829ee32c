// OpenAI chat completions, the first API the mock speaks: validation, echo, streaming.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimateTokens, lastUserText, replyOverride, splitIntoChunks } from './reply.js';
import { sendJson, sendOpenAiError } from './respond.js';

const DEFAULT_CHUNK_SIZE = 8;

interface ChatRequest {
  model: string;
  messages: unknown[];
  stream?: boolean;
}

function validateChatRequest(body: unknown): ChatRequest | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'request body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '') return "'model' is required";
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "'messages' must be a non-empty array";
  if (b.stream !== undefined && typeof b.stream !== 'boolean') return "'stream' must be a boolean";
  return { model: b.model, messages: b.messages, stream: b.stream as boolean | undefined };
}

let sequence = 0;
function completionId(): string {
  sequence += 1;
  return `chatcmpl-mock${Date.now().toString(36)}${sequence}`;
}

export function handleChatCompletion(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  const chat = validateChatRequest(body);
  if (typeof chat === 'string') return sendOpenAiError(res, 400, chat, 'invalid_request_error');
  const override = replyOverride(req.headers);
  const text = override?.text ?? lastUserText(chat.messages);
  const promptTokens = estimateTokens(JSON.stringify(chat.messages));
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: estimateTokens(text),
    total_tokens: promptTokens + estimateTokens(text),
  };
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  if (chat.stream) {
    return streamCompletion(res, { id, created, model: chat.model, usage }, splitIntoChunks(text, override?.chunkSize ?? DEFAULT_CHUNK_SIZE));
  }
  sendJson(res, 200, {
    id,
    object: 'chat.completion',
    created,
    model: chat.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    usage,
  });
}

interface StreamMeta {
  id: string;
  created: number;
  model: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

function streamCompletion(res: ServerResponse, meta: StreamMeta, chunks: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const frame = (delta: object, finish: string | null, usage?: object): string =>
    `data: ${JSON.stringify({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    })}\n\n`;
  res.write(frame({ role: 'assistant', content: '' }, null));
  for (const chunk of chunks) res.write(frame({ content: chunk }, null));
  res.write(frame({}, 'stop', meta.usage));
  res.end('data: [DONE]\n\n');
}
