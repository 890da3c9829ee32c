// The provider credential the gateway injects upstream in place of the client's Aegis key.
import type { Provider } from './provider.js';

export interface ProviderKeys {
  readonly openai?: string | undefined;
}

export interface InjectedHeader {
  readonly key: string;
  readonly value: string;
}

/** Headers to set on the upstream request; OpenAI's bearer key is the one supported so far. */
export function upstreamCredentials(provider: Provider, keys: ProviderKeys): InjectedHeader[] {
  if (provider === 'openai' && keys.openai) return [{ key: 'authorization', value: `Bearer ${keys.openai}` }];
  return [];
}
