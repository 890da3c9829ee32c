// Renders envoy/aegis-local.yaml: every ${NAME} placeholder is replaced, and a
// placeholder without a value is an error, so Envoy never starts on a half-filled config.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface EnvoyConfigValues {
  listenAddress: string;
  listenPort: number;
  adminPort: number;
  wasmFile: string;
  /** The filter's configuration object; serialised to JSON for the Wasm `configuration`. */
  filterConfig: Record<string, unknown>;
  authzHost: string;
  authzPort: number;
  authzTimeout: string;
  failureModeAllow: boolean;
  upstreamHost: string;
  upstreamPort: number;
}

export const defaultTemplate = join(repoRoot, 'envoy', 'aegis-local.yaml');

function placeholderValues(v: EnvoyConfigValues): Record<string, string> {
  return {
    LISTEN_ADDRESS: v.listenAddress,
    LISTEN_PORT: String(v.listenPort),
    ADMIN_PORT: String(v.adminPort),
    WASM_FILE: JSON.stringify(v.wasmFile),
    // A YAML double-quoted scalar accepts JSON string escapes, so a JSON-encoded string of
    // the JSON config lands in Envoy as exactly that JSON text.
    FILTER_CONFIG: JSON.stringify(JSON.stringify(v.filterConfig)),
    AUTHZ_HOST: v.authzHost,
    AUTHZ_PORT: String(v.authzPort),
    AUTHZ_TIMEOUT: v.authzTimeout,
    FAILURE_MODE_ALLOW: String(v.failureModeAllow),
    UPSTREAM_HOST: v.upstreamHost,
    UPSTREAM_PORT: String(v.upstreamPort),
  };
}

export function renderEnvoyConfig(values: EnvoyConfigValues, template = defaultTemplate): string {
  const text = readFileSync(template, 'utf8');
  const table = placeholderValues(values);
  return text
    .split('\n')
    .map((line) => {
      if (line.trimStart().startsWith('#')) return line;
      return line.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
        const value = table[name];
        if (value === undefined) throw new Error(`${template}: unknown placeholder \${${name}}`);
        return value;
      });
    })
    .join('\n');
}
