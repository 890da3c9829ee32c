// The provider credential the gateway injects upstream in place of the client's Aegis key:
// OpenAI a bearer key, Azure OpenAI `api-key`, Anthropic `x-api-key` (with an
// `anthropic-version` when the client sent none), Google `x-goog-api-key`. A provider
// whose key is not configured gets no request at all (admission.ts answers 503).
import type { Provider } from './provider.js';

export interface ProviderKeys {
  readonly openai?: string | undefined;
  readonly azureOpenai?: string | undefined;
  readonly anthropic?: string | undefined;
  readonly google?: string | undefined;
}

export interface InjectedHeader {
  readonly key: string;
  readonly value: string;
  /** Set only when the request has no such header (the client's own anthropic-version wins). */
  readonly ifAbsent?: boolean;
}

/** The environment variable that holds each provider's key, named in logs and errors. */
export const PROVIDER_KEY_VARIABLES: Readonly<Record<Provider, string>> = Object.freeze({
  openai: 'OPENAI_API_KEY',
  azure: 'AZURE_OPENAI_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_AI_API_KEY',
});

/** The API version sent to Anthropic when the client names none. */
export const ANTHROPIC_VERSION = '2023-06-01';

export function providerKey(provider: Provider, keys: ProviderKeys): string | undefined {
  switch (provider) {
    case 'azure':
      return keys.azureOpenai;
    case 'anthropic':
      return keys.anthropic;
    case 'google':
      return keys.google;
    default:
      return keys.openai;
  }
}

/** Headers to set on the upstream request; empty when the provider's key is not configured. */
export function upstreamCredentials(provider: Provider, keys: ProviderKeys): InjectedHeader[] {
  const key = providerKey(provider, keys);
  if (!key) return [];
  switch (provider) {
    case 'azure':
      return [{ key: 'api-key', value: key }];
    case 'anthropic':
      return [
        { key: 'x-api-key', value: key },
        { key: 'anthropic-version', value: ANTHROPIC_VERSION, ifAbsent: true },
      ];
    case 'google':
      return [{ key: 'x-goog-api-key', value: key }];
    default:
      return [{ key: 'authorization', value: `Bearer ${key}` }];
  }
}

/** Query parameters that may carry a client key (Google's `?key=`); removed before the request goes upstream. */
export function keyQueryParameters(provider: Provider): string[] {
  return provider === 'google' ? ['key'] : [];
}
