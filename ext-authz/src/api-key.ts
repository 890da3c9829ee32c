// Where the provider SDKs put the caller's key; the gateway accepts an Aegis key in any.

/** Headers that may carry a client key; all are removed before the request goes upstream. */
export const KEY_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'] as const;

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/** The presented key: `Authorization: Bearer` (OpenAI), then `x-api-key` (Anthropic), `api-key` (Azure), `x-goog-api-key` (Google). */
export function extractApiKey(headers: Readonly<Record<string, string>>): string | undefined {
  const bearer = BEARER.exec(headers['authorization'] ?? '')?.[1];
  if (bearer) return bearer;
  for (const name of KEY_HEADERS.slice(1)) {
    const value = headers[name]?.trim();
    if (value) return value;
  }
  return undefined;
}
