// The authz service's configuration: parsed once from the environment, from named defaults.
import { availableParallelism } from 'node:os';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { readJwtConfig, type JwtConfig } from './jwt-config.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AuthzConfig {
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly adminHost: string;
  readonly adminPort: number;
  readonly logLevel: LogLevel;
  readonly nodeEnv: string;
  /** Decide and log, never deny. */
  readonly dryRun: boolean;
  /** Deny requests that did not pass the filter (no x-aegis-filter header). */
  readonly requireFilter: boolean;
  readonly policyPath: string | undefined;
  readonly keysFile: string | undefined;
  readonly demoKey: string | undefined;
  readonly redisUrl: string | undefined;
  /** Requests a minute per API key (or JWT principal) of a tenant. */
  readonly rateLimitMax: number;
  /** Tokens a minute per API key of a tenant; 0 turns the token budget off. */
  readonly rateLimitTokens: number;
  /** Output tokens reserved for a request that sets no max_tokens (or its equivalent). */
  readonly rateLimitDefaultMaxTokens: number;
  /** A Redis command slower than this counts as Redis down for that check (local limits decide). */
  readonly redisTimeoutMs: number;
  /** How long a token reservation waits for its usage report before it expires as spent. */
  readonly reservationTtlMs: number;
  /** Shared secret of POST /api/v1/usage (x-aegis-usage-token); unset: loopback callers only. */
  readonly usageToken: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly mlEnabled: boolean;
  readonly mlModelDir: string | undefined;
  /** Worker processes sharing the gRPC port (`auto`: one per available CPU); 1 runs no cluster. */
  readonly workers: number;
  /** JWT identity; undefined when no JWKS is configured (API keys only). */
  readonly jwt: JwtConfig | undefined;
  /** How long in-flight checks get to finish on shutdown before the server is forced down. */
  readonly shutdownGraceMs: number;
  /** On SIGTERM, how long to keep serving while reporting NOT_SERVING, before closing (AEGIS_DRAIN_DELAY_MS). */
  readonly drainDelayMs: number;
  /** Milliseconds between polls of the policy and keys files (0 turns hot reload off). */
  readonly reloadIntervalMs: number;
  readonly providerKeys: {
    readonly openai: string | undefined;
    readonly anthropic: string | undefined;
    readonly azureOpenai: string | undefined;
    readonly azureEndpoint: string | undefined;
    readonly google: string | undefined;
  };
}

export const DEFAULTS = Object.freeze({
  AEGIS_GRPC_HOST: '0.0.0.0',
  AEGIS_GRPC_PORT: '9191',
  AEGIS_ADMIN_HOST: '127.0.0.1',
  PORT: '8081',
  LOG_LEVEL: 'info',
  NODE_ENV: 'production',
  DRY_RUN: 'false',
  AEGIS_REQUIRE_FILTER: 'true',
  RATE_LIMIT_MAX: '100',
  RATE_LIMIT_TOKENS: '100000',
  RATE_LIMIT_DEFAULT_MAX_TOKENS: '1024',
  AEGIS_REDIS_TIMEOUT_MS: '100',
  AEGIS_RESERVATION_TTL_MS: '600000',
  ML_ENABLED: 'false',
  AEGIS_WORKERS: '1',
  AEGIS_SHUTDOWN_GRACE_MS: '10000',
  AEGIS_DRAIN_DELAY_MS: '0',
  AEGIS_RELOAD_INTERVAL_MS: '2000',
});

type Env = Readonly<Record<string, string | undefined>>;
export type ConfigResult = { readonly ok: true; readonly config: AuthzConfig } | { readonly ok: false; readonly error: ConfigError };

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A typed config, or the first error naming the variable at fault. */
export function parseConfig(env: Env): ConfigResult {
  try {
    return { ok: true, config: readConfig(env) };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, error: err };
    throw err;
  }
}

