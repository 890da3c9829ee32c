// The live policy and key store, swapped whole on reload (file change or SIGHUP). A failed
// reload keeps the last good state and marks the service degraded until a reload succeeds.
import type { AuthzConfig } from './config.js';
import { ConfigError } from './errors.js';
import { fingerprint } from './file-fingerprint.js';
import { createKeyStore, type KeyEntry, type KeyStore } from './key-store.js';
import { demoKeyEntry, loadKeysFile } from './keys-file.js';
import type { Logger } from './logger.js';
import type { AuthzMetrics } from './metrics.js';
import { loadPolicy } from './policy-loader.js';
import type { Policy } from './policy-types.js';

export interface Snapshot {
  readonly policy: Policy;
  readonly keys: KeyStore;
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
  /** Reloads policy and keys now; returns true when both loaded. */
  reload(reason: string): boolean;
  close(): void;
}

type Source = 'policy' | 'keys';

/** Loads policy and keys or throws ConfigError: a bad config fails start-up. */
export function createAuthzState(config: AuthzConfig, logger: Logger, metrics: AuthzMetrics): AuthzState {
  let policy = loadPolicy(config.policyPath);
  let keys = loadKeys(config);
  let snapshot = makeSnapshot(policy, keys);
  const errors = new Map<Source, string>();
  const prints = { policy: fingerprintOf(config.policyPath), keys: fingerprintOf(config.keysFile) };
  metrics.observeReload('policy', 'success');
  metrics.observeReload('keys', 'success');

  function attempt<T>(source: Source, load: () => T, apply: (value: T) => void, reason: string): boolean {
    try {
      apply(load());
      errors.delete(source);
      metrics.observeReload(source, 'success');
      logger.info({ event: 'reload', source, reason, policy_version: policy.version, keys: keys.size }, `${source} reloaded`);
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
    const okPolicy = only === 'keys' || attempt('policy', () => loadPolicy(config.policyPath), (p) => (policy = p), reason);
    const okKeys = only === 'policy' || attempt('keys', () => loadKeys(config), (k) => (keys = k), reason);
    snapshot = makeSnapshot(policy, keys);
    return okPolicy && okKeys;
  }

  function poll(): void {
    const next = { policy: fingerprintOf(config.policyPath), keys: fingerprintOf(config.keysFile) };
    for (const source of ['policy', 'keys'] as const) {
      if (next[source] === prints[source]) continue;
      prints[source] = next[source];
      reload('file-change', source);
    }
  }

  const timer = config.reloadIntervalMs > 0 && (config.policyPath || config.keysFile) ? setInterval(poll, config.reloadIntervalMs) : undefined;
  timer?.unref();
  return {
    current: () => snapshot,
    status: () => ({ degraded: errors.size > 0, errors: [...errors.values()] }),
    reload: (reason) => reload(reason),
    close: () => clearInterval(timer),
  };
}

function loadKeys(config: AuthzConfig): KeyStore {
  const entries: KeyEntry[] = config.keysFile ? loadKeysFile(config.keysFile) : [];
  if (config.demoKey) entries.push(demoKeyEntry(config.demoKey));
  return createKeyStore(entries);
}

function makeSnapshot(policy: Policy, keys: KeyStore): Snapshot {
  return { policy, keys, knownTenants: new Set([...keys.tenants, ...policy.tenants.keys()]) };
}

function fingerprintOf(path: string | undefined): string {
  return path === undefined ? '' : fingerprint(path);
}
