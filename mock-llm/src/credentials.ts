// The provider credential the mock expects, as each real API does: OpenAI a bearer key,
// Azure `api-key`, Anthropic `x-api-key`, Google `x-goog-api-key` (or `?key=`). Checked
// only when the mock is started with keys (the stack does), so a test sees exactly which
// credential crossed the gateway.
import type { IncomingHttpHeaders } from 'node:http';
import type { MockProvider } from './respond.js';

export type MockKeys = Partial<Record<MockProvider, string>>;

/** The keys the demo stack gives the authz service and the mock when the mock stands in for the providers. */
export const MOCK_PROVIDER_KEYS: Readonly<Record<MockProvider, string>> = Object.freeze({
  openai: 'mock-openai-key',
  azure: 'mock-azure-key',
  anthropic: 'mock-anthropic-key',
  google: 'mock-google-key',
});

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function presentedKey(provider: MockProvider, headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  switch (provider) {
    case 'azure':
      return header(headers, 'api-key');
    case 'anthropic':
      // x-api-key is the API's documented header; the current SDK sends a bearer token.
      return header(headers, 'x-api-key') ?? bearer(headers);
    case 'google':
      return header(headers, 'x-goog-api-key') ?? (query.get('key') || undefined);
    default:
      return bearer(headers);
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (\S+)$/i.exec(header(headers, 'authorization') ?? '')?.[1];
}

/** undefined when the credential is right (or none is expected), else the 401 message. */
export function credentialError(provider: MockProvider, keys: MockKeys, headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const expected = keys[provider];
  if (expected === undefined) return undefined;
  const got = presentedKey(provider, headers, query);
  if (got === expected) return undefined;
  return got === undefined ? `No ${provider} API key provided` : `Incorrect ${provider} API key provided`;
}
