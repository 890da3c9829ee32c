// JWT settings from the environment. JWT is off unless a JWKS (file or URL) is given; then an
// issuer and an audience are required, and only asymmetric algorithms may be allowed: `none`
// and HS* are refused, so a public JWKS key can never serve as an HMAC secret.
import { AUTHZ_FAILURES, ConfigError } from './errors.js';

export interface JwtConfig {
  readonly jwksFile: string | undefined;
  readonly jwksUrl: URL | undefined;
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly algorithms: readonly string[];
  /** The claim that names the tenant (exact name; namespaced URLs allowed). */
  readonly tenantClaim: string;
  readonly clockToleranceS: number;
  /** How long a fetched JWKS is used before it is fetched again (an unknown `kid` refetches sooner). */
  readonly jwksCacheMs: number;
}

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

export const JWT_DEFAULTS = Object.freeze({
  AEGIS_JWT_ALGORITHMS: 'RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA',
  AEGIS_JWT_TENANT_CLAIM: 'tenant',
  AEGIS_JWT_CLOCK_SKEW_S: '30',
  AEGIS_JWKS_CACHE_MS: '600000',
});

type Env = Readonly<Record<string, string | undefined>>;

export function readJwtConfig(env: Env): JwtConfig | undefined {
  const jwksFile = value(env, 'AEGIS_JWT_JWKS_FILE');
  const rawUrl = value(env, 'AEGIS_JWT_JWKS_URL');
  const issuer = value(env, 'AEGIS_JWT_ISSUER');
  const audience = list(value(env, 'AEGIS_JWT_AUDIENCE'));
  if (!jwksFile && !rawUrl) {
    if (issuer) fail('AEGIS_JWT_JWKS_FILE', 'set it or AEGIS_JWT_JWKS_URL when AEGIS_JWT_ISSUER is set');
    return undefined;
  }
  if (jwksFile && rawUrl) fail('AEGIS_JWT_JWKS_URL', 'set AEGIS_JWT_JWKS_FILE or AEGIS_JWT_JWKS_URL, not both');
  if (!issuer) fail('AEGIS_JWT_ISSUER', 'must be set when JWT is enabled (the iss every token must carry)');
  if (audience.length === 0) fail('AEGIS_JWT_AUDIENCE', 'must be set when JWT is enabled (the aud every token must carry)');
  return {
    jwksFile,
    jwksUrl: rawUrl === undefined ? undefined : jwksUrl(rawUrl),
    issuer,
    audience,
    algorithms: algorithms(value(env, 'AEGIS_JWT_ALGORITHMS') ?? JWT_DEFAULTS.AEGIS_JWT_ALGORITHMS),
    tenantClaim: value(env, 'AEGIS_JWT_TENANT_CLAIM') ?? JWT_DEFAULTS.AEGIS_JWT_TENANT_CLAIM,
    clockToleranceS: integer('AEGIS_JWT_CLOCK_SKEW_S', value(env, 'AEGIS_JWT_CLOCK_SKEW_S') ?? JWT_DEFAULTS.AEGIS_JWT_CLOCK_SKEW_S, 0, 600),
    jwksCacheMs: integer('AEGIS_JWKS_CACHE_MS', value(env, 'AEGIS_JWKS_CACHE_MS') ?? JWT_DEFAULTS.AEGIS_JWKS_CACHE_MS, 1000, 86_400_000),
  };
}

/** https only, except on loopback (tests, a local identity provider). */
function jwksUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('AEGIS_JWT_JWKS_URL', `not a URL: "${raw}"`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) fail('AEGIS_JWT_JWKS_URL', 'must be https (http only for localhost)');
  return url;
}

function algorithms(raw: string): string[] {
  const names = list(raw);
  if (names.length === 0) fail('AEGIS_JWT_ALGORITHMS', 'must name at least one algorithm');
  for (const name of names) {
    if (name.toLowerCase() === 'none') fail('AEGIS_JWT_ALGORITHMS', '"none" is never accepted');
    if (/^HS/i.test(name)) fail('AEGIS_JWT_ALGORITHMS', `${name}: symmetric algorithms are refused (a public key must never serve as an HMAC secret)`);
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(name)) fail('AEGIS_JWT_ALGORITHMS', `${name}: must be one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`);
  }
  return names;
}

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function integer(name: string, raw: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) fail(name, `must be a whole number between ${min} and ${max}, got "${raw}"`);
  return n;
}

function fail(variable: string, message: string): never {
  throw new ConfigError(AUTHZ_FAILURES.configInvalid.code, variable, message);
}
