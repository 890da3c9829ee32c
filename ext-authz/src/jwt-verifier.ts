// JWT verification with jose: signature against the JWKS, an algorithm allowlist (never
// `none`, never HS*), `iss`, `aud`, `exp` (required) and `nbf` with a clock skew, and a tenant
// claim. A verified token is cached until it expires (at most a minute). A JWKS that cannot be
// fetched is not the caller's fault: it throws JwksUnavailableError, a gRPC error to Envoy.
import { createHash } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AUTHZ_ERRORS } from './errors.js';
import { unauthenticated, type Identity, type IdentityResult, type JwtVerifier } from './identity.js';
import type { JwtConfig } from './jwt-config.js';
import { TENANT_PATTERN } from './keys-file.js';
import { createTokenCache } from './token-cache.js';

const TENANT = new RegExp(TENANT_PATTERN);

/** The JWKS URL could not be fetched (or answered garbage): an infrastructure failure. */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
}

export function localKeySet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}

export function remoteKeySet(url: URL, cacheMs: number): ReturnType<typeof createRemoteJWKSet> {
  return createRemoteJWKSet(url, { cacheMaxAge: cacheMs, cooldownDuration: 30_000, timeoutDuration: 2_000 });
}

export function createJwtVerifier(keys: JWTVerifyGetKey, config: JwtConfig): JwtVerifier {
  const cache = createTokenCache();
  const options = {
    issuer: config.issuer,
    audience: [...config.audience],
    algorithms: [...config.algorithms],
    clockTolerance: config.clockToleranceS,
    requiredClaims: ['exp'],
  };
  return {
    verify(token) {
      const now = Date.now();
      const cached = cache.get(token, now);
      if (cached) return { ok: true, identity: cached };
      return jwtVerify(token, keys, options).then(
        ({ payload }) => accept(payload, config.tenantClaim, (identity) => cache.set(token, identity, (payload.exp ?? 0) * 1000, Date.now())),
        refuse,
      );
    },
  };
}

function accept(payload: JWTPayload, tenantClaim: string, remember: (identity: Identity) => void): IdentityResult {
  const tenant = payload[tenantClaim];
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) return unauthenticated(AUTHZ_ERRORS.jwtInvalid, `tenant claim "${tenantClaim}" missing or invalid`);
  const principal = `jwt:${createHash('sha256').update(`${payload.iss ?? ''}\n${payload.sub ?? ''}`).digest('hex').slice(0, 12)}`;
  const identity: Identity = { kind: 'jwt', tenant, principal, claims: payload };
  remember(identity);
  return { ok: true, identity };
}

/** jose's plain JOSEError (ERR_JOSE_GENERIC) is a JWKS response that is not 200 or not JSON. */
function refuse(err: unknown): IdentityResult {
  const infrastructure = err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || !(err instanceof errors.JOSEError) || err.code === 'ERR_JOSE_GENERIC';
  if (infrastructure) {
    throw new JwksUnavailableError(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  }
  if (err instanceof errors.JWTExpired) return unauthenticated(AUTHZ_ERRORS.jwtExpired, err.code);
  const detail = err instanceof errors.JWTClaimValidationFailed ? `${err.code}: ${err.claim}` : err.code;
  return unauthenticated(AUTHZ_ERRORS.jwtInvalid, detail);
}
