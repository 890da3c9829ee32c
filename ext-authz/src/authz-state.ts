// The live policy, key store and JWT verifier, swapped whole on reload (file change or
// SIGHUP). A failed reload keeps the last good state and marks the service degraded until a
// reload of that source succeeds.
import type { AuthzConfig } from './config.js';
import { ConfigError } from './errors.js';
import { fingerprint } from './file-fingerprint.js';
import type { JwtVerifier } from './identity.js';
import { loadJwksFile } from './jwks-file.js';
import { createJwtVerifier, localKeySet, remoteKeySet } from './jwt-verifier.js';
import { createKeyStore, type KeyEntry, type KeyStore } from './key-store.js';
import { demoKeyEntry, loadKeysFile } from './keys-file.js';
import type { Logger } from './logger.js';
import type { AuthzMetrics } from './metrics.js';
import { loadPolicy } from './policy-loader.js';
import type { Policy } from './policy-types.js';

export interface Snapshot {
  readonly policy: Policy;
  readonly keys: KeyStore;
  /** undefined when JWT is not configured. */
  readonly jwt: JwtVerifier | undefined;
  /** Tenants named by the policy or the keys: the only tenant metric labels. */
  readonly knownTenants: ReadonlySet<string>;
}

export interface ReloadStatus {
  readonly degraded: boolean;
  readonly errors: readonly string[];
}

export interface AuthzState {
  current(): Snapshot;
  status(): ReloadStatus;
  /** Reloads every source now; returns true when all loaded. */
  reload(reason: string): boolean;
  close(): void;
}

export type Source = 'policy' | 'keys' | 'jwks';

interface Loaded {
  policy: Policy;
  keys: KeyStore;
  jwt: JwtVerifier | undefined;
}

/** Loads every source or throws ConfigError: a bad config fails start-up. */
export function createAuthzState(config: AuthzConfig, logger: Logger, metrics: AuthzMetrics): AuthzState {
  const loaders = sourceLoaders(config);
  const live: Loaded = { policy: loaders.policy(), keys: loaders.keys(), jwt: loaders.jwks() };
  let snapshot = makeSnapshot(live);
  const errors = new Map<Source, string>();
  const watched = watchedFiles(config);
  const prints = new Map([...watched].map(([source, path]) => [source, fingerprint(path)]));
  for (const source of sources(config)) metrics.observeReload(source, 'success');
  loaders.warm?.().then(
    () => logger.info({ event: 'jwks_fetched' }, 'JWKS fetched'),
    (err: unknown) => logger.warn({ event: 'jwks_fetch_failed', code: 'authz.jwks_unavailable', error: String(err) }, 'JWKS fetch failed; retried on the first token'),
  );

  function attempt(source: Source, reason: string): boolean {
    try {
      apply(live, source, loaders);
      errors.delete(source);
      metrics.observeReload(source, 'success');
      logger.info({ event: 'reload', source, reason, policy_version: live.policy.version, keys: live.keys.size }, `${source} reloaded`);
      return true;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.set(source, err.message);
      metrics.observeReload(source, 'failure');
      logger.warn({ event: 'reload_failed', source, reason, code: err.code, error: err.message }, `${source} reload failed; keeping the last good ${source}`);
      return false;
    }
  }

  function reload(reason: string, only?: Source): boolean {
    const results = sources(config).filter((s) => !only || s === only).map((s) => attempt(s, reason));
    snapshot = makeSnapshot(live);
    return results.every(Boolean);
  }

  function poll(): void {
    for (const [source, path] of watched) {
      const next = fingerprint(path);
      if (next === prints.get(source)) continue;
      prints.set(source, next);
      reload('file-change', source);
    }
  }

  const timer = config.reloadIntervalMs > 0 && watched.size > 0 ? setInterval(poll, config.reloadIntervalMs) : undefined;
  timer?.unref();
  return {
    current: () => snapshot,
    status: () => ({ degraded: errors.size > 0, errors: [...errors.values()] }),
    reload: (reason) => reload(reason),
    close: () => clearInterval(timer),
  };
}

interface Loaders {
  /** Fetches a JWKS URL ahead of the first token. */
  readonly warm: (() => Promise<void>) | undefined;
  policy(): Policy;
  keys(): KeyStore;
  jwks(): JwtVerifier | undefined;
}

function sourceLoaders(config: AuthzConfig): Loaders {
  const jwt = config.jwt;
  // A JWKS URL is fetched and cached by jose (refetched on an unknown kid); one verifier for the process.
  const keySet = jwt?.jwksUrl ? remoteKeySet(jwt.jwksUrl, jwt.jwksCacheMs) : undefined;
  const remote = keySet && jwt ? createJwtVerifier(keySet, jwt) : undefined;
  return {
    warm: keySet && (() => keySet.reload()),
    policy: () => loadPolicy(config.policyPath),
    keys: () => loadKeys(config),
    jwks: () => (jwt?.jwksFile ? createJwtVerifier(localKeySet(loadJwksFile(jwt.jwksFile)), jwt) : remote),
  };
}

function apply(live: Loaded, source: Source, loaders: Loaders): void {
  if (source === 'policy') live.policy = loaders.policy();
  else if (source === 'keys') live.keys = loaders.keys();
  else live.jwt = loaders.jwks();
}

function sources(config: AuthzConfig): Source[] {
  return config.jwt?.jwksFile ? ['policy', 'keys', 'jwks'] : ['policy', 'keys'];
}

function watchedFiles(config: AuthzConfig): Map<Source, string> {
  const files = new Map<Source, string>();
  if (config.policyPath) files.set('policy', config.policyPath);
  if (config.keysFile) files.set('keys', config.keysFile);
  if (config.jwt?.jwksFile) files.set('jwks', config.jwt.jwksFile);
  return files;
}

function loadKeys(config: AuthzConfig): KeyStore {
  const entries: KeyEntry[] = config.keysFile ? loadKeysFile(config.keysFile) : [];
  if (config.demoKey) entries.push(demoKeyEntry(config.demoKey));
  return createKeyStore(entries);
}

function makeSnapshot(live: Loaded): Snapshot {
  return { ...live, knownTenants: new Set([...live.keys.tenants, ...live.policy.tenants.keys()]) };
}
