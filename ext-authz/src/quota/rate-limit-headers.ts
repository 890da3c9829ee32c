// Rate-limit headers of a 429, in the style of the provider the route speaks, so each
// SDK's retry logic and a user's logs read them as usual:
//   OpenAI, Azure: x-ratelimit-{limit,remaining,reset}-{requests,tokens} (reset as "6m0s"),
//                  retry-after (seconds), retry-after-ms;
//   Anthropic:     anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset} (reset as
//                  an RFC 3339 time), retry-after;
//   Google:        retry-after (the body carries a RetryInfo).
import type { InjectedHeader } from '../credentials.js';
import type { Provider } from '../provider.js';
import type { BucketView, Rejected } from './types.js';

export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

export function rateLimitHeaders(provider: Provider, rejected: Rejected, retryAfterMs: number): InjectedHeader[] {
  const retry = [{ key: 'retry-after', value: String(retryAfterSeconds(retryAfterMs)) }];
  const buckets: [string, BucketView | undefined][] = [['requests', rejected.requests], ['tokens', rejected.tokens]];
  switch (provider) {
    case 'anthropic':
      return [...buckets.flatMap(([kind, b]) => (b ? anthropicBucket(kind, b, rejected.nowMs) : [])), ...retry];
    case 'google':
      return retry;
    default:
      return [...buckets.flatMap(([kind, b]) => (b ? openAiBucket(kind, b) : [])), ...retry, { key: 'retry-after-ms', value: String(Math.ceil(retryAfterMs)) }];
  }
}

function openAiBucket(kind: string, b: BucketView): InjectedHeader[] {
  return [
    { key: `x-ratelimit-limit-${kind}`, value: String(b.limit) },
    { key: `x-ratelimit-remaining-${kind}`, value: String(b.remaining) },
    { key: `x-ratelimit-reset-${kind}`, value: durationText(b.resetMs) },
  ];
}

function anthropicBucket(kind: string, b: BucketView, nowMs: number): InjectedHeader[] {
  return [
    { key: `anthropic-ratelimit-${kind}-limit`, value: String(b.limit) },
    { key: `anthropic-ratelimit-${kind}-remaining`, value: String(b.remaining) },
    { key: `anthropic-ratelimit-${kind}-reset`, value: new Date(nowMs + b.resetMs).toISOString().replace(/\.\d{3}Z$/, 'Z') },
  ];
}

/** OpenAI's duration format: "250ms", "12s", "6m0s". */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}
