// Who is calling: an Aegis API key, or a JWT when JWT is configured. Pure apart from the
// JWT verifier, which may need a promise (a JWKS fetch, or WebCrypto) on a cache miss.
import { extractApiKey } from './api-key.js';
import { AUTHZ_ERRORS, type CatalogEntry } from './errors.js';
import type { KeyStore } from './key-store.js';

export type IdentityKind = 'api_key' | 'jwt';

export interface Identity {
  readonly kind: IdentityKind;
  readonly tenant: string;
  /** The key id, or `jwt:` and 12 hex of sha256(iss, sub): never a token or a raw subject. */
  readonly principal: string;
  /** JWT payload, or the key's `claims` from the keys file; policy rules match on them. */
  readonly claims: Readonly<Record<string, unknown>>;
}

export type IdentityResult =
  | { readonly ok: true; readonly identity: Identity }
  /** `reason` is for the log (a jose error code, "no credential"): never the token. */
  | { readonly ok: false; readonly error: CatalogEntry; readonly reason: string };

export interface JwtVerifier {
  verify(token: string): IdentityResult | Promise<IdentityResult>;
}

const BEARER_JWT = /^bearer[ \t]+(eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)[ \t]*$/i;

/** A bearer JWT goes to the verifier when one is configured; anything else is an API key. */
export function identify(headers: Readonly<Record<string, string>>, keys: KeyStore, jwt: JwtVerifier | undefined): IdentityResult | Promise<IdentityResult> {
  const token = jwt ? BEARER_JWT.exec(headers['authorization'] ?? '')?.[1] : undefined;
  if (jwt && token) return jwt.verify(token);
  return identifyByKey(headers, keys);
}

export function identifyByKey(headers: Readonly<Record<string, string>>, keys: KeyStore): IdentityResult {
  const presented = extractApiKey(headers);
  if (presented === undefined) return unauthenticated(AUTHZ_ERRORS.unauthenticated, 'no credential');
  const entry = keys.lookup(presented);
  if (!entry) return unauthenticated(AUTHZ_ERRORS.unauthenticated, 'unknown key');
  return { ok: true, identity: { kind: 'api_key', tenant: entry.tenant, principal: entry.id, claims: entry.claims ?? {} } };
}

export function unauthenticated(error: CatalogEntry, reason: string): IdentityResult {
  return { ok: false, error, reason };
}
