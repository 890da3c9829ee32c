// Which provider API a request speaks; it chooses the error shape and the upstream credential.

export type Provider = 'openai' | 'anthropic' | 'google' | 'azure';

export const PROVIDERS: readonly Provider[] = ['openai', 'anthropic', 'google', 'azure'];

const GOOGLE_PATH = /^\/v1(?:beta\d*|alpha\d*)?\/(?:models|tunedModels)\/[^/]+:/;

/** A route's `provider` context extension wins; otherwise the path decides (OpenAI by default). */
export function detectProvider(path: string, extensions: Readonly<Record<string, string>>): Provider {
  const declared = extensions['provider'];
  if (declared && (PROVIDERS as readonly string[]).includes(declared)) return declared as Provider;
  if (path === '/v1/messages' || path.startsWith('/v1/messages/') || path === '/v1/complete') return 'anthropic';
  if (path.startsWith('/v1beta') || GOOGLE_PATH.test(path)) return 'google';
  if (path.startsWith('/openai/')) return 'azure';
  return 'openai';
}
