// Shared by the ext-authz tests; outside test/ so that tap does not run it as a test file.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { createAuthzClient, type AuthzClient } from '../src/client.js';
import { parseConfig, type AuthzConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startAuthzServer, type AuthzServer } from '../src/server.js';
import type { CheckRequest } from '../src/wire-types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
export const TEST_DEMO_KEY = 'aegis-test-demo-key-0001';

/** Provider keys of the test service: without one, a provider's requests are refused with 503. */
export const TEST_PROVIDER_KEYS = Object.freeze({
  OPENAI_API_KEY: 'sk-test-openai-0001',
  AZURE_OPENAI_KEY: 'test-azure-0001',
  AZURE_OPENAI_ENDPOINT: 'https://aegis-test.openai.azure.com',
  ANTHROPIC_API_KEY: 'sk-ant-test-0001',
  GOOGLE_AI_API_KEY: 'test-google-0001',
});

/** A config for tests: loopback, port 0, the test demo key and provider keys, no file polling. */
export function testConfig(env: Record<string, string> = {}): AuthzConfig {
  const parsed = parseConfig({
    ...TEST_PROVIDER_KEYS,
    AEGIS_GRPC_HOST: '127.0.0.1',
    AEGIS_GRPC_PORT: '0',
    AEGIS_ADMIN_HOST: '127.0.0.1',
    PORT: '0',
    AEGIS_DEMO_KEY: TEST_DEMO_KEY,
    LOG_LEVEL: 'info',
    AEGIS_RELOAD_INTERVAL_MS: '0',
    AEGIS_SHUTDOWN_GRACE_MS: '2000',
    ...env,
  });
  if (!parsed.ok) throw parsed.error;
  return parsed.config;
}

export interface Running {
  readonly server: AuthzServer;
  readonly client: AuthzClient;
  /** Every log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly admin: string;
}

/** Starts the service on port 0 with a real gRPC client; both are torn down with the test. */
export async function startTestServer(t: Test, env: Record<string, string> = {}, onLog?: (line: Record<string, unknown>) => void): Promise<Running> {
  const config = testConfig(env);
  const logs: Record<string, unknown>[] = [];
  const write = (text: string): void => {
    const line = JSON.parse(text) as Record<string, unknown>;
    logs.push(line);
    onLog?.(line);
  };
  const logger = createLogger(config.logLevel, { write });
  const server = await startAuthzServer(config, { logger });
  const client = createAuthzClient(`127.0.0.1:${server.grpcPort}`);
  t.teardown(async () => {
    client.close();
    await server.close();
  });
  return { server, client, logs, admin: `http://127.0.0.1:${server.adminPort}` };
}

/** A CheckRequest fixture, without its `_curl` and `_note` documentation fields. */
export function loadCheckRequest(name: string): CheckRequest {
  const text = readFileSync(join(FIXTURES, 'check-requests', `${name}.json`), 'utf8');
  const { _curl: _c, _note: _n, ...request } = JSON.parse(text) as Record<string, unknown>;
  return request as CheckRequest;
}

/** A fixture with some request headers replaced (undefined removes one). */
export function withHeaders(request: CheckRequest, headers: Record<string, string | undefined>): CheckRequest {
  const copy = structuredClone(request);
  const http = copy.attributes?.request?.http;
  if (!http?.headers) throw new Error('fixture has no headers');
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) delete http.headers[key];
    else http.headers[key] = value;
  }
  return copy;
}

export function headerMap(options: readonly { header: { key: string; value: string } }[] | undefined): Record<string, string> {
  return Object.fromEntries((options ?? []).map((o) => [o.header.key, o.header.value]));
}

const STATUS_NAMES: Record<string, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
};

/** envoy.type.v3.StatusCode as the client decodes it (by name) → the HTTP status number. */
export function httpStatus(code: number | string | undefined): number | undefined {
  return typeof code === 'string' ? STATUS_NAMES[code] : code;
}
