// The Envoy baselines are the shipped config with filters taken out — never copies.
import t from 'tap';
import YAML from 'yaml';
import { renderEnvoyConfig } from '../../scripts/stack/envoy-config.js';
import { deriveVariant, type EnvoyVariant } from '../src/envoy.js';

const rendered = renderEnvoyConfig({
  listenAddress: '127.0.0.1', listenPort: 10000, adminPort: 0, wasmFile: '/x/aegis_filter.wasm', filterConfig: {},
  authzHost: '127.0.0.1', authzPort: 9191, authzTimeout: '2s', failureModeAllow: false, upstreamHost: '127.0.0.1', upstreamPort: 8090,
});

interface Config {
  static_resources: { listeners: { filter_chains: { filters: { typed_config: { http_filters: { name: string }[] } }[] }[] }[]; clusters: { name: string }[] };
}

function shape(variant: EnvoyVariant): { filters: string[]; clusters: string[] } {
  const c = YAML.parse(deriveVariant(rendered, variant)) as Config;
  return {
    filters: c.static_resources.listeners[0]?.filter_chains[0]?.filters[0]?.typed_config.http_filters.map((f) => f.name) ?? [],
    clusters: c.static_resources.clusters.map((x) => x.name),
  };
}

t.test('each variant keeps exactly the filters it is named for, in the shipped order', async (t) => {
  t.same(shape('full').filters, ['envoy.filters.http.wasm', 'envoy.filters.http.ext_authz', 'envoy.filters.http.router']);
  t.same(shape('filter').filters, ['envoy.filters.http.wasm', 'envoy.filters.http.router']);
  t.same(shape('peer').filters, ['envoy.filters.http.ext_authz', 'envoy.filters.http.router']);
  t.same(shape('passthrough').filters, ['envoy.filters.http.router']);
});

t.test('the full chain is the rendered file itself, and the authz cluster goes only where ext_authz goes', async (t) => {
  t.equal(deriveVariant(rendered, 'full'), rendered);
  t.ok(shape('peer').clusters.includes('aegis_authz'));
  t.notOk(shape('passthrough').clusters.includes('aegis_authz'));
  t.notOk(shape('filter').clusters.includes('aegis_authz'));
  t.same(shape('passthrough').clusters.filter((c) => c !== 'aegis_authz'), shape('full').clusters.filter((c) => c !== 'aegis_authz'), 'every other cluster is kept');
});

t.test('a template without the filter a variant removes is an error, not a silent baseline', async (t) => {
  const noWasm = deriveVariant(rendered, 'peer');
  t.throws(() => deriveVariant(noWasm, 'passthrough'), /no envoy\.filters\.http\.wasm filter to take out for the passthrough variant/);
});
