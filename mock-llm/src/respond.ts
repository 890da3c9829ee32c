// Small response helpers shared by every API the mock speaks: JSON, SSE, and each
// provider's own error shape (what the official SDKs parse into their error classes).
import type { ServerResponse } from 'node:http';

export type MockProvider = 'openai' | 'azure' | 'anthropic' | 'google';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendOpenAiError(res: ServerResponse, status: number, message: string, type: string): void {
  sendJson(res, status, { error: { message, type, code: null, param: null } });
}

/** An error in the shape the provider's own API uses. */
export function sendProviderError(res: ServerResponse, provider: MockProvider, status: number, message: string): void {
  switch (provider) {
    case 'anthropic':
      return sendJson(res, status, { type: 'error', error: { type: anthropicType(status), message } });
    case 'google':
      return sendJson(res, status, { error: { code: status, message, status: googleStatus(status) } });
    case 'azure':
      return sendJson(res, status, { error: { code: String(status), message } });
    default:
      return sendOpenAiError(res, status, message, status === 401 ? 'authentication_error' : 'invalid_request_error');
  }
}

function anthropicType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  return 'invalid_request_error';
}

function googleStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 404) return 'NOT_FOUND';
  return 'INVALID_ARGUMENT';
}

/** Starts a server-sent event stream. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

/** One SSE frame: `data:` only (OpenAI chat, Google), or with an `event:` name (Anthropic, Responses). */
export function sseFrame(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}
