// Google Gemini API (`POST /v1beta/models/{model}:generateContent` and
// `:streamGenerateContent`): validation, echo, and streaming as SSE (`?alt=sse`, what the
// SDKs use) or as one JSON array (the API's default without alt=sse).
import type { ApiCall, Invalid, Json } from './api.js';
import { isObject } from './api.js';
import { contentText, estimateTokens, mockId, replyFor } from './reply.js';
import { sendJson, sendProviderError } from './respond.js';

interface GenerateRequest {
  model: string;
  contents: Json[];
  stream: boolean;
}

function validate(call: ApiCall): GenerateRequest | Invalid {
  const [model = '', method = ''] = call.params;
  const contents = call.body.contents;
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  if (!contents.every((c) => isObject(c) && Array.isArray(c.parts))) return '* GenerateContentRequest.contents[]: parts must be an array';
  return { model: decodeURIComponent(model), contents: contents as Json[], stream: method === 'streamGenerateContent' };
}

/** Text of the last `user` content (a content without a role counts as the user's). */
function lastUserContent(contents: Json[]): string {
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i]!;
    if (c.role === undefined || c.role === 'user') return contentText(c.parts);
  }
  return '';
}

export function handleGenerateContent(call: ApiCall): void {
  const request = validate(call);
  if (typeof request === 'string') return sendProviderError(call.res, 'google', 400, request);
  const { text, chunks } = replyFor(call.req.headers, lastUserContent(request.contents));
  const promptTokens = estimateTokens(JSON.stringify([call.body.systemInstruction ?? '', request.contents]));
  const usageMetadata = { promptTokenCount: promptTokens, candidatesTokenCount: estimateTokens(text), totalTokenCount: promptTokens + estimateTokens(text) };
  const responseId = mockId('');
  const chunk = (part: string, last: boolean): object => ({
    candidates: [{ content: { role: 'model', parts: [{ text: part }] }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
    ...(last ? { usageMetadata } : {}),
    modelVersion: request.model,
    responseId,
  });
  if (!request.stream) return sendJson(call.res, 200, chunk(text, true));
  const frames = chunks.map((part, i) => chunk(part, i === chunks.length - 1));
  if (call.query.get('alt') === 'sse') return streamSse(call, frames);
  streamJsonArray(call, frames);
}

function streamSse(call: ApiCall, frames: object[]): void {
  call.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const frame of frames) call.res.write(`data: ${JSON.stringify(frame)}\r\n\r\n`);
  call.res.end();
}

function streamJsonArray(call: ApiCall, frames: object[]): void {
  call.res.writeHead(200, { 'content-type': 'application/json' });
  frames.forEach((frame, i) => call.res.write(`${i === 0 ? '[' : ',\r\n'}${JSON.stringify(frame)}`));
  call.res.end(']');
}
