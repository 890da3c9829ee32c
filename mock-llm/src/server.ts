// The mock LLM upstream: speaks the four providers' APIs (OpenAI, Azure OpenAI, Anthropic,
// Google) and echoes the last user message. Tests and the bench use it; what it echoes is
// what left the gateway.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isObject, type ApiHandler } from './api.js';
import { handleMessages } from './anthropic.js';
import { credentialError, type MockKeys } from './credentials.js';
import { handleGenerateContent } from './google.js';
import { handleChatCompletion } from './openai.js';
import { handleEmbeddings } from './openai-embeddings.js';
import { handleResponses } from './openai-responses.js';
import { sendJson, sendProviderError, type MockProvider } from './respond.js';

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
  /** Provider credentials to require (401 in the provider's shape otherwise); none: any or no key passes. */
  keys?: MockKeys;
}

export interface MockLlm {
  port: number;
  url: string;
  /** Requests received, newest last. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface Route {
  provider: MockProvider;
  pattern: RegExp;
  /** Query parameters the API requires (Azure's api-version). */
  requiredQuery?: string;
  handle: ApiHandler;
}

const ROUTES: readonly Route[] = [
  { provider: 'openai', pattern: /^\/v1\/chat\/completions$/, handle: (c) => handleChatCompletion(c) },
  { provider: 'openai', pattern: /^\/v1\/responses$/, handle: handleResponses },
  { provider: 'openai', pattern: /^\/v1\/embeddings$/, handle: (c) => handleEmbeddings(c) },
  { provider: 'azure', pattern: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/, requiredQuery: 'api-version', handle: (c) => handleChatCompletion(c, decodeURIComponent(c.params[0]!)) },
  { provider: 'azure', pattern: /^\/openai\/deployments\/([^/]+)\/embeddings$/, requiredQuery: 'api-version', handle: (c) => handleEmbeddings(c, decodeURIComponent(c.params[0]!)) },
  { provider: 'anthropic', pattern: /^\/v1\/messages$/, handle: handleMessages },
  { provider: 'google', pattern: /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/, handle: handleGenerateContent },
];

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

/** The route for a path, or the provider whose shape a 404 should take. */
function findRoute(path: string, query: URLSearchParams): { route: Route; params: string[] } | { provider: MockProvider } {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.requiredQuery && !query.has(route.requiredQuery)) return { provider: route.provider };
    return { route, params: m.slice(1) };
  }
  if (path.startsWith('/openai/')) return { provider: 'azure' };
  if (path.startsWith('/v1beta/')) return { provider: 'google' };
  return { provider: 'openai' };
}

async function route(req: IncomingMessage, res: ServerResponse, record: (r: RecordedRequest) => void, keys: MockKeys): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const path = url.pathname;
  if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
  const body = await readBody(req);
  record({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body });
  const found = findRoute(path, url.searchParams);
  if (!('route' in found)) return sendProviderError(res, found.provider, 404, `unknown path ${path}`);
  const provider = found.route.provider;
  if (req.method !== 'POST') return sendProviderError(res, provider, 405, `method ${req.method} not allowed`);
  const denied = credentialError(provider, keys, req.headers, url.searchParams);
  if (denied) return sendProviderError(res, provider, 401, denied);
  const json = parseJson(body);
  if (json === undefined) return sendProviderError(res, provider, 400, 'request body is not valid JSON');
  if (!isObject(json)) return sendProviderError(res, provider, 400, 'request body must be a JSON object');
  found.route.handle({ req, res, provider, body: json, params: found.params, query: url.searchParams });
}

export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const keep = options.keep ?? 100;
  const keys = options.keys ?? {};
  const requests: RecordedRequest[] = [];
  const record = (r: RecordedRequest): void => {
    requests.push(r);
    if (requests.length > keep) requests.shift();
  };
  const server: Server = createServer((req, res) => {
    route(req, res, record, keys).catch((err: Error) => {
      if (!res.headersSent) sendProviderError(res, 'openai', 400, err.message);
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
