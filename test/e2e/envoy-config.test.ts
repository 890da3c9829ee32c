// The local Envoy template in both upstream modes: rendered, read back as YAML, and
// checked by Envoy itself (`--mode validate`: the whole config is built, TLS contexts and
// the CA bundle included, without opening a socket). Providers mode is validated only: these
// machines have no internet, so no test talks to a real provider.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envoyBinary } from '../../scripts/stack/envoy-binary.js';
import { azureHostPort, renderEnvoyConfig, SYSTEM_CA_BUNDLE, upstreamModeFromEnv, type EnvoyConfigValues } from '../../scripts/stack/envoy-config.js';
import { repoRoot } from '../../scripts/stack/repo-root.js';

const BASE: EnvoyConfigValues = {
  listenAddress: '127.0.0.1',
  listenPort: 0,
  adminPort: 0,
  wasmFile: join(repoRoot, 'build', 'aegis_filter.wasm'),
  filterConfig: {},
  authzHost: '127.0.0.1',
  authzPort: 9191,
  authzTimeout: '0.5s',
  failureModeAllow: false,
  upstreamHost: '127.0.0.1',
  upstreamPort: 8090,
  authzAdminPort: 8081,
};

interface Cluster {
  name: string;
  load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string; port_value: number } } } }[] }[] };
  transport_socket?: { name: string; typed_config: Record<string, any> };
}

function clusters(yaml: string): Map<string, Cluster> {
  const config = parse(yaml) as { static_resources: { clusters: Cluster[] } };
  return new Map(config.static_resources.clusters.map((c) => [c.name, c]));
}

function address(c: Cluster | undefined): string {
  const s = c?.load_assignment.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address;
  return `${s?.address}:${s?.port_value}`;
}

function validate(t: Test, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-envoy-validate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'envoy.yaml');
  writeFileSync(path, yaml);
  try {
    return execFileSync(envoyBinary(), ['--mode', 'validate', '-c', path, '-l', 'error'], { encoding: 'utf8', timeout: 60_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `FAILED ${e.stdout ?? ''} ${e.stderr ?? ''}`;
  }
}

const PROVIDERS = { openai: 'api.openai.com', azure: 'myres.openai.azure.com', anthropic: 'api.anthropic.com', google: 'generativelanguage.googleapis.com' };

t.test('mock mode: every provider cluster is the mock LLM over plain HTTP, and Envoy accepts it', async (t) => {
  const yaml = renderEnvoyConfig(BASE);
  const byName = clusters(yaml);
  for (const provider of Object.keys(PROVIDERS)) {
    const c = byName.get(`provider_${provider}`);
    t.equal(address(c), '127.0.0.1:8090', `${provider} → the mock`);
    t.equal(c?.transport_socket?.name, 'envoy.transport_sockets.raw_buffer');
  }
  t.equal(address(byName.get('aegis_authz_admin')), '127.0.0.1:8081', 'the usage-report cluster points at the authz admin port');
  t.match(validate(t, yaml), /OK/);
});

t.test('providers mode: TLS to each real host with SNI, the system CA bundle and a name check', async (t) => {
  const yaml = renderEnvoyConfig({ ...BASE, upstreamMode: 'providers', azureEndpoint: 'https://myres.openai.azure.com/' });
  const byName = clusters(yaml);
  for (const [provider, host] of Object.entries(PROVIDERS)) {
    const c = byName.get(`provider_${provider}`);
    t.equal(address(c), `${host}:443`, `${provider} → ${host}`);
    t.match(c?.transport_socket, {
      name: 'envoy.transport_sockets.tls',
      typed_config: {
        sni: host,
        common_tls_context: { validation_context: { trusted_ca: { filename: SYSTEM_CA_BUNDLE }, match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: host } }] } },
      },
    });
  }
  const routes = (parse(yaml) as any).static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes as any[];
  t.same(
    routes.map((r) => [r.route.cluster, r.route.host_rewrite_literal, r.typed_per_filter_config['envoy.filters.http.ext_authz'].check_settings.context_extensions.provider]),
    Object.entries(PROVIDERS).map(([p, host]) => [`provider_${p}`, host, p]),
    'each route rewrites Host to its provider and names the provider to the authz service',
  );
  t.match(validate(t, yaml), /OK/, 'envoy --mode validate accepts it (the CA bundle is loaded)');
  const broken = yaml.replaceAll(SYSTEM_CA_BUNDLE, '/nonexistent/ca.crt');
  t.match(validate(t, broken), /FAILED[\s\S]*nonexistent/, 'and validation really checks the TLS context');
});

t.test('the switch and the Azure endpoint are checked', async (t) => {
  t.equal(upstreamModeFromEnv(undefined), 'mock');
  t.equal(upstreamModeFromEnv('providers'), 'providers');
  t.throws(() => upstreamModeFromEnv('real'), /AEGIS_UPSTREAM must be "mock" or "providers"/);
  t.same(azureHostPort('https://x.openai.azure.com'), { host: 'x.openai.azure.com', port: 443 });
  t.same(azureHostPort('https://x.example:8443/'), { host: 'x.example', port: 8443 });
  t.throws(() => azureHostPort('http://x.openai.azure.com'), /https/);
  t.throws(() => azureHostPort('not a url'), /URL/);
  t.match(azureHostPort(undefined).host, /\.invalid$/, 'unset: a name that never resolves, so Azure routes fail closed');
});
