// Verified bearer tokens, so that a client sending the same JWT on every request pays for
// one signature check, not one per request. Bounded in size and in time: an entry lives until
// the token expires and at most maxAgeMs, so a key removed from the JWKS stops working soon.
import type { Identity } from './identity.js';

export interface TokenCache {
  get(token: string, nowMs: number): Identity | undefined;
  set(token: string, identity: Identity, expiresAtMs: number, nowMs: number): void;
  clear(): void;
}

export function createTokenCache(maxEntries = 10_000, maxAgeMs = 60_000): TokenCache {
  const entries = new Map<string, { identity: Identity; until: number }>();
  return {
    get(token, nowMs) {
      const hit = entries.get(token);
      if (!hit) return undefined;
      if (hit.until > nowMs) return hit.identity;
      entries.delete(token);
      return undefined;
    },
    set(token, identity, expiresAtMs, nowMs) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { identity, until: Math.min(expiresAtMs, nowMs + maxAgeMs) });
    },
    clear: () => entries.clear(),
  };
}
