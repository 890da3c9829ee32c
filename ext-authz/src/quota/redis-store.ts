// The Redis quota store (REDIS_URL): the budgets of every replica in one place, each
// check one atomic script (redis-scripts.ts). Commands fail fast instead of queueing
// while Redis is away (no offline queue, no retries, a short command timeout), so the
// quota service can fall back to its local store at once; the client reconnects by itself.
import { Redis } from 'ioredis';
import { ADJUST_LUA, CLAIM_LUA, RESERVE_LUA } from './redis-scripts.js';
import type { QuotaLimits, QuotaStore, ReserveRequest, ReserveResult, SettleRequest, SettleResult } from './types.js';
import { evaluate, views, windowOf, type WindowState } from './window.js';

export interface RedisStoreOptions {
  readonly url: string;
  readonly limits: QuotaLimits;
  readonly reservationTtlMs: number;
  /** Per-command timeout; a slower Redis counts as down for that check. */
  readonly commandTimeoutMs: number;
  /** Key prefix, so that several deployments can share a Redis. */
  readonly keyPrefix?: string;
  /** Fixed clock for tests; by default the scripts use Redis' TIME. */
  readonly now?: () => number;
  readonly onReady?: () => void;
  readonly onConnectionError?: (err: Error) => void;
}

export interface RedisStore extends QuotaStore {
  /** Connected and ready for commands. */
  ready(): boolean;
}

type Reply = [number, number, number, number, number, number];

interface Scripts {
  aegisReserve(quotaKey: string, reservationKey: string, ...args: (string | number)[]): Promise<Reply>;
  aegisClaim(reservationKey: string): Promise<string | null>;
  aegisAdjust(quotaKey: string, ...args: (string | number)[]): Promise<number>;
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const { limits } = options;
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? 'aegis:',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  });
  let closing = false;
  client.on('error', (err: Error) => options.onConnectionError?.(err));
  // A connection that drops without an error (Redis killed between two commands) counts too.
  client.on('close', () => closing || options.onConnectionError?.(new Error('connection to Redis closed')));
  client.on('ready', () => options.onReady?.());
  client.defineCommand('aegisReserve', { numberOfKeys: 2, lua: RESERVE_LUA });
  client.defineCommand('aegisClaim', { numberOfKeys: 1, lua: CLAIM_LUA });
  client.defineCommand('aegisAdjust', { numberOfKeys: 1, lua: ADJUST_LUA });
  const scripts = client as unknown as Scripts;
  const nowArg = (): string => (options.now ? String(options.now()) : '');

  return {
    ready: () => client.status === 'ready',

    async reserve(request: ReserveRequest): Promise<ReserveResult> {
      const reply = await scripts.aegisReserve(quotaKey(request.subject), reservationKey(request.requestId), limits.windowMs, nowArg(), limits.requests, limits.tokens, request.tokens, options.reservationTtlMs, request.subject);
      const [admitted, nowMs, rc, rp, tc, tp] = reply.map(Number) as Reply;
      const { i, e } = windowOf(nowMs, limits.windowMs);
      const state: WindowState = { w: i, rc, rp, tc, tp };
      if (admitted === 1) return { admitted: true, nowMs, ...views(state, e, limits) };
      const verdict = evaluate(state, e, limits, request.tokens);
      return { admitted: false, kind: verdict.kind, retryAfterMs: verdict.retryAfterMs, cost: request.tokens, nowMs, ...views(state, e, limits) };
    },

    async settle(request: SettleRequest): Promise<SettleResult> {
      const raw = await scripts.aegisClaim(reservationKey(request.requestId));
      const reservation = raw === null ? undefined : parseReservation(raw);
      if (!reservation) return { outcome: 'unknown' };
      if (request.charged === undefined) return { outcome: 'kept', reserved: reservation.tokens, charged: reservation.tokens };
      await scripts.aegisAdjust(quotaKey(reservation.subject), limits.windowMs, nowArg(), reservation.window, request.charged - reservation.tokens);
      return { outcome: request.charged === 0 ? 'released' : 'settled', reserved: reservation.tokens, charged: request.charged };
    },

    async close() {
      closing = true;
      client.disconnect();
    },
  };
}

/** One hash per subject. Redis Cluster is not supported: a reservation touches two keys. */
function quotaKey(subject: string): string {
  return `quota:{${subject}}`;
}

function reservationKey(requestId: string): string {
  return `res:${requestId}`;
}

/** `window:tokens:subject` as the reserve script wrote it. */
function parseReservation(raw: string): { window: number; tokens: number; subject: string } | undefined {
  const m = /^(\d+):(\d+):(.+)$/s.exec(raw);
  return m ? { window: Number(m[1]), tokens: Number(m[2]), subject: m[3]! } : undefined;
}
