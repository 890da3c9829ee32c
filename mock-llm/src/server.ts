// The mock LLM upstream: speaks the providers' APIs and echoes the last user message.
// Tests and the bench use it; what it echoes is what left the gateway.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChatCompletion } from './openai.js';
import { sendJson, sendOpenAiError } from './respond.js';

/** One request as the mock received it: what crossed the gateway. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface MockLlmOptions {
  port?: number;
  host?: string;
  /** How many received requests to keep for inspection (oldest dropped first). */
  keep?: number;
}

export interface MockLlm {
  port: number;
  url: string;
  /** Requests received, newest last. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function route(req: IncomingMessage, res: ServerResponse, record: (r: RecordedRequest) => void): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
  const body = await readBody(req);
  record({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body });
  if (req.method !== 'POST') return sendOpenAiError(res, 405, `method ${req.method} not allowed`, 'invalid_request_error');
  const json = parseJson(body);
  if (json === undefined) return sendOpenAiError(res, 400, 'request body is not valid JSON', 'invalid_request_error');
  if (path === '/v1/chat/completions') return handleChatCompletion(req, res, json);
  sendOpenAiError(res, 404, `unknown path ${path}`, 'invalid_request_error');
}

export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const keep = options.keep ?? 100;
  const requests: RecordedRequest[] = [];
  const record = (r: RecordedRequest): void => {
    requests.push(r);
    if (requests.length > keep) requests.shift();
  };
  const server: Server = createServer((req, res) => {
    route(req, res, record).catch((err: Error) => {
      if (!res.headersSent) sendOpenAiError(res, 400, err.message, 'invalid_request_error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
