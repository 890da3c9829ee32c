// Renders envoy/aegis-local.yaml: every ${NAME} placeholder is replaced, and a
// placeholder without a value is an error, so Envoy never starts on a half-filled config.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

/**
 * Where the provider clusters point: `mock` (the default: npm start, the tests, the bench)
 * sends every provider to the mock LLM over plain HTTP; `providers` to the real APIs over
 * TLS. `npm start` reads it from AEGIS_UPSTREAM.
 */
export type UpstreamMode = 'mock' | 'providers';

export interface EnvoyConfigValues {
  listenAddress: string;
  listenPort: number;
  adminPort: number;
  wasmFile: string;
  /** The filter's configuration object; serialised to JSON for the Wasm `configuration`. */
  filterConfig: Record<string, unknown>;
  authzHost: string;
  authzPort: number;
  /** More authz replicas on authzHost (a rollout, the bench); the first is authzPort. */
  authzExtraPorts?: number[];
  authzTimeout: string;
  failureModeAllow: boolean;
  /** The mock LLM: where every provider cluster points in mock mode. */
  upstreamHost: string;
  upstreamPort: number;
  /** Default `mock`. */
  upstreamMode?: UpstreamMode;
  /** The Azure OpenAI resource, `https://<name>.openai.azure.com` (AZURE_OPENAI_ENDPOINT); providers mode only. */
  azureEndpoint?: string | undefined;
  /** The authz admin HTTP port, for the filter's usage reports. Default: authzHost, 8081. */
  authzAdminHost?: string;
  authzAdminPort?: number;
}

export const defaultTemplate = join(repoRoot, 'envoy', 'aegis-local.yaml');

/** The system CA bundle (Debian, Ubuntu, Alpine with ca-certificates) the provider certificates are checked against. */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const PROVIDER_HOSTS = {
  OPENAI: 'api.openai.com',
  ANTHROPIC: 'api.anthropic.com',
  GOOGLE: 'generativelanguage.googleapis.com',
} as const;

/** Used when AZURE_OPENAI_ENDPOINT is unset: never resolves, so Azure routes fail 503 instead of going anywhere. */
const AZURE_UNSET_HOST = 'azure-openai-endpoint-unset.invalid';

export function upstreamModeFromEnv(value: string | undefined): UpstreamMode {
  if (value === undefined || value === '' || value === 'mock') return 'mock';
  if (value === 'providers') return 'providers';
  throw new Error(`AEGIS_UPSTREAM must be "mock" or "providers", got ${JSON.stringify(value)}`);
}

/** host and port of AZURE_OPENAI_ENDPOINT (an https URL; port 443 unless it names one). */
export function azureHostPort(endpoint: string | undefined): { host: string; port: number } {
  if (!endpoint) return { host: AZURE_UNSET_HOST, port: 443 };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`AZURE_OPENAI_ENDPOINT must be a URL like https://<resource>.openai.azure.com, got ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'https:') throw new Error(`AZURE_OPENAI_ENDPOINT must be an https URL, got ${JSON.stringify(endpoint)}`);
  return { host: url.hostname, port: url.port ? Number(url.port) : 443 };
}

const RAW_BUFFER = {
  name: 'envoy.transport_sockets.raw_buffer',
  typed_config: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer' },
};

/** TLS to a provider: SNI, chain checked against the system CA bundle, name checked against the host. */
export function tlsTransportSocket(host: string): object {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      sni: host,
      common_tls_context: {
        validation_context: {
          trusted_ca: { filename: SYSTEM_CA_BUNDLE },
          match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: host } }],
        },
      },
    },
  };
}

interface Upstream {
  host: string;
  port: number;
  tls: boolean;
}

function providerUpstreams(v: EnvoyConfigValues): Record<'OPENAI' | 'AZURE' | 'ANTHROPIC' | 'GOOGLE', Upstream> {
  if ((v.upstreamMode ?? 'mock') === 'mock') {
    const mock = { host: v.upstreamHost, port: v.upstreamPort, tls: false };
    return { OPENAI: mock, AZURE: mock, ANTHROPIC: mock, GOOGLE: mock };
  }
  const real = (host: string, port = 443): Upstream => ({ host, port, tls: true });
  const azure = azureHostPort(v.azureEndpoint);
  return { OPENAI: real(PROVIDER_HOSTS.OPENAI), AZURE: real(azure.host, azure.port), ANTHROPIC: real(PROVIDER_HOSTS.ANTHROPIC), GOOGLE: real(PROVIDER_HOSTS.GOOGLE) };
}

function providerValues(v: EnvoyConfigValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, u] of Object.entries(providerUpstreams(v))) {
    out[`${name}_HOST`] = u.host;
    out[`${name}_PORT`] = String(u.port);
    // A JSON object is a YAML flow mapping: the whole transport socket on one line.
    out[`${name}_TLS`] = JSON.stringify(u.tls ? tlsTransportSocket(u.host) : RAW_BUFFER);
  }
  return out;
}

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
    // JSON is YAML flow syntax: the endpoint list drops into the template as one value.
    AUTHZ_ENDPOINTS: JSON.stringify(
      [v.authzPort, ...(v.authzExtraPorts ?? [])].map((port) => ({ endpoint: { address: { socket_address: { address: v.authzHost, port_value: port } } } })),
    ),
    AUTHZ_TIMEOUT: v.authzTimeout,
    FAILURE_MODE_ALLOW: String(v.failureModeAllow),
    UPSTREAM_HOST: v.upstreamHost,
    UPSTREAM_PORT: String(v.upstreamPort),
    AUTHZ_ADMIN_HOST: v.authzAdminHost ?? v.authzHost,
    AUTHZ_ADMIN_PORT: String(v.authzAdminPort ?? 8081),
    ...providerValues(v),
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