function readConfig(env: Env): AuthzConfig {
  const get = (name: keyof typeof DEFAULTS): string => env[name]?.trim() || DEFAULTS[name];
  const config: AuthzConfig = {
    grpcHost: get('AEGIS_GRPC_HOST'),
    grpcPort: port('AEGIS_GRPC_PORT', get('AEGIS_GRPC_PORT')),
    adminHost: get('AEGIS_ADMIN_HOST'),
    adminPort: port('PORT', get('PORT')),
    logLevel: oneOf('LOG_LEVEL', get('LOG_LEVEL').toLowerCase(), LEVELS),
    nodeEnv: get('NODE_ENV'),
    dryRun: bool('DRY_RUN', get('DRY_RUN')),
    requireFilter: bool('AEGIS_REQUIRE_FILTER', get('AEGIS_REQUIRE_FILTER')),
    policyPath: optional(env, 'AEGIS_POLICY_FILE'),
    keysFile: optional(env, 'AEGIS_KEYS_FILE'),
    demoKey: optional(env, 'AEGIS_DEMO_KEY'),
    redisUrl: optional(env, 'REDIS_URL'),
    rateLimitMax: integer('RATE_LIMIT_MAX', get('RATE_LIMIT_MAX'), 1, 1_000_000_000),
    rateLimitTokens: integer('RATE_LIMIT_TOKENS', get('RATE_LIMIT_TOKENS'), 0, 1_000_000_000),
    rateLimitDefaultMaxTokens: integer('RATE_LIMIT_DEFAULT_MAX_TOKENS', get('RATE_LIMIT_DEFAULT_MAX_TOKENS'), 0, 1_000_000_000),
    redisTimeoutMs: integer('AEGIS_REDIS_TIMEOUT_MS', get('AEGIS_REDIS_TIMEOUT_MS'), 1, 10_000),
    reservationTtlMs: integer('AEGIS_RESERVATION_TTL_MS', get('AEGIS_RESERVATION_TTL_MS'), 1000, 86_400_000),
    usageToken: optional(env, 'AEGIS_USAGE_TOKEN'),
    corsOrigins: list(env['CORS_ORIGINS']),
    mlEnabled: bool('ML_ENABLED', get('ML_ENABLED')),
    mlModelDir: optional(env, 'ML_MODEL_DIR'),
    workers: workers(get('AEGIS_WORKERS')),
    jwt: readJwtConfig(env),
    shutdownGraceMs: integer('AEGIS_SHUTDOWN_GRACE_MS', get('AEGIS_SHUTDOWN_GRACE_MS'), 0, 600_000),
    drainDelayMs: integer('AEGIS_DRAIN_DELAY_MS', get('AEGIS_DRAIN_DELAY_MS'), 0, 600_000),
    reloadIntervalMs: integer('AEGIS_RELOAD_INTERVAL_MS', get('AEGIS_RELOAD_INTERVAL_MS'), 0, 3_600_000),
    providerKeys: {
      openai: optional(env, 'OPENAI_API_KEY'),
      anthropic: optional(env, 'ANTHROPIC_API_KEY'),
      azureOpenai: optional(env, 'AZURE_OPENAI_KEY'),
      azureEndpoint: optional(env, 'AZURE_OPENAI_ENDPOINT'),
      google: optional(env, 'GOOGLE_AI_API_KEY'),
    },
  };
  rejectContradictions(config);
  return config;
}

function rejectContradictions(config: AuthzConfig): void {
  if (config.redisUrl && !/^rediss?:\/\/./.test(config.redisUrl)) fail('REDIS_URL', 'must be a redis:// or rediss:// URL');
  if (config.mlEnabled && !config.mlModelDir) fail('ML_MODEL_DIR', 'must be set when ML_ENABLED is true');
  if (config.providerKeys.azureOpenai && !config.providerKeys.azureEndpoint) {
    fail('AZURE_OPENAI_ENDPOINT', 'must be set when AZURE_OPENAI_KEY is set');
  }
}

function fail(variable: string, message: string): never {
  throw new ConfigError(AUTHZ_FAILURES.configInvalid.code, variable, message);
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function port(name: string, raw: string): number {
  return integer(name, raw, 0, 65535);
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(raw)) fail(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function workers(raw: string): number {
  if (raw.toLowerCase() === 'auto') return Math.min(availableParallelism(), 64);
  return integer('AEGIS_WORKERS', raw, 1, 64);
}

function bool(name: string, raw: string): boolean {
  const value = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  return fail(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  return fail(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
